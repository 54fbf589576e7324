// Overview: agents by status, tasks by column, tasks waiting for review, recent activity.
// Every number links to the panel filtered to what it counts; everything updates live.
import { api, query } from '../api.js';
import { h, mount, ago, errorBox } from '../dom.js';
import * as live from '../live.js';
import { columns } from './board-columns.js';

const agentStatuses = ['online', 'busy', 'idle', 'offline', 'error'];

export default {
  title: 'Overview',
  render(root) {
    const agentsBox = h('section', { class: 'panel', 'aria-labelledby': 'ov-agents' }, h('h2', { id: 'ov-agents', text: 'Agents' }));
    const tasksBox = h('section', { class: 'panel', 'aria-labelledby': 'ov-tasks' }, h('h2', { id: 'ov-tasks', text: 'Tasks' }));
    const reviewBox = h('section', { class: 'panel', 'aria-labelledby': 'ov-review' }, h('h2', { id: 'ov-review', text: 'Waiting for review' }));
    const activityBox = h('section', { class: 'panel', 'aria-labelledby': 'ov-activity' }, h('h2', { id: 'ov-activity', text: 'Recent activity' }));
    mount(root, h('div', { class: 'grid' }, agentsBox, tasksBox), h('div', { class: 'grid' }, reviewBox, activityBox));

    async function loadAgents() {
      try {
        const data = await api(`/api/agents${query({ limit: 200 })}`);
        const counts = Object.fromEntries(agentStatuses.map((status) => [status, 0]));
        for (const agent of data.agents) counts[agent.status] = (counts[agent.status] || 0) + 1;
        mount(agentsBox, h('h2', { id: 'ov-agents', text: `Agents (${data.total})` }),
          h('ul', { class: 'stat-list' }, Object.entries(counts).map(([status, count]) =>
            h('li', {}, h('a', { class: 'stat', href: `/agents?status=${status}`, dataset: { stat: `agents-${status}` } },
              h('strong', { text: count }), status)))));
      } catch (error) {
        mount(agentsBox, h('h2', { text: 'Agents' }), errorBox(error.message));
      }
    }

    async function loadTasks() {
      try {
        const totals = await Promise.all(columns.map(async (column) => {
          const counts = await Promise.all(column.statuses.map((status) => api(`/api/tasks${query({ status, limit: 1 })}`)));
          return counts.reduce((sum, data) => sum + data.total, 0);
        }));
        mount(tasksBox, h('h2', { id: 'ov-tasks', text: 'Tasks' }),
          h('ul', { class: 'stat-list' }, columns.map((column, index) =>
            h('li', {}, h('a', { class: 'stat', href: `/tasks?column=${column.key}`, dataset: { stat: `tasks-${column.key}` } },
              h('strong', { text: totals[index] }), column.label)))));
      } catch (error) {
        mount(tasksBox, h('h2', { text: 'Tasks' }), errorBox(error.message));
      }
    }

    async function loadReview() {
      try {
        const lists = await Promise.all(['review', 'quality_review'].map((status) => api(`/api/tasks${query({ status, limit: 10 })}`)));
        const tasks = lists.flatMap((data) => data.tasks);
        mount(reviewBox, h('h2', { id: 'ov-review', text: `Waiting for review (${lists.reduce((sum, data) => sum + data.total, 0)})` }),
          tasks.length
            ? h('ul', { class: 'feed' }, tasks.map((task) => h('li', {},
              h('a', { href: `/tasks?task=${task.id}`, text: `${task.ticket_ref ? `${task.ticket_ref} ` : ''}${task.title}` }),
              h('small', { text: task.assigned_to || 'unassigned' }))))
            : h('p', { class: 'empty', text: 'Nothing is waiting for review.' }));
      } catch (error) {
        mount(reviewBox, h('h2', { text: 'Waiting for review' }), errorBox(error.message));
      }
    }

    async function loadActivity() {
      try {
        const data = await api(`/api/activities${query({ limit: 10 })}`);
        mount(activityBox, h('h2', { id: 'ov-activity', text: 'Recent activity' }),
          data.activities.length
            ? h('ul', { class: 'feed' }, data.activities.map((item) => h('li', {},
              h('span', { text: item.description }), h('small', { text: `${item.actor} · ${ago(item.created_at)}` }))))
            : h('p', { class: 'empty', text: 'No activity yet.' }),
          h('p', {}, h('a', { href: '/activity', text: 'All activity' })));
      } catch (error) {
        mount(activityBox, h('h2', { text: 'Recent activity' }), errorBox(error.message));
      }
    }

    // Live: coalesce bursts of events into one reload per box.
    const pending = new Map();
    function soon(key, load) {
      if (pending.has(key)) return;
      pending.set(key, setTimeout(() => {
        pending.delete(key);
        load();
      }, 150));
    }
    const unsubscribers = [
      live.on('agent.created', () => soon('agents', loadAgents)),
      live.on('agent.updated', () => soon('agents', loadAgents)),
      live.on('agent.deleted', () => soon('agents', loadAgents)),
      live.on('agent.status_changed', () => soon('agents', loadAgents)),
      live.on('agent.synced', () => soon('agents', loadAgents)),
      ...['task.created', 'task.updated', 'task.deleted', 'task.status_changed'].map((type) => live.on(type, () => {
        soon('tasks', loadTasks);
        soon('review', loadReview);
      })),
      live.on('activity.created', () => soon('activity', loadActivity)),
    ];
    loadAgents();
    loadTasks();
    loadReview();
    loadActivity();
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      pending.forEach((timer) => clearTimeout(timer));
    };
  },
};
