// Agent detail: live status header with the actions, status/heartbeat history, the agent's tasks,
// its messages, the notifications waiting for it, and its SOUL (editable by operators).
import { api, query } from '../api.js';
import { h, mount, pill, errorBox, dateTime } from '../dom.js';
import * as live from '../live.js';
import { can } from '../session.js';
import { taskEvents, timeAgo, keepTimesCurrent, notice, agentActions, debounced, perFrame } from './agents-util.js';

export default {
  title: 'Agent',
  render(root, { params, navigate }) {
    let name = params.name; // a name or an id (activity links use ids); the name once loaded
    let agent = null;
    let history = [];
    const message = notice();
    const header = h('section', { class: 'panel agent-header' }, h('p', { class: 'empty', text: `Loading ${name}…` }));
    const [historyBox, tasksBox, messagesBox, notificationsBox, soulBox] = [['history', 'Status and heartbeat history'], ['tasks', 'Tasks'],
      ['messages', 'Messages'], ['notifications', 'Waiting notifications'], ['soul', 'SOUL']].map(([id, text]) => h('section',
      { class: 'panel', 'aria-labelledby': `ad-${id}` }, h('h2', { id: `ad-${id}`, text }), h('p', { class: 'empty', text: 'Loading…' })));
    mount(root, h('p', { class: 'crumbs' }, h('a', { href: '/agents', text: '← All agents' })), header, message.element,
      h('div', { class: 'grid detail-grid' }, historyBox, tasksBox), h('div', { class: 'grid detail-grid' }, messagesBox, notificationsBox), soulBox);

    const done = (text, kind) => {
      message.show(text, kind);
      loadAgent();
      loadNotifications();
      loadMessages();
    };

    // Fills a box below its heading.
    const fill = (section, ...children) => mount(section, section.querySelector('h2'), ...children);

    async function loadAgent() {
      try {
        const data = await api(`/api/agents/${encodeURIComponent(name)}`);
        const first = !agent;
        agent = data.agent;
        name = agent.name;
        document.title = `${name} · Agents · Mission Control`;
        drawHeader();
        if (first) [loadHistory, loadSoul, loadTasks, loadMessages, loadNotifications].forEach((load) => load());
      } catch (error) {
        if (error.status === 404 && !agent) mount(root, h('section', { class: 'panel' }, errorBox(`There is no agent named “${name}”.`), h('a', { href: '/agents', text: 'All agents' })));
        else mount(header, errorBox(error.message));
      }
    }

    function drawHeader() {
      mount(header,
        h('div', { class: 'agent-title' },
          h('h2', { text: agent.name }),
          h('span', { class: 'agent-status' }, pill(agent.status)),
          agent.hidden ? h('span', { class: 'tag', text: 'retired' }) : null,
          h('span', { class: 'spacer' }),
          h('div', { class: 'row-actions' }, agentActions(agent, done, { small: false, onDeleted: () => navigate('/agents') }))),
        h('dl', { class: 'facts' },
          fact('Role', agent.role || '—'),
          fact('Last heartbeat', timeAgo(agent.last_seen)),
          fact('Last activity', agent.last_activity || '—'),
          fact('Session key', agent.session_key ? 'configured' : 'none'),
          fact('Registered', dateTime(agent.created_at))));
    }

    const fact = (term, value) => h('div', {}, h('dt', { text: term }), h('dd', {}, value));

    /** Loads `url` into `box` through `draw(data)`; failures show the server's message there. */
    async function show(box, url, draw) {
      try {
        fill(box, draw(await api(url)));
      } catch (error) {
        fill(box, errorBox(error.message));
      }
    }
    // A feed of `items` (each: [main text or node, small text…]), or the `empty` sentence.
    const feed = (items, empty, each) => (items.length
      ? h('ul', { class: 'feed' }, items.map((item) => h('li', {}, each(item))))
      : h('p', { class: 'empty', text: empty }));
    const titled = (title, text) => h('span', { class: 'feed-text' }, h('strong', { text: title }), h('span', { text }));
    const more = (shown, total) => total > shown && h('p', { class: 'muted', text: `Showing ${shown} of ${total}.` });

    // The API filters by entity type only; this agent's entries are picked here.
    const loadHistory = () => show(historyBox, `/api/activities${query({ entity_type: 'agent', limit: 500 })}`, (data) => {
      history = data.activities.filter((item) => item.entity_id === agent.id).slice(0, 30);
      return drawnHistory();
    });
    const drawnHistory = () => feed(history, 'No status changes or heartbeats recorded yet.', (item) => [
      h('span', { class: 'feed-text', text: item.description }), h('small', {}, `${item.actor} · `, timeAgo(item.created_at))]);
    const drawHistory = perFrame(() => fill(historyBox, drawnHistory()));

    const loadTasks = () => show(tasksBox, `/api/tasks${query({ assigned_to: name, limit: 50 })}`, (data) => [
      feed(data.tasks, `No tasks are assigned to ${name}.`, (task) => [
        h('a', { class: 'feed-text', href: `/tasks?task=${task.id}`, text: `${task.ticket_ref ? `${task.ticket_ref} ` : ''}${task.title}` }),
        pill(task.status, task.status.replace(/_/g, ' '))]),
      more(data.tasks.length, data.total)]);

    const loadMessages = () => show(messagesBox, `/api/agents/comms${query({ agent: name, limit: 20 })}`, (data) =>
      feed(data.messages, `No messages to or from ${name} yet.`, (item) => [
        titled(`${item.from_agent} → ${item.to_agent || 'all'}`, item.content), h('small', {}, timeAgo(item.created_at))]));

    // The API shows a recipient's notifications only to that recipient and to admins.
    const loadNotifications = () => (can('admin')
      ? show(notificationsBox, `/api/notifications${query({ recipient: name, unread_only: 'true', limit: 20 })}`, (data) => [
        feed(data.notifications, `Nothing is waiting for ${name}.`, (item) => [
          titled(item.title, item.message), h('small', {}, item.delivered_at ? 'delivered · ' : '', timeAgo(item.created_at))]),
        more(data.notifications.length, data.unreadCount)])
      : fill(notificationsBox, h('p', { class: 'empty', text: `Only admins can see the notifications waiting for ${name}.` })));

    const loadSoul = () => show(soulBox, `/api/agents/${agent.id}/soul`, drawSoul);

    // Viewers read the SOUL; operators edit it.
    function drawSoul(data) {
      const updated = h('p', { class: 'muted' }, data.updated_at ? ['Last changed ', timeAgo(data.updated_at), '.'] : 'Never changed.');
      if (!can('operator')) {
        return [updated, data.soul_content
          ? h('pre', { class: 'soul-text', tabindex: '0', 'aria-label': `SOUL of ${name}`, text: data.soul_content })
          : h('p', { class: 'empty', text: `${name} has no SOUL yet.` })];
      }
      const editor = h('textarea', { id: 'soul-editor', class: 'mono soul-editor', rows: '14', maxlength: '50000', value: data.soul_content || '' });
      const status = h('div', { class: 'soul-status', role: 'status' });
      const save = h('button', { type: 'submit', class: 'button primary', text: 'Save SOUL' });
      editor.addEventListener('input', () => { status.replaceChildren(h('span', { class: 'muted', text: 'Unsaved changes.' })); });
      return [updated, h('form', {
        class: 'soul-form',
        onsubmit: async (event) => {
          event.preventDefault();
          save.disabled = true;
          try {
            const result = await api(`/api/agents/${agent.id}/soul`, { method: 'PUT', body: { soul_content: editor.value } });
            mount(status, h('span', { class: 'ok', text: result.message || 'SOUL saved.' }));
            updated.replaceChildren('Last changed ', timeAgo(result.updated_at), '.');
          } catch (error) {
            mount(status, errorBox(error.message));
          } finally {
            save.disabled = false;
          }
        },
      }, h('label', { for: 'soul-editor', text: `Personality and standing instructions of ${name} (Markdown)` }), editor,
      h('div', { class: 'row' }, save, status))];
    }

    // Live updates. Status changes patch the header and add a history line at once.
    const [reloadTasks, reloadAgent, reloadMessages, reloadNotifications] = [loadTasks, loadAgent, loadMessages, loadNotifications].map((load) => debounced(load));
    const addHistory = (item) => {
      history = [item, ...history].slice(0, 30);
      drawHistory();
    };
    const mine = (data) => agent && data && (data.id === agent.id || data.name === name);
    const unsubscribers = [
      live.on('agent.status_changed', (data) => {
        if (!mine(data)) return;
        Object.assign(agent, { status: data.status, last_seen: data.last_seen ?? agent.last_seen, last_activity: data.last_activity ?? agent.last_activity });
        drawHeader();
        addHistory({ actor: name, created_at: data.last_seen || Date.now() / 1000, description: `${data.last_activity || 'Status change'}: ${data.status}` });
      }),
      live.on('agent.updated', (data) => mine(data) && reloadAgent()),
      live.on('agent.deleted', (data) => {
        if (mine(data)) mount(header, errorBox(`${name} was deleted.`), h('a', { href: '/agents', text: 'Back to all agents' }));
      }),
      live.on('activity.created', (data) => {
        if (!agent || data.entity_type !== 'agent' || data.entity_id !== agent.id) return;
        if (data.type === 'agent_message') reloadMessages();
        addHistory(data);
      }),
      live.on('chat.message', (data) => (data.from_agent === name || data.to_agent === name) && reloadMessages()),
      live.on('notification.created', (data) => data.recipient === name && reloadNotifications()),
      ...taskEvents.map((type) => live.on(type, () => agent && (reloadTasks(), reloadAgent()))),
    ];
    const stopTimes = keepTimesCurrent(root);
    loadAgent();
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      [reloadTasks, reloadAgent, reloadMessages, reloadNotifications, drawHistory].forEach((pending) => pending.cancel());
      stopTimes();
    };
  },
};
