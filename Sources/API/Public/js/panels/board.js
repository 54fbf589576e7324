// Task board: six columns of cards, filters kept in the URL, drag and drop plus the same by
// keyboard, optimistic moves rolled back on refusal, and live updates keyed by task id.
import { api, query } from '../api.js';
import { h, mount, errorBox } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { can } from '../session.js';
import { columns, columnOf } from './board-columns.js';
import { card, matches, newer } from './task-util.js';
import { openTask, newTask } from './task-dialog.js';

const PAGE = 1000; // the API's largest page (GET /api/tasks?limit=)

export default {
  title: 'Tasks',
  render(root) {
    const operator = can('operator');
    const tasks = new Map(); // id → task
    const cards = new Map(); // id → card element
    const lists = new Map(); // column key → <ul>
    const counts = new Map(); // column key → count element
    const url = params();
    const filter = { project: url.get('project_id') || '', assignee: url.get('assignee') || '', q: url.get('q') || '' };
    let projects = [];
    let agents = [];
    let dialog = null;
    let held = null; // keyboard move in progress: {id, from, at} (column keys)

    const status = h('div', { class: 'sr-only', 'aria-live': 'assertive', id: 'board-announce' });
    const message = h('div', { class: 'board-message', 'aria-live': 'polite' });
    const projectSelect = h('select', { id: 'board-project', onchange: () => setFilter('project', projectSelect.value) },
      h('option', { value: '', text: 'All projects' }));
    const assigneeSelect = h('select', { id: 'board-assignee', onchange: () => setFilter('assignee', assigneeSelect.value) },
      h('option', { value: '', text: 'Everyone' }));
    const search = h('input', { id: 'board-search', type: 'search', placeholder: 'Title, ref or text', value: filter.q, oninput: () => setFilter('q', search.value.trim()) });
    const board = h('div', { class: 'board', 'aria-busy': 'true' }, columns.map((column) => {
      const list = h('ul', { class: 'cards', 'aria-labelledby': `col-${column.key}` });
      const count = h('span', { class: 'count', text: '…' });
      lists.set(column.key, list);
      counts.set(column.key, count);
      return h('section', {
        class: 'column', dataset: { column: column.key }, 'aria-labelledby': `col-${column.key}`,
        ondragover: (event) => operator && (event.preventDefault(), target(event, true)),
        ondragleave: (event) => event.currentTarget.contains(event.relatedTarget) || target(event, false),
        ondrop: (event) => {
          event.preventDefault();
          target(event, false);
          move(Number(event.dataTransfer.getData('text/plain')), column.key);
        },
      }, h('h2', { id: `col-${column.key}` }, h('span', { text: column.label }), count), list);
    }));
    const help = h('p', { id: 'board-help', class: 'sr-only', text: operator
      ? 'Space picks up the card, Left and Right move it between columns, Space drops it, Escape cancels. Enter opens the task.'
      : 'Enter opens the task.' });
    const field = (text, control) => h('div', { class: 'field' }, h('label', { for: control.id, text }), control);
    mount(root,
      h('div', { class: 'toolbar board-toolbar' },
        field('Project', projectSelect), field('Assignee', assigneeSelect), field('Search', search),
        h('span', { class: 'spacer' }),
        operator && h('button', { type: 'button', class: 'button primary', id: 'board-new', text: 'New task', onclick: create })),
      message, status, help, board);

    const target = (event, on) => event.currentTarget.classList.toggle('drop-target', on);
    const announce = (text) => { status.textContent = text; };
    const say = (node) => mount(message, node);
    const label = (task) => `${task.ticket_ref || `#${task.id}`} ${task.title}`;

    function setFilter(key, value) {
      filter[key] = value;
      setParams({ project_id: filter.project, assignee: filter.assignee, q: filter.q });
      renderAll();
    }

    function makeCard(task) {
      const element = card(task, { operator, open: () => open(task.id), help: 'board-help' });
      if (operator) {
        element.addEventListener('dragstart', (event) => {
          event.dataTransfer.setData('text/plain', String(task.id));
          event.dataTransfer.effectAllowed = 'move';
        });
      }
      element.addEventListener('keydown', (event) => onKey(event, task.id));
      // Tabbing or clicking away from a held card cancels the move.
      element.addEventListener('focusout', () => {
        if (held?.id === task.id && !held.shifting) cancel(element, tasks.get(task.id));
      });
      cards.set(task.id, element);
      return element;
    }

    // Every column's cards built in one fragment: 1,000 cards paint in one layout.
    function renderAll() {
      const buckets = new Map(columns.map((column) => [column.key, []]));
      for (const task of tasks.values()) if (matches(task, filter)) buckets.get(columnOf(task.status).key).push(task);
      cards.clear();
      for (const [key, list] of buckets) {
        list.sort(newer);
        const fragment = document.createDocumentFragment();
        for (const task of list) fragment.append(makeCard(task));
        lists.get(key).replaceChildren(fragment);
        lists.get(key).append(h('li', { class: 'empty column-empty', text: 'No tasks' }));
        counts.get(key).textContent = String(list.length);
      }
    }

    function updateCount(key) {
      counts.get(key).textContent = String(lists.get(key).querySelectorAll('.card').length);
    }

    // Puts one task's card where it belongs (or removes it), keeping the newest-first order.
    function place(task) {
      const old = cards.get(task.id);
      const oldKey = old?.closest('.column')?.dataset.column;
      const focused = old && old === document.activeElement;
      old?.remove();
      cards.delete(task.id);
      if (oldKey) updateCount(oldKey);
      if (!task.deleted && matches(task, filter)) {
        const key = columnOf(task.status).key;
        const element = makeCard(task);
        const list = lists.get(key);
        const before = [...list.children].find((node) => node.dataset.id && newer(task, tasks.get(Number(node.dataset.id))) < 0);
        list.insertBefore(element, before || list.querySelector('.column-empty'));
        updateCount(key);
        if (focused) element.focus();
        message.querySelector('.board-empty')?.remove();
      }
      if (dialog?.id === task.id && !task.deleted) dialog.update(task);
    }

    async function move(id, key) {
      const task = tasks.get(id);
      if (!task || columnOf(task.status).key === key) return;
      const previous = task.status;
      task.status = key;
      place(task);
      say(null);
      announce(`${label(task)} moved to ${columnOf(key).label}.`);
      try {
        const data = await api(`/api/tasks/${id}`, { method: 'PUT', body: { status: key } });
        if (tasks.has(id)) tasks.set(id, Object.assign(task, data.task));
      } catch (error) {
        task.status = previous;
        place(task);
        announce(`Move refused: ${error.message} ${label(task)} is back in ${columnOf(previous).label}.`);
        say(h('div', { class: 'board-refusal', role: 'alert' },
          h('p', { class: 'error' }, h('strong', { text: `${label(task)}: ` }), error.message),
          error.status === 403 && key === 'done' && h('p', {}, 'Approve the review in the task first: Done needs an approved quality review. ',
            h('button', { type: 'button', class: 'button small', text: 'Open the task', onclick: () => open(id) }))));
      }
    }

    // Keyboard: Space picks up / drops, arrows move, Escape puts back, Enter opens.
    function onKey(event, id) {
      const element = cards.get(id);
      const task = tasks.get(id);
      if (!held) {
        if (event.key === 'Enter' || (event.key === ' ' && !operator)) {
          event.preventDefault();
          open(id);
        } else if (event.key === ' ' && operator) {
          event.preventDefault();
          held = { id, from: columnOf(task.status).key, at: columnOf(task.status).key };
          element.classList.add('moving');
          element.setAttribute('aria-grabbed', 'true');
          announce(`Picked up ${label(task)} in ${columnOf(task.status).label}. Left and Right to move, Space to drop, Escape to cancel.`);
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault(); // Up and Down walk the column
          element[event.key === 'ArrowDown' ? 'nextElementSibling' : 'previousElementSibling']?.focus();
        }
        return;
      }
      if (held.id !== id) return;
      const index = columns.findIndex((column) => column.key === held.at);
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        const next = columns[index + (event.key === 'ArrowLeft' ? -1 : 1)];
        if (!next) return;
        held.at = next.key;
        held.shifting = true; // moving the focused node blurs it
        lists.get(next.key).prepend(element);
        element.focus();
        held.shifting = false;
        announce(`Over ${next.label}.`);
      } else if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        const { at, from } = held;
        if (at === from) return cancel(element, task);
        drop(element);
        move(id, at);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        cancel(element, task);
      }
    }

    function cancel(element, task) {
      drop(element);
      place(task);
      announce(`Move cancelled: ${label(task)} stays in ${columnOf(task.status).label}.`);
    }

    function drop(element) {
      held = null;
      element.classList.remove('moving');
      element.removeAttribute('aria-grabbed');
    }

    function open(id) {
      setParams({ task: id });
      dialog?.close();
      const handle = openTask(id, {
        tasks, agents, projects, operator,
        onChange: (task) => {
          tasks.set(task.id, Object.assign(tasks.get(task.id) || {}, task));
          place(tasks.get(task.id));
        },
        onDelete: remove,
        onClose: () => {
          if (dialog !== handle) return; // another task was opened in its place
          dialog = null;
          setParams({ task: null });
          cards.get(id)?.focus();
        },
      });
      dialog = handle;
    }

    function create() {
      newTask({
        agents, projects,
        defaults: { project_id: filter.project },
        onSaved: (task) => {
          tasks.set(task.id, { comment_count: 0, ...task });
          place(tasks.get(task.id));
          announce(`Created ${label(task)}.`);
          cards.get(task.id)?.focus();
        },
      });
    }

    function remove(id) {
      const task = tasks.get(id);
      if (!task) return;
      if (held?.id === id) held = null;
      tasks.delete(id);
      place({ ...task, deleted: true });
    }

    // Live: merge the event into the task it names; a partial payload only changes its fields.
    function onTask(data) {
      if (!data?.id) return;
      const known = tasks.get(data.id);
      if (!known && !data.title) return; // a status change for a task we never loaded
      const task = Object.assign(known || { comment_count: 0 }, data);
      tasks.set(task.id, task);
      if (held?.id === task.id) return; // do not yank a card out of the user's hands
      place(task);
    }
    const unsubscribers = [
      ...['task.created', 'task.updated', 'task.status_changed'].map((type) => live.on(type, onTask)),
      live.on('task.deleted', (data) => {
        remove(data.id);
        if (dialog?.id === data.id) dialog.gone();
      }),
    ];

    function fillFilters() {
      mount(projectSelect, h('option', { value: '', text: 'All projects' }),
        projects.map((project) => h('option', { value: String(project.id), text: project.name, selected: String(project.id) === filter.project })));
      const names = new Set(agents.map((agent) => agent.name));
      for (const task of tasks.values()) if (task.assigned_to) names.add(task.assigned_to);
      if (filter.assignee) names.add(filter.assignee);
      mount(assigneeSelect, h('option', { value: '', text: 'Everyone' }),
        [...names].sort().map((name) => h('option', { value: name, text: name, selected: name === filter.assignee })));
    }

    // Pages in parallel: as many as the last visit needed (at least one) at once, the rest as
    // soon as the first page tells the total.
    async function loadTasks() {
      const page = (offset) => api(`/api/tasks${query({ limit: PAGE, offset })}`);
      const guess = Math.min(5 * PAGE, Math.max(PAGE, Number(localStorage.getItem('mc-board-total')) || 0));
      const pages = [];
      for (let offset = 0; offset < guess; offset += PAGE) pages.push(page(offset));
      const { total } = await pages[0];
      for (let offset = pages.length * PAGE; offset < total; offset += PAGE) pages.push(page(offset));
      localStorage.setItem('mc-board-total', String(total));
      for (const data of await Promise.all(pages)) for (const task of data.tasks) if (!tasks.has(task.id)) tasks.set(task.id, task);
    }

    async function load() {
      try {
        const [, projectData, agentData] = await Promise.all([
          loadTasks(),
          api('/api/projects').catch(() => ({ projects: [] })),
          api(`/api/agents${query({ limit: 200 })}`).catch(() => ({ agents: [] })),
        ]);
        projects = projectData.projects;
        agents = agentData.agents;
        performance.mark('board-data'); // bench/browser_bench.py reads both marks
        renderAll();
        performance.mark('board-cards');
        board.removeAttribute('aria-busy');
        fillFilters();
        const column = url.get('column');
        const section = column && board.querySelector(`[data-column="${CSS.escape(column)}"]`);
        if (section) {
          section.classList.add('highlight');
          section.scrollIntoView({ block: 'nearest', inline: 'center' });
        }
        if (url.get('task')) open(Number(url.get('task')));
        if (!tasks.size) say(h('p', { class: 'empty board-empty', text: operator ? 'No tasks yet. Create the first one with “New task”.' : 'No tasks yet.' }));
      } catch (error) {
        board.removeAttribute('aria-busy');
        say(errorBox(`The tasks could not be loaded: ${error.message}`));
      }
    }
    load();

    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      dialog?.close();
    };
  },
};
