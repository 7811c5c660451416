// Sign-in, or on first run the creation of the administrator.
import { api, el } from './common.js';

const app = document.querySelector('#app');

function form(title, intro, submitText, confirm, onSubmit) {
  const username = el('input', { type: 'text', id: 'username', autocomplete: 'username', required: true });
  const password = el('input', { type: 'password', id: 'password', autocomplete: confirm ? 'new-password' : 'current-password', required: true });
  const again = confirm ? el('input', { type: 'password', id: 'password2', autocomplete: 'new-password', required: true }) : null;
  const message = el('div', { id: 'message', class: 'message hidden' });
  const submit = async event => {
    event.preventDefault();
    message.className = 'message hidden';
    if (again && again.value !== password.value) return fail('The two passwords differ.');
    try {
      await onSubmit(username.value, password.value);
      location.href = '/';
    } catch (error) {
      fail(error.status === 401 ? 'Wrong user name or password.' : error.message);
    }
  };
  function fail(text) { message.textContent = text; message.className = 'message error'; }
  app.append(el('form', { class: 'card login', id: 'login-form', onsubmit: submit },
    el('h1', {}, title), intro ? el('p', { class: 'muted' }, intro) : null,
    el('label', { for: 'username' }, 'User name'), username,
    el('label', { for: 'password' }, 'Password'), password,
    again ? [el('label', { for: 'password2' }, 'Password again'), again] : null,
    el('p', {}, el('button', { class: 'button', type: 'submit', id: 'submit' }, submitText)), message));
}

const session = await api('/api/auth/session');
if (session.signedIn) location.href = '/';
else if (session.firstRun)
  form('Create the administrator', 'No user exists yet. The account you create here can change the configuration; add read-only users later.',
    'Create and sign in', true, (username, password) => api('/api/auth/first-run', { method: 'POST', body: { username, password } }));
else
  form('Sign in to LibreQoS', null, 'Sign in', false, (username, password) => api('/api/auth/login', { method: 'POST', body: { username, password } }));
