// Audit log: filters by action, actor and time (kept in the URL), pages of 50, details readable.
// Security events (failed logins, user changes) arrive live.
import { api, query } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { field, table, coalescer, loading } from './admin-util.js';

const PAGE = 50;
const actions = ['login', 'login_failed', 'password_change', 'user_create', 'user_update', 'user_delete', 'api_key_rotated',
  'agent_api_key_created', 'settings_update'];

// datetime-local <-> unix seconds; `end` takes the whole minute ("to 10:05" includes 10:05:30).
const toSeconds = (value, end = 0) => (value ? String(Math.floor(new Date(value).getTime() / 1000) + end) : '');
function toLocal(seconds) {
  const d = new Date(seconds * 1000);
  return seconds ? new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16) : '';
}

/** A detail as "key value" lines; a plain string as is; times as dates. */
function detail(value) {
  const entries = value && typeof value === 'object' ? Object.entries(value).filter(([, v]) => v !== null && v !== undefined) : [];
  if (!entries.length) return value && typeof value !== 'object' ? String(value) : '—';
  return h('dl', { class: 'detail' }, entries.map(([key, v]) => [
    h('dt', { text: key }),
    h('dd', { text: typeof v === 'object' ? JSON.stringify(v) : key.endsWith('_at') && typeof v === 'number' ? dateTime(v) : v }),
  ]));
}

export default {
  title: 'Audit log',
  render(root) {
    const url = params();
    const state = Object.fromEntries(['action', 'actor', 'since', 'until'].map((key) => [key, url.get(key) || '']));
    state.offset = Number(url.get('offset')) || 0;
    const action = field('Action', (id) => h('input', { id, list: 'audit-actions', value: state.action, placeholder: 'any' }));
    const actor = field('Actor', (id) => h('input', { id, value: state.actor, placeholder: 'any' }));
    const since = field('From', (id) => h('input', { id, type: 'datetime-local', value: toLocal(state.since) }));
    const until = field('To', (id) => h('input', { id, type: 'datetime-local', value: toLocal(state.until) }));
    const list = h('div', { class: 'audit-list' }, loading());
    const pager = h('nav', { class: 'pager', 'aria-label': 'Audit log pages' });
    let newest = 0;
    let request = 0;

    const form = h('form', { class: 'toolbar filters', role: 'search', onsubmit: apply },
      action.wrap, actor.wrap, since.wrap, until.wrap,
      h('datalist', { id: 'audit-actions' }, actions.map((value) => h('option', { value }))),
      h('button', { type: 'submit', class: 'button primary', text: 'Apply' }),
      h('button', { type: 'button', class: 'button ghost', text: 'Clear', onclick: clear }),
      h('button', { type: 'button', class: 'button ghost', text: 'Failed logins', onclick: () => { action.input.value = 'login_failed'; apply(); } }));

    function apply(event) {
      event?.preventDefault();
      Object.assign(state, { action: action.input.value.trim(), actor: actor.input.value.trim(), since: toSeconds(since.input.value), until: toSeconds(until.input.value, 59), offset: 0 });
      load();
    }

    function clear() {
      for (const f of [action, actor, since, until]) f.input.value = '';
      apply();
    }

    async function load(fresh = false) {
      const token = ++request;
      setParams({ ...state, offset: state.offset || '' });
      try {
        const data = await api(`/api/audit${query({ ...state, limit: PAGE })}`);
        if (token !== request) return;
        const before = newest;
        newest = Math.max(newest, ...data.events.map((e) => e.id));
        mount(list, data.events.length
          ? table('Audit events, newest first', ['When', 'Action', 'Actor', 'Target', 'Detail', 'Address'], data.events.map((e) => h('tr', {
            class: [e.action === 'login_failed' && 'failed', fresh && e.id > before && 'fresh'],
          },
          h('td', { title: dateTime(e.created_at), text: ago(e.created_at) }),
          h('td', {}, pill(e.action === 'login_failed' ? 'error' : e.action.startsWith('user') ? 'busy' : 'offline', e.action)),
          h('td', { text: e.actor }),
          h('td', { text: e.target_type ? `${e.target_type} #${e.target_id ?? '—'}` : '—' }),
          h('td', {}, detail(e.detail)),
          h('td', { class: 'mono', text: e.ip_address || '—' }))))
          : h('p', { class: 'empty', text: 'No events match these filters.' }));
        const last = Math.min(state.offset + data.events.length, data.total);
        mount(pager,
          h('span', { class: 'muted', text: data.total ? `${state.offset + 1}–${last} of ${data.total}` : '' }),
          h('button', { type: 'button', class: 'button small', text: 'Newer', disabled: state.offset === 0, onclick: () => page(-PAGE) }),
          h('button', { type: 'button', class: 'button small', text: 'Older', disabled: last >= data.total, onclick: () => page(PAGE) }));
      } catch (error) {
        if (token === request) mount(list, errorBox(error.message));
      }
    }

    function page(delta) {
      state.offset = Math.max(0, state.offset + delta);
      load();
      list.scrollIntoView?.({ block: 'start' });
    }

    // A live security event shows up on the first page when it passes the filters; the payload
    // lacks the detail, so the page reloads (coalesced) and the new rows are highlighted.
    const soon = coalescer();
    const off = live.on('audit.security', (data) => {
      if (state.offset || (state.action && data.action !== state.action) || (state.actor && data.actor !== state.actor)) return;
      if ((state.since && data.timestamp < Number(state.since)) || (state.until && data.timestamp > Number(state.until))) return;
      soon(() => load(true));
    });

    mount(root, h('section', { class: 'panel audit' }, form, list, pager));
    load();
    return () => {
      off();
      soon.cancel();
      request++;
    };
  },
};
