// Agents: the table of agents with live status, current task and task counts; filters live in
// the URL; operators register, wake, message and retire agents, admins also delete them.
import { api, query } from '../api.js';
import { h, mount, pill, errorBox } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { can } from '../session.js';
import { taskEvents, timeAgo, keepTimesCurrent, notice, registerAgent, agentActions, taskSummary, perFrame, debounced } from './agents-util.js';

const agentStatuses = ['online', 'busy', 'idle', 'offline', 'error'];
const agentEvents = ['agent.created', 'agent.updated', 'agent.deleted', 'agent.status_changed', 'agent.synced'];

export default {
  title: 'Agents',
  render(root) {
    const search = params();
    const filters = { status: search.get('status') || '', role: search.get('role') || '', show_hidden: search.get('show_hidden') === 'true' };
    const agents = new Map();
    let current = new Map(); // agent name -> its in_progress task
    let total = 0;
    let loaded = false;
    const message = notice();
    const done = (text, kind) => {
      message.show(text, kind);
      reload(); // the live events do this too, but not while the stream is reconnecting
    };

    const status = h('select', { id: 'agents-status', onchange: () => apply({ status: status.value }) },
      h('option', { value: '', text: 'All statuses' }),
      agentStatuses.map((value) => h('option', { value, text: value, selected: value === filters.status })));
    const role = h('input', { id: 'agents-role', type: 'search', value: filters.role, placeholder: 'Any role', onchange: () => apply({ role: role.value.trim() }) });
    const hidden = h('input', { id: 'agents-hidden', type: 'checkbox', checked: filters.show_hidden, onchange: () => apply({ show_hidden: hidden.checked }) });
    const body = h('div', { class: 'agents-body', 'aria-busy': 'true' }, h('p', { class: 'empty', text: 'Loading agents…' }));

    mount(root, h('section', { class: 'panel' },
      h('div', { class: 'toolbar' },
        h('div', { class: 'field inline' }, h('label', { for: 'agents-status', text: 'Status' }), status),
        h('div', { class: 'field inline' }, h('label', { for: 'agents-role', text: 'Role' }), role),
        h('div', { class: 'field inline check' }, hidden, h('label', { for: 'agents-hidden', text: 'Show retired' })),
        h('span', { class: 'spacer' }),
        can('operator') && h('button', { type: 'button', class: 'button primary', text: 'Register agent', onclick: () => registerAgent(done) })),
      message.element,
      body));

    function apply(change) {
      Object.assign(filters, change);
      setParams({ status: filters.status, role: filters.role, show_hidden: filters.show_hidden ? 'true' : '' });
      load();
    }

    let loadToken = 0;
    async function load() {
      const token = ++loadToken;
      body.setAttribute('aria-busy', 'true');
      try {
        const [data, tasks] = await Promise.all([
          api(`/api/agents${query({ status: filters.status, role: filters.role, show_hidden: filters.show_hidden ? 'true' : '', limit: 200 })}`),
          api(`/api/tasks${query({ status: 'in_progress', limit: 200 })}`),
        ]);
        if (token !== loadToken) return;
        agents.clear();
        for (const agent of data.agents) agents.set(agent.id, agent);
        total = data.total;
        // Newest first: keep an agent's first (newest) in-progress task.
        current = new Map(tasks.tasks.reverse().map((task) => [task.assigned_to, task]));
        loaded = true;
        draw();
      } catch (error) {
        if (token === loadToken) mount(body, errorBox(error.message));
      } finally {
        if (token === loadToken) body.setAttribute('aria-busy', 'false');
      }
    }

    function matches(agent) {
      return (!filters.status || agent.status === filters.status) && (!filters.role || agent.role === filters.role) && (filters.show_hidden || !agent.hidden);
    }

    function draw() {
      if (!loaded) return;
      const list = Array.from(agents.values()).filter(matches);
      if (!list.length) {
        mount(body, filters.status || filters.role
          ? h('div', { class: 'empty-state' }, h('p', { class: 'empty', text: 'No agents match these filters.' }),
            h('button', { type: 'button', class: 'button', text: 'Clear filters', onclick: () => { status.value = ''; role.value = ''; apply({ status: '', role: '' }); } }))
          : h('div', { class: 'empty-state' },
            h('p', { text: 'No agents yet. Agents appear here when:' }),
            h('ul', {},
              h('li', { text: can('operator') ? 'you register one here with “Register agent”;' : 'an operator registers one here;' }),
              h('li', {}, 'an agent registers itself with ', h('code', { text: 'POST /api/agents/register' }), ' (it needs an API key);'),
              h('li', { text: 'an admin syncs them from the runtime configuration (Settings → Sync agents).' }))));
        return;
      }
      mount(body,
        h('table', { class: 'agents-table' },
          h('caption', { class: 'sr-only', text: 'Agents' }),
          h('thead', {}, h('tr', {}, ['Name', 'Role', 'Status', 'Last heartbeat', 'Current task', 'Tasks', can('operator') && 'Actions']
            .filter(Boolean).map((text) => h('th', { scope: 'col', text })))),
          h('tbody', {}, list.map(row))),
        total > agents.size && h('p', { class: 'muted', text: `Showing ${agents.size} of ${total} agents; narrow the filters to see others.` }));
    }

    function row(agent) {
      const task = current.get(agent.name);
      return h('tr', { dataset: { agent: agent.name } },
        h('th', { scope: 'row' }, h('a', { href: `/agents/${encodeURIComponent(agent.name)}`, text: agent.name }),
          agent.hidden ? h('span', { class: 'tag', text: 'retired' }) : null),
        h('td', { text: agent.role || '—' }),
        h('td', {}, pill(agent.status)),
        h('td', {}, timeAgo(agent.last_seen)),
        h('td', { class: 'current-task' }, task
          ? h('a', { href: `/tasks?task=${task.id}`, text: `${task.ticket_ref ? `${task.ticket_ref} ` : ''}${task.title}` })
          : h('span', { class: 'muted', text: '—' })),
        h('td', { class: 'task-counts', text: taskSummary(agent.taskStats) }),
        can('operator') && h('td', {}, h('div', { class: 'row-actions' }, agentActions(agent, done))));
    }

    // Live: status changes patch the row at once (one redraw per frame for a burst); creations,
    // deletions and task moves reload once for the whole burst.
    const redraw = perFrame(draw);
    const reload = debounced(load);
    function patch(data) {
      const agent = data && agents.get(data.id);
      if (!agent || data.config) return reload();
      for (const key of ['status', 'last_seen', 'last_activity', 'role', 'hidden']) if (data[key] !== undefined) agent[key] = data[key];
      if (!matches(agent)) agents.delete(agent.id);
      redraw();
    }
    const unsubscribers = [
      ...agentEvents.map((type) => live.on(type, type === 'agent.status_changed' || type === 'agent.updated' ? patch : reload)),
      ...taskEvents.map((type) => live.on(type, reload)),
    ];
    const stopTimes = keepTimesCurrent(root);
    load();
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      redraw.cancel();
      reload.cancel();
      stopTimes();
      loadToken++;
    };
  },
};
