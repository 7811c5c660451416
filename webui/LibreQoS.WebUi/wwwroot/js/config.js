// lqos.conf editor: validated and backed up by lqosd; secrets are never shown, only whether they are set.
import { api, el } from './common.js';
import { mountNav, session } from './nav.js';

await mountNav('/config');
const app = document.querySelector('#app');
const view = await api('/api/config');
const admin = session.role === 'admin';
const inputs = new Map();
const message = el('div', { id: 'config-message', class: 'message hidden' });

const sections = [...new Set(view.settings.map(s => s.section))].map(section => el('fieldset', {}, el('legend', {}, section),
  view.settings.filter(s => s.section === section).map(s => {
    let input;
    if (s.kind === 'Boolean') input = el('select', { id: s.key }, el('option', { value: 'true', selected: s.value === 'true' }, 'true'), el('option', { value: 'false', selected: s.value !== 'true' }, 'false'));
    else if (s.secret) input = el('input', { type: 'password', id: s.key, autocomplete: 'off', placeholder: s.configured ? 'set (leave empty to keep)' : 'not set' });
    else input = el('input', { type: s.kind === 'Number' ? 'number' : 'text', id: s.key, value: s.value ?? '' });
    if (!admin) input.disabled = true;
    inputs.set(s.key, { input, original: s.secret ? '' : (s.kind === 'Boolean' ? (s.value === 'true' ? 'true' : 'false') : s.value ?? '') });
    return [el('label', { for: s.key }, `${s.label} `, el('code', { class: 'muted' }, s.key)), input];
  })));

const save = el('button', { class: 'button', id: 'save-config', type: 'submit' }, 'Save');
app.append(...[el('h1', {}, 'Configuration'), el('p', { class: 'muted' }, `Editing ${view.path}. lqosd validates before saving and keeps the previous file as ${view.path}.webbackup.`),
  admin ? null : el('div', { class: 'message error', id: 'read-only-note' }, 'You are signed in read-only: you can look, not save.'),
  el('form', { class: 'form', id: 'config-form', onsubmit: submit }, sections, save, message)].filter(Boolean));

async function submit(event) {
  event.preventDefault();
  const changes = {};
  for (const [key, { input, original }] of inputs) if (input.value !== original) changes[key] = input.value;
  try {
    const result = await api('/api/config', { method: 'POST', body: { changes } });
    show(result.saved ? 'Saved.' : result.errors.join('\n'), result.saved);
    if (result.saved) for (const [, entry] of inputs) entry.original = entry.input.type === 'password' ? '' : entry.input.value;
  } catch (error) {
    show(error.status === 403 ? 'Not saved: only administrators can change the configuration.' : (error.data?.errors || [error.message]).join('\n'), false);
  }
}

function show(text, ok) { message.textContent = text; message.className = `message ${ok ? 'ok' : 'error'}`; }
