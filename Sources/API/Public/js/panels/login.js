// Sign-in: username and password; the server's message on failure, the wait time when rate
// limited, and back to the page the user came from.
import { api } from '../api.js';
import { h, mount, errorBox } from '../dom.js';

export default {
  title: 'Sign in',
  render(root, { onSignedIn }) {
    const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
    const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
    const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const submit = h('button', { type: 'submit', class: 'button primary wide', text: 'Sign in' });
    const form = h('form', { class: 'login-form', novalidate: true, onsubmit: signIn },
      h('label', { for: 'login-username', text: 'Username' }), username,
      h('label', { for: 'login-password', text: 'Password' }), password,
      message, submit);
    let retryTimer = null;

    async function signIn(event) {
      event.preventDefault();
      if (!username.value.trim() || !password.value) {
        mount(message, errorBox('Enter your username and password.'));
        return;
      }
      submit.disabled = true;
      mount(message);
      try {
        await api('/api/auth/login', { method: 'POST', body: { username: username.value.trim(), password: password.value }, quiet401: true });
        await onSignedIn();
      } catch (error) {
        password.value = '';
        password.focus();
        if (error.status === 429 && error.retryAfter) {
          countdown(error.retryAfter);
        } else {
          const wrong = error.status === 401 && error.body?.code !== 'NO_USERS';
          mount(message, errorBox(wrong ? 'Wrong username or password.' : error.message));
          submit.disabled = false;
        }
      }
    }

    function countdown(seconds) {
      clearTimeout(retryTimer);
      if (seconds <= 0) {
        mount(message);
        submit.disabled = false;
        return;
      }
      mount(message, errorBox(`Too many sign-in attempts. Try again in ${seconds} s.`));
      retryTimer = setTimeout(() => countdown(seconds - 1), 1000);
    }

    mount(root, h('main', { class: 'login-page' },
      h('section', { class: 'login-card', 'aria-labelledby': 'login-title' },
        h('div', { class: 'login-brand' }, h('img', { src: '/favicon.svg', alt: '', width: '40', height: '40' }),
          h('h1', { id: 'login-title', text: 'Mission Control' })),
        h('p', { class: 'muted', text: 'Sign in to see and steer your agents.' }),
        form)));
    username.focus();
    return () => clearTimeout(retryTimer);
  },
};
