// Users: create, role, display name, password reset, disable/enable, delete. Your own row offers
// no role change, disable or delete (the server refuses them).
import { api } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill } from '../dom.js';
import * as live from '../live.js';
import { user } from '../session.js';
import { field, confirm, formDialog, busy, table, coalescer, loading } from './admin-util.js';

const RULE = 'At least 12 characters.';
const roleSelect = (props, value) => h('select', props, ['viewer', 'operator', 'admin'].map((role) => h('option', { value: role, selected: role === value, text: role })));
const secret = (label, hint) => field(label, (id) => h('input', { id, type: 'password', autocomplete: 'new-password' }), hint);
const guard = (slot, work) => work().catch((failure) => mount(slot, errorBox(failure.message)));

export default {
  title: 'Users',
  render(root) {
    const me = user();
    const list = h('div', {}, loading());
    const message = h('div', { class: 'form-message', 'aria-live': 'polite' });
    const formBox = h('div', { hidden: true });
    const toggle = h('button', { type: 'button', class: 'button primary', 'aria-expanded': 'false', text: 'New user', onclick: () => showForm(formBox.hidden) });

    function showForm(open) {
      formBox.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (!open) return;
      mount(formBox, createForm());
      formBox.querySelector('input').focus();
    }

    function createForm() {
      const username = field('Username', (id) => h('input', { id, autocomplete: 'off' }));
      const name = field('Display name', (id) => h('input', { id, autocomplete: 'off', placeholder: 'optional' }));
      const role = field('Role', (id) => roleSelect({ id }, 'viewer'));
      const password = secret('Password', RULE);
      const error = h('div', { class: 'form-message', 'aria-live': 'assertive' });
      const submit = h('button', { type: 'submit', class: 'button primary', text: 'Create user' });
      return h('form', { class: 'panel', 'aria-label': 'New user', novalidate: true, async onsubmit(event) {
        event.preventDefault();
        if (password.input.value.length < 12) return mount(error, errorBox('The password needs at least 12 characters.'));
        const created = await busy(submit, error, () => api('/api/auth/users', { method: 'POST', body: {
          username: username.input.value.trim(), password: password.input.value,
          display_name: name.input.value.trim() || undefined, role: role.input.value,
        } }));
        if (!created) return;
        showForm(false);
        note(`Created ${created.user.username} (${created.user.role}).`);
        load();
      } },
      h('h2', { text: 'New user' }),
      h('div', { class: 'form-grid' }, username.wrap, name.wrap, role.wrap, password.wrap),
      error,
      h('div', { class: 'row' }, submit, h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => showForm(false) })));
    }

    const note = (text) => mount(message, h('p', { class: 'ok', role: 'status', text }));

    // Every change: request, note, reload; errors go to the caller.
    async function send(method, body, done) {
      await api('/api/auth/users', { method, body });
      note(done);
      load();
    }

    function row(u) {
      const self = u.id === me.id;
      const on = Boolean(u.is_approved);
      const error = h('div', { class: 'row-error', 'aria-live': 'assertive' });
      const select = !self && roleSelect({ 'aria-label': `Role of ${u.username}`, onchange() {
        mount(error);
        send('PUT', { id: u.id, role: select.value }, `${u.username} is now ${select.value}.`).catch((failure) => {
          select.value = u.role;
          mount(error, errorBox(failure.message));
        });
      } }, u.role);
      const act = (text, handler, cls = '') => h('button', { type: 'button', class: ['button small', cls], text, 'aria-label': `${text}: ${u.username}`, onclick: handler });
      return h('tr', { dataset: { user: u.username }, class: on ? '' : 'disabled-user' },
        h('td', {}, h('strong', { text: u.username }), h('div', { class: 'muted', text: u.display_name })),
        h('td', {}, select || [pill(u.role), h('small', { class: 'muted', text: ' (you)' })]),
        h('td', {}, on ? pill('online', 'active') : pill('error', 'disabled')),
        h('td', { title: dateTime(u.last_login_at), text: ago(u.last_login_at) }),
        h('td', { text: dateTime(u.created_at) }),
        h('td', { class: 'actions-cell' },
          h('div', { class: 'row' },
            act('Rename', () => rename(u)),
            act('Reset password', () => resetPassword(u)),
            !self && act(on ? 'Disable' : 'Enable', async () => {
              if (!on || await confirm(`Disable ${u.username}?`, 'They are signed out and cannot sign in until enabled again.', 'Disable')) {
                guard(error, () => send('PUT', { id: u.id, is_approved: !on }, `${u.username} is ${on ? 'disabled' : 'enabled'}.`));
              }
            }),
            !self && act('Delete', async () => {
              if (await confirm(`Delete ${u.username}?`, 'The account and its sessions are deleted. This cannot be undone.', 'Delete user')) {
                guard(error, () => send('DELETE', { id: u.id }, `Deleted ${u.username}.`));
              }
            }, 'danger')),
          error));
    }

    function rename(u) {
      const name = field('Display name', (id) => h('input', { id, value: u.display_name, autocomplete: 'off' }));
      formDialog(`Rename ${u.username}`, name.wrap, 'Save', () => {
        const value = name.input.value.trim();
        if (!value) throw new Error('The display name cannot be empty.');
        return send('PUT', { id: u.id, display_name: value }, `Renamed ${u.username} to ${value}.`);
      });
    }

    function resetPassword(u) {
      const first = secret('New password', RULE);
      const again = secret('Type it again');
      formDialog(`Reset the password of ${u.username}`, [first.wrap, again.wrap], 'Set password', () => {
        if (first.input.value !== again.input.value) throw new Error('The two passwords differ.');
        return send('PUT', { id: u.id, password: first.input.value }, `New password set for ${u.username}.`);
      });
    }

    let request = 0;
    async function load() {
      const token = ++request;
      try {
        const data = await api('/api/auth/users');
        if (token === request) mount(list, table('Users', ['User', 'Role', 'Status', 'Last sign-in', 'Created', 'Actions'], data.users.map(row)));
      } catch (error) {
        if (token === request) mount(list, errorBox(error.message));
      }
    }

    // Another admin's changes show up: user audit events are broadcast live.
    const soon = coalescer();
    const off = live.on('audit.security', (data) => data.action?.startsWith('user_') && soon(load));
    mount(root,
      h('div', { class: 'toolbar' }, h('span', { class: 'spacer' }), toggle),
      formBox,
      h('section', { class: 'panel', 'aria-label': 'Users' }, message, list));
    load();
    return () => {
      off();
      soon.cancel();
      request++;
    };
  },
};
