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
    let input, read;
    if (s.kind === 'List' || s.kind === 'IdList') ({ input, read } = listEditor(s));
    else if (s.kind === 'Boolean') input = el('select', { id: s.key }, el('option', { value: 'true', selected: s.value === 'true' }, 'true'), el('option', { value: 'false', selected: s.value !== 'true' }, 'false'));
    else if (s.secret) input = el('input', { type: 'password', id: s.key, autocomplete: 'new-password', placeholder: s.configured ? 'set (leave empty to keep)' : 'not set', 'data-secret-state': s.configured ? 'set' : 'not set' });
    else if (s.kind === 'Choice') input = el('select', { id: s.key }, (s.value && !s.choices.includes(s.value) ? [s.value, ...s.choices] : s.choices)
      .map(c => el('option', { value: c, selected: c === s.value }, c)));
    else if (s.kind === 'Number' || s.kind === 'Fraction') input = el('input', { type: 'text', inputmode: s.kind === 'Number' ? 'numeric' : 'decimal', id: s.key, value: s.value ?? '' });
    else input = el('input', { type: 'text', inputmode: s.kind === 'Url' ? 'url' : undefined, placeholder: s.kind === 'Url' ? 'https://…' : undefined, id: s.key, value: s.value ?? '' });
    read ??= () => input.value;
    if (!admin) for (const control of [input, ...input.querySelectorAll('input, button')]) control.disabled = true;
    const original = s.secret ? '' : read();
    inputs.set(s.key, { input, read, original });
    const label = el('label', { for: s.key }, `${s.label} `, el('code', { class: 'muted' }, s.key));
    if (s.secret) label.append(' ', el('span', { class: s.configured ? 'pill healthy secret-state' : 'pill offline secret-state' }, s.configured ? 'set' : 'not set'));
    return [label, input];
  })));
sections.forEach(f => { f.id = `section-${f.firstChild.textContent.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`; });
const jump = el('p', { class: 'toolbar', id: 'config-sections' }, 'Sections: ', sections.map(f => el('a', { href: `#${f.id}` }, f.firstChild.textContent)));

const save = el('button', { class: 'button', id: 'save-config', type: 'submit' }, 'Save');
app.append(...[el('h1', {}, 'Configuration'), el('p', { class: 'muted' }, `Editing ${view.path}. lqosd validates before saving and keeps the previous file as ${view.path}.webbackup.`),
  el('p', { class: 'muted' }, 'Secrets (keys, tokens, passwords) are never sent to this page: it only shows whether each is set. Leave a secret empty to keep it.'),
  jump,
  admin ? null : el('div', { class: 'message error', id: 'read-only-note' }, 'You are signed in read-only: you can look, not save.'),
  el('form', { class: 'form', id: 'config-form', onsubmit: submit }, sections, save, message)].filter(Boolean));

async function submit(event) {
  event.preventDefault();
  const changes = {};
  for (const [key, { read, original }] of inputs) {
    const value = read();
    if (JSON.stringify(value) !== JSON.stringify(original)) changes[key] = value;
  }
  try {
    const result = await api('/api/config', { method: 'POST', body: { changes } });
    show(result.saved ? 'Saved.' : result.errors.join('\n'), result.saved);
    if (result.saved) for (const [key, entry] of inputs) {
      if (entry.input.type === 'password' && entry.input.value !== '') {
        entry.input.value = '';
        entry.input.placeholder = 'set (leave empty to keep)';
        entry.input.dataset.secretState = 'set';
        const badge = document.querySelector(`label[for="${CSS.escape(key)}"] .secret-state`);
        if (badge) { badge.textContent = 'set'; badge.className = 'pill healthy secret-state'; }
      }
      entry.original = entry.input.type === 'password' ? '' : entry.read();
    }
  } catch (error) {
    show(error.status === 403 ? 'Not saved: only administrators can change the configuration.' : (error.data?.errors || [error.message]).join('\n'), false);
  }
}

/** A list setting: one text box per item, with Add and remove buttons; blank boxes are left out when saving. */
function listEditor(s) {
  const rows = el('div', { class: 'list-rows' });
  const addRow = value => {
    const item = el('input', { type: 'text', class: 'list-item', value, inputmode: s.kind === 'IdList' ? 'numeric' : undefined, 'aria-label': `${s.label}: item` });
    const row = el('div', { class: 'list-row' }, item, el('button', { type: 'button', class: 'button secondary list-remove', title: 'Remove this item', onclick: () => row.remove() }, '×'));
    rows.append(row);
    return item;
  };
  (s.items ?? []).forEach(addRow);
  const add = el('button', { type: 'button', class: 'button secondary list-add', onclick: () => addRow('').focus() }, s.kind === 'IdList' ? 'Add id' : 'Add item');
  const input = el('div', { class: 'list-editor', id: s.key, 'data-kind': s.kind }, rows, add);
  return { input, read: () => [...rows.querySelectorAll('.list-item')].map(i => i.value.trim()).filter(v => v !== '') };
}

function show(text, ok) { message.textContent = text; message.className = `message ${ok ? 'ok' : 'error'}`; }
