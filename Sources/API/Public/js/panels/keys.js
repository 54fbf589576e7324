// API keys: the global key (source; rotation shows the new key once) and the keys of the agent
// picked (?agent= in the URL): create (shown once), revoke.
import { api, query } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { field, confirm, busy, showSecret, table, coalescer, facts, loading } from './admin-util.js';

const scopes = ['viewer', 'operator', 'admin', 'agent:self', 'agent:heartbeat', 'agent:messages', 'agent:diagnostics', 'agent:attribution'];
const keysOf = (agent) => `/api/agents/${encodeURIComponent(agent)}/keys`;
const sources = { database: 'Rotated key (stored hashed)', environment: 'API_KEY environment variable' };

export default {
  title: 'API keys',
  render(root) {
    const heading = () => h('h2', { id: 'global-key', text: 'Global API key' });
    const globalBox = h('section', { class: 'panel', 'aria-labelledby': 'global-key' }, heading(), loading());
    const picker = field('Agent', (id) => h('select', { id, disabled: true }, h('option', { value: '', text: 'Loading agents…' })));
    const keysBox = h('div', {});
    const createBox = h('div', {});
    let agents = [];
    let shown = null;

    async function loadGlobal() {
      const error = h('div', { 'aria-live': 'assertive' });
      try {
        const info = await api('/api/tokens/rotate');
        const rotate = h('button', { type: 'button', class: 'button danger', text: 'Rotate key…', onclick: () => rotateKey(rotate, error) });
        mount(globalBox, heading(), h('p', { class: 'muted', text: 'Admin access for scripts, sent as the x-api-key header.' }),
          facts([['Source', sources[info.source] || info.source], ['Key', info.masked_key || (info.configured ? 'not shown' : 'none')],
            ['Last rotated', info.last_rotated_at ? `${dateTime(info.last_rotated_at)} by ${info.last_rotated_by}` : 'never']]),
          rotate, error);
      } catch (failure) {
        mount(globalBox, heading(), errorBox(failure.message));
      }
    }

    async function rotateKey(button, error) {
      if (!await confirm('Rotate the global API key?', 'The current key stops working at once: scripts using it need the new one.', 'Rotate key')) return;
      const data = await busy(button, error, () => api('/api/tokens/rotate', { method: 'POST' }));
      if (!data) return;
      showSecret('New global API key', data.key, data.message);
      loadGlobal();
    }

    async function loadAgents() {
      try {
        const data = await api(`/api/agents${query({ limit: 200 })}`);
        agents = data.agents.slice().sort((a, b) => a.name.localeCompare(b.name));
        const wanted = params().get('agent');
        const select = picker.input;
        mount(select, h('option', { value: '', text: agents.length ? 'Choose an agent…' : 'No agents yet' }),
          agents.map((agent) => h('option', { value: agent.name, selected: agent.name === wanted, text: agent.name })));
        select.disabled = !agents.length;
        // A live reload keeps the open agent and its half-typed form.
        if (select.value !== shown) showAgent();
      } catch (failure) {
        mount(keysBox, errorBox(failure.message));
      }
    }

    function showAgent() {
      const name = picker.input.value;
      shown = name;
      setParams({ agent: name });
      if (!name) {
        mount(createBox);
        mount(keysBox, h('p', { class: 'empty', text: agents.length ? 'Choose an agent to see its keys.' : 'No agents yet.' }));
        return;
      }
      mount(createBox, createForm(name));
      loadKeys(name);
    }

    let request = 0;
    async function loadKeys(name) {
      const token = ++request;
      mount(keysBox, loading());
      try {
        const data = await api(keysOf(name));
        if (token !== request) return;
        const now = Date.now() / 1000;
        mount(keysBox, data.keys.length
          ? table(`Keys of ${name}`, ['Name', 'Scopes', 'Created', 'Expires', 'Last used', 'Status', ''], data.keys.map((key) => {
            const state = key.revoked_at ? 'revoked' : key.expires_at && key.expires_at < now ? 'expired' : 'active';
            const error = h('div', { 'aria-live': 'assertive' });
            return h('tr', { dataset: { key: key.name } },
              h('td', {}, key.name, h('div', { class: 'mono', text: `${key.key_prefix}…` })),
              h('td', { class: 'scopes', text: key.scopes.join(', ') || '—' }),
              h('td', { title: dateTime(key.created_at), text: `${ago(key.created_at)} by ${key.created_by || '?'}` }),
              h('td', { text: key.expires_at ? dateTime(key.expires_at) : 'never' }),
              h('td', { title: dateTime(key.last_used_at), text: ago(key.last_used_at) }),
              h('td', {}, pill(state === 'active' ? 'online' : 'error', state)),
              h('td', {}, state === 'revoked' ? null : h('button', {
                type: 'button', class: 'button small danger', text: 'Revoke', 'aria-label': `Revoke key ${key.name}`,
                async onclick(event) {
                  if (!await confirm(`Revoke key "${key.name}"?`, 'It stops working at once, for good.', 'Revoke key')) return;
                  if (await busy(event.target, error, () => api(keysOf(name), { method: 'DELETE', body: { key_id: key.id } }))) loadKeys(name);
                },
              }), error));
          }))
          : h('p', { class: 'empty', text: `${name} has no keys yet.` }));
      } catch (failure) {
        if (token === request) mount(keysBox, errorBox(failure.message));
      }
    }

    function createForm(agent) {
      const name = field('Key name', (id) => h('input', { id, value: 'default', maxlength: 128 }));
      const days = field('Expires in days', (id) => h('input', { id, type: 'number', min: 1, max: 3650, placeholder: 'never' }), '1 to 3650; empty: never.');
      const boxes = scopes.map((scope) => h('input', { type: 'checkbox', value: scope, checked: scope === 'viewer' || scope === 'agent:self' }));
      const error = h('div', { 'aria-live': 'assertive' });
      const submit = h('button', { type: 'submit', class: 'button primary', text: 'Create key' });
      return h('form', { class: 'create-key', 'aria-label': `New key for ${agent}`, novalidate: true, async onsubmit(event) {
        event.preventDefault();
        const body = { name: name.input.value.trim() || 'default', scopes: boxes.filter((box) => box.checked).map((box) => box.value) };
        if (days.input.value) body.expires_in_days = Number(days.input.value);
        const data = await busy(submit, error, () => api(keysOf(agent), { method: 'POST', body }));
        if (!data) return;
        showSecret(`New key for ${agent}`, data.api_key, `Scopes: ${data.key.scopes.join(', ')}.`);
        loadKeys(agent);
      } },
      h('h3', { text: `New key for ${agent}` }),
      h('div', { class: 'form-grid' }, name.wrap, days.wrap),
      h('fieldset', {}, h('legend', { text: 'Scopes' }),
        h('p', { class: 'muted', text: 'Role: admin/operator if checked, else viewer.' }),
        boxes.map((box) => h('label', { class: 'check' }, box, box.value))),
      error, submit);
    }

    picker.input.addEventListener('change', showAgent);
    const soon = coalescer();
    const offs = ['agent.created', 'agent.deleted'].map((type) => live.on(type, () => soon(loadAgents)));
    mount(root,
      globalBox,
      h('section', { class: 'panel', 'aria-labelledby': 'agent-keys' },
        h('h2', { id: 'agent-keys', text: 'Agent keys' }),
        h('div', { class: 'toolbar' }, picker.wrap),
        keysBox, createBox));
    loadGlobal();
    loadAgents();
    return () => {
      offs.forEach((off) => off());
      soon.cancel();
      request++;
    };
  },
};
