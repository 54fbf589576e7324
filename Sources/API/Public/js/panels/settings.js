// Settings by category (true/false as checkboxes, numbers as number inputs), saved together or
// reset one by one; and the agent sync (OpenClaw config or local folders) with a preview.
import { api } from '../api.js';
import { h, mount, ago, dateTime, errorBox } from '../dom.js';
import * as live from '../live.js';
import { confirm, busy, uid, facts, loading } from './admin-util.js';

export default {
  title: 'Settings',
  render(root) {
    const changes = new Map(); // key -> new value (as text)
    const groups = h('div', {}, loading());
    const saveMessage = h('div', { class: 'form-message', 'aria-live': 'assertive' });
    const save = h('button', { type: 'button', class: 'button primary', text: 'Save changes', disabled: true, onclick: saveAll });
    const discard = h('button', { type: 'button', class: 'button', text: 'Discard', disabled: true, onclick: () => load() });
    const count = h('span', { class: 'muted', role: 'status' });
    const stale = h('div', { hidden: true, class: 'notice', role: 'status' });
    let all = [];

    function dirty() {
      save.disabled = discard.disabled = !changes.size;
      count.textContent = changes.size ? `${changes.size} unsaved change${changes.size > 1 ? 's' : ''}` : '';
    }

    function input(setting, id) {
      const set = (value) => {
        if (value === setting.value) changes.delete(setting.key);
        else changes.set(setting.key, value);
        dirty();
      };
      const value = changes.get(setting.key) ?? setting.value;
      if (setting.value === 'true' || setting.value === 'false') {
        return h('input', { id, type: 'checkbox', checked: value === 'true', onchange: (e) => set(String(e.target.checked)) });
      }
      return h('input', { id, type: /^-?\d+(\.\d+)?$/.test(setting.value) ? 'number' : 'text', value, oninput: (e) => set(e.target.value) });
    }

    function item(setting) {
      const id = uid('setting');
      const error = h('div', { 'aria-live': 'assertive' });
      const verb = setting.category === 'custom' ? 'Remove' : 'Reset'; // a custom key has no default: reset deletes it
      const reset = !setting.is_default && h('button', {
        type: 'button', class: 'button small ghost', text: verb === 'Reset' ? 'Reset to default' : verb, 'aria-label': `${verb} ${setting.key}`,
        async onclick(event) {
          if (!await confirm(`${verb} ${setting.key}?`, 'The stored value is removed; the default applies again.', verb, false)) return;
          const data = await busy(event.target, error, () => api('/api/settings', { method: 'DELETE', body: { key: setting.key } }));
          if (!data) return;
          await load();
          note(`${setting.key}: ${data.default_value === null ? 'removed' : `back to ${data.default_value}`}.`);
        },
      });
      return h('div', { class: 'setting', dataset: { key: setting.key } },
        h('div', {},
          h('label', { for: id, class: 'mono', text: setting.key }),
          setting.description && h('p', { class: 'muted', text: setting.description }),
          h('small', { class: 'muted', title: dateTime(setting.updated_at), text: setting.is_default ? 'Default value' : `Changed ${ago(setting.updated_at)} by ${setting.updated_by || '?'}` })),
        h('div', { class: 'setting-control' }, input(setting, id), reset),
        error);
    }

    function draw() {
      const byCategory = new Map();
      for (const s of all) byCategory.set(s.category, [...(byCategory.get(s.category) || []), s]);
      mount(groups, all.length
        ? [...byCategory].map(([category, items]) => h('section', { class: 'panel', 'aria-label': category }, h('h2', { class: 'category', text: category }), items.map(item)))
        : h('p', { class: 'empty', text: 'No settings.' }));
    }

    let request = 0;
    async function load() {
      const token = ++request;
      try {
        const data = await api('/api/settings');
        if (token !== request) return;
        all = data.settings;
        changes.clear();
        stale.hidden = true;
        dirty();
        draw();
      } catch (error) {
        if (token === request) mount(groups, errorBox(error.message));
      }
    }

    const note = (text) => mount(saveMessage, h('p', { class: 'ok', text }));

    async function saveAll() {
      const data = await busy(save, saveMessage, () => api('/api/settings', { method: 'PUT', body: { settings: Object.fromEntries(changes) } }));
      if (!data) return;
      changes.clear();
      await load();
      note(`Saved ${data.count} setting${data.count === 1 ? '' : 's'}: ${data.updated.join(', ')}.`);
    }

    // Agent sync: results and errors exactly as the server gives them.
    function syncCard() {
      const out = h('div', { class: 'sync-result', 'aria-live': 'polite' });
      const list = (items) => (items?.length ? items.map((x) => (typeof x === 'object' ? [x.name ?? `entry ${x.index}`, x.action || x.reason].filter(Boolean).join(': ') : x)).join(', ') : 'none');
      const run = (label, path, method, show) => {
        const button = h('button', { type: 'button', class: ['button', method !== 'GET' && 'primary'], text: label, async onclick() {
          const d = await busy(button, out, () => api(path, { method }));
          if (d) mount(out, show(d), d.skipped?.length && h('p', { class: 'muted', text: `Skipped: ${list(d.skipped)}` }));
        } });
        return button;
      };
      const applied = (d) => [h('p', { class: 'ok', text: d.message || `Synced ${d.synced}: ${d.created} created, ${d.updated} updated.` }), facts([['Agents', list(d.agents)]])];
      return h('section', { class: 'panel', 'aria-labelledby': 'sync-title' },
        h('h2', { id: 'sync-title', text: 'Sync agents' }),
        h('p', { class: 'muted', text: 'Agents from OpenClaw’s openclaw.json or from local agent folders.' }),
        h('div', { class: 'row' },
          run('Preview OpenClaw sync', '/api/agents/sync', 'GET', (d) => facts([['In openclaw.json', d.inConfig], ['In Mission Control', d.inMC],
            ['Would create', list(d.newAgents)], ['Would update', list(d.updatedAgents)], ['Only in Mission Control', list(d.onlyInMC)]])),
          run('Sync from OpenClaw', '/api/agents/sync', 'POST', applied),
          run('Sync local agents', '/api/agents/sync?source=local', 'POST', applied)),
        out);
    }

    // Saved elsewhere: reload, unless that would drop edits made here.
    const off = live.on('settings.updated', () => {
      if (!changes.size) return load();
      mount(stale, 'Changed elsewhere meanwhile. ', h('button', { type: 'button', class: 'button small', text: 'Reload', onclick: () => load() }));
      stale.hidden = false;
    });
    mount(root,
      h('div', { class: 'toolbar settings-bar' }, h('span', { class: 'spacer' }), count, discard, save),
      saveMessage, stale, groups, syncCard());
    load();
    return () => {
      off();
      request++;
    };
  },
};
