// Small pieces shared by the board and the task dialog: the card, filters, dates, priorities.
import { h, pill } from '../dom.js';

export const priorities = ['critical', 'urgent', 'high', 'medium', 'low'];

/** Newest first (the API's order), ties by id; a sort comparator. */
export function newer(a, b) {
  return (b.created_at || 0) - (a.created_at || 0) || b.id - a.id;
}

/** True when the task passes the board's filters (project, assignee, free text). */
export function matches(task, { project, assignee, q }) {
  if (project && String(task.project_id) !== project) return false;
  if (assignee && task.assigned_to !== assignee) return false;
  if (q) {
    const text = `${task.ticket_ref || ''} ${task.title || ''} ${task.description || ''} ${task.assigned_to || ''}`.toLowerCase();
    return q.toLowerCase().split(/\s+/).every((word) => text.includes(word));
  }
  return true;
}

/** A due date (unix seconds) as a short local date. */
export function dueText(seconds) {
  return new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
}

/** Unix seconds ↔ the yyyy-mm-dd of a date input, in local time (noon, so no zone shifts the day). */
export function toDateInput(seconds) {
  if (!seconds) return '';
  const date = new Date(seconds * 1000);
  return new Date(date - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}
export const fromDateInput = (value) => (value ? Math.floor(new Date(`${value}T12:00`) / 1000) : null);

/** One board card: focusable, draggable for operators, opened by click or Enter. */
export function card(task, { operator, open, help }) {
  const overdue = task.due_date && task.due_date * 1000 < Date.now() && task.status !== 'done';
  const comments = task.comment_count || 0;
  return h('li', {
    class: 'card', tabindex: '0', draggable: operator ? 'true' : false, dataset: { id: String(task.id) },
    'aria-describedby': help, onclick: open,
  },
  h('span', { class: 'ref', text: task.ticket_ref || `#${task.id}` }),
  h('span', { class: 'title', text: task.title }),
  h('span', { class: 'meta' },
    pill(task.priority || 'medium'),
    h('span', { class: 'assignee', text: task.assigned_to || 'unassigned' }),
    task.due_date && h('span', { class: overdue ? 'due overdue' : 'due', text: `${overdue ? 'overdue ' : 'due '}${dueText(task.due_date)}` }),
    comments > 0 && h('span', { class: 'comments', text: `${comments} comment${comments === 1 ? '' : 's'}` })));
}
