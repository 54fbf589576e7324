// The task view (details, edit, delete, quality reviews, threaded comments with @mentions) and
// the create/edit form, as modal <dialog>s.
import { api, query } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill } from '../dom.js';
import { dueText, fromDateInput, priorities, toDateInput } from './task-util.js';

let formCount = 0;

function modal(props, ...children) {
  const element = h('dialog', { class: 'dialog task-dialog', ...props }, ...children);
  document.body.append(element);
  element.addEventListener('close', () => element.remove());
  element.showModal();
  return element;
}

/** The create/edit form. `task` null creates. Calls onSaved(task) after the server accepted it. */
export function taskForm(task, { agents, projects, defaults = {}, onSaved, onCancel }) {
  const n = ++formCount;
  const value = (key) => String((task ? task[key] : defaults[key]) ?? '');
  const names = new Set(agents.map((agent) => agent.name));
  if (task?.assigned_to) names.add(task.assigned_to);
  const options = (key, list) => list.map(([v, text]) => h('option', { value: v, text, selected: v === value(key) }));
  const control = (tag, key, props, ...children) => h(tag, { id: `tf${n}-${key}`, name: key, ...props }, ...children);
  const title = control('input', 'title', { value: value('title'), 'aria-required': 'true' });
  const description = control('textarea', 'description', { value: value('description') });
  const priority = control('select', 'priority', {}, options('priority', priorities.map((p) => [p, p])));
  if (!task?.priority) priority.value = 'medium';
  const assignee = control('select', 'assigned_to', {}, options('assigned_to', [['', 'Unassigned'], ...[...names].sort().map((name) => [name, name])]));
  const project = control('select', 'project_id', {}, options('project_id', [['', 'Default project'], ...projects.map((p) => [String(p.id), p.name])]));
  const due = control('input', 'due_date', { type: 'date', value: toDateInput(task?.due_date) });
  const problem = h('div', { 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'button primary', text: task ? 'Save changes' : 'Create task' });
  const field = (text, input) => h('div', { class: 'field' }, h('label', { for: input.id, text }), input);
  setTimeout(() => title.focus());
  return h('form', {
    class: 'task-form',
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { title: title.value.trim(), description: description.value, priority: priority.value, assigned_to: assignee.value };
      if (project.value) body.project_id = Number(project.value);
      if (due.value || task?.due_date) body.due_date = fromDateInput(due.value);
      save.disabled = true;
      mount(problem);
      try {
        onSaved((await api(task ? `/api/tasks/${task.id}` : '/api/tasks', { method: task ? 'PUT' : 'POST', body })).task);
      } catch (error) {
        mount(problem, errorBox(error.message));
        title.focus();
      } finally {
        save.disabled = false;
      }
    },
  },
  field('Title', title), field('Description', description),
  h('div', { class: 'form-row' }, field('Priority', priority), field('Assignee', assignee), field('Project', project), field('Due date', due)),
  problem,
  h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: onCancel }), save));
}

/** Opens the create form in its own dialog. */
export function newTask(options) {
  const element = modal({ 'aria-labelledby': 'new-task-h' }, h('h2', { id: 'new-task-h', text: 'New task' }), taskForm(null, {
    ...options,
    onSaved: (saved) => {
      element.close();
      options.onSaved(saved);
    },
    onCancel: () => element.close(),
  }));
}

/** Opens the task view; returns {id, update(task), gone(), close()}. */
export function openTask(id, { tasks, agents, projects, operator, onChange, onDelete, onClose }) {
  let task = tasks.get(id) || null;
  let replyTo = null;
  const heading = h('h2', { id: 'task-dialog-title', text: task ? `${task.ticket_ref || ''} ${task.title}` : 'Loading task…' });
  const details = h('div', { class: 'task-details' });
  const reviews = h('section', { class: 'task-section', 'aria-labelledby': 'reviews-h' });
  const comments = h('section', { class: 'task-section', 'aria-labelledby': 'comments-h' });
  const close = h('button', { type: 'button', class: 'button ghost small task-close', text: 'Close', onclick: () => element.close() });
  const element = modal({ 'aria-labelledby': 'task-dialog-title' }, h('div', { class: 'task-head' }, heading, close), details, reviews, comments);
  element.addEventListener('close', onClose);

  const name = () => { heading.textContent = `${task.ticket_ref || ''} ${task.title}`; };
  const change = () => onChange(task, name());

  function showDetails() {
    const row = (term, text) => [h('dt', { text: term }), h('dd', { text })];
    mount(details,
      h('p', { class: 'row' }, pill(task.status, task.status.replace(/_/g, ' ')), pill(task.priority || 'medium')),
      h('dl', { class: 'task-facts' },
        row('Assignee', task.assigned_to || 'unassigned'),
        row('Project', task.project_name || projects.find((p) => p.id === task.project_id)?.name || '—'),
        row('Due', task.due_date ? dueText(task.due_date) : 'no due date'),
        row('Created', `${dateTime(task.created_at)} by ${task.created_by || 'unknown'}`)),
      task.error_message && h('p', { class: 'error', text: `Last error: ${task.error_message}` }),
      h('p', { class: task.description ? 'task-description' : 'task-description empty', text: task.description || 'No description.' }),
      operator && h('div', { class: 'row' },
        h('button', { type: 'button', class: 'button', text: 'Edit', onclick: edit }),
        h('button', { type: 'button', class: 'button danger', text: 'Delete', onclick: confirmDelete })));
  }

  function edit() {
    mount(details, taskForm(task, {
      agents, projects,
      onSaved: (saved) => {
        task = Object.assign(task, saved);
        change();
        showDetails();
      },
      onCancel: showDetails,
    }));
  }

  function confirmDelete() {
    const problem = h('div', { 'aria-live': 'polite' });
    const yes = h('button', {
      type: 'button', class: 'button danger', text: 'Delete for good',
      onclick: async () => {
        yes.disabled = true;
        try {
          await api(`/api/tasks/${task.id}`, { method: 'DELETE' });
          onDelete(task.id);
          element.close();
        } catch (error) {
          yes.disabled = false;
          mount(problem, errorBox(error.message));
        }
      },
    });
    mount(details, h('div', { class: 'confirm', role: 'alert' },
      h('p', {}, 'Delete ', h('strong', { text: heading.textContent }), '? Its comments and reviews go with it. This cannot be undone.'),
      problem,
      h('div', { class: 'row' }, h('button', { type: 'button', class: 'button', text: 'Keep it', onclick: showDetails }), yes)));
    yes.focus();
  }

  async function loadReviews() {
    const title = h('h3', { id: 'reviews-h', text: 'Quality review' });
    let list;
    try {
      const data = await api(`/api/quality-review${query({ taskId: task.id })}`);
      list = data.reviews.length
        ? h('ul', { class: 'feed reviews' }, data.reviews.map((review) => h('li', {},
          pill(review.status), h('span', { class: 'grow' }, h('strong', { text: review.reviewer }), ` ${review.notes || ''}`),
          h('small', { text: ago(review.created_at) }))))
        : h('p', { class: 'empty', text: 'No reviews yet.' });
    } catch (error) {
      list = errorBox(error.message);
    }
    const notes = h('textarea', { id: 'review-notes', class: 'short', placeholder: 'What was checked, what is missing' });
    const problem = h('div', { 'aria-live': 'polite' });
    async function review(status) {
      try {
        await api('/api/quality-review', { method: 'POST', body: { taskId: task.id, status, notes: notes.value.trim() } });
        task.status = status === 'approved' ? 'done' : 'in_progress';
        change();
        showDetails();
        await loadReviews();
        reviews.querySelector('.review-result').textContent = status === 'approved'
          ? 'Approved: the task moved to Done.' : 'Rejected: the task went back to In progress.';
      } catch (error) {
        mount(problem, errorBox(error.message));
      }
    }
    mount(reviews, title,
      h('p', { class: 'muted', text: 'A task reaches Done only when its latest review (by aegis) is approved.' }),
      list,
      h('p', { class: 'review-result ok', role: 'status' }),
      operator && h('div', { class: 'review-form' },
        h('div', { class: 'field' }, h('label', { for: 'review-notes', text: 'Review notes' }), notes),
        problem,
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'button primary', text: 'Approve', onclick: () => review('approved') }),
          h('button', { type: 'button', class: 'button danger', text: 'Reject', onclick: () => review('rejected') }))));
  }

  function commentNode(comment) {
    return h('article', { class: 'comment' },
      h('p', { class: 'comment-head' }, h('strong', { text: comment.author }), ' ', h('small', { class: 'muted', text: ago(comment.created_at) })),
      h('p', { class: 'comment-body', text: comment.content }),
      operator && h('button', {
        type: 'button', class: 'button ghost small', text: 'Reply', 'aria-label': `Reply to ${comment.author}`, onclick: () => {
          replyTo = comment;
          showReplying();
          comments.querySelector('textarea')?.focus();
        },
      }),
      comment.replies?.length ? h('div', { class: 'replies' }, comment.replies.map(commentNode)) : null);
  }

  const replying = h('p', { class: 'replying muted' });
  function showReplying() {
    mount(replying, replyTo ? [`Replying to ${replyTo.author} `,
      h('button', { type: 'button', class: 'button ghost small', text: 'Cancel reply', onclick: () => { replyTo = null; showReplying(); } })] : []);
  }

  async function loadComments() {
    const title = h('h3', { id: 'comments-h', text: 'Comments' });
    let thread;
    try {
      const data = await api(`/api/tasks/${task.id}/comments`);
      title.textContent = `Comments (${data.total})`;
      thread = data.comments.length ? h('div', { class: 'thread' }, data.comments.map(commentNode)) : h('p', { class: 'empty', text: 'No comments yet.' });
      if (task.comment_count !== data.total) {
        task.comment_count = data.total;
        onChange(task);
      }
    } catch (error) {
      thread = errorBox(error.message);
    }
    mount(comments, title, thread, operator && commentForm());
  }

  function commentForm() {
    const text = h('textarea', { id: 'comment-text', class: 'short', placeholder: 'Write a comment; @name mentions someone' });
    const suggestions = mentionSuggestions(text);
    const problem = h('div', { 'aria-live': 'polite' });
    const send = h('button', { type: 'submit', class: 'button primary', text: 'Post comment' });
    showReplying();
    return h('form', {
      class: 'comment-form',
      onsubmit: async (event) => {
        event.preventDefault();
        send.disabled = true;
        try {
          await api(`/api/tasks/${task.id}/comments`, { method: 'POST', body: { content: text.value, ...(replyTo ? { parent_id: replyTo.id } : {}) } });
          replyTo = null;
          await loadComments();
          comments.querySelector('textarea')?.focus();
        } catch (error) {
          const missing = error.body?.missing_mentions;
          mount(problem, errorBox(missing?.length
            ? `${error.message}. Nobody here is called ${missing.map((m) => `@${m}`).join(', ')}: pick a name from the suggestions.`
            : error.message));
          send.disabled = false;
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'comment-text', text: 'Add a comment' }), text),
    suggestions, replying, problem, h('div', { class: 'row' }, send));
  }

  async function load() {
    if (!task) {
      try {
        task = (await api(`/api/tasks/${id}`)).task;
      } catch (error) {
        heading.textContent = 'Task not available';
        mount(details, errorBox(error.message));
        return;
      }
      name();
    }
    showDetails();
    loadReviews();
    loadComments();
  }
  load();

  return {
    id,
    update(next) {
      if (!task || details.querySelector('form, .confirm')) return; // do not wipe an edit in progress
      task = next;
      name();
      showDetails();
    },
    gone: () => mount(details, errorBox('This task was deleted.'), reviews.remove(), comments.remove()),
    close: () => element.open && element.close(),
  };
}

// Suggestions for the @name being typed, from /api/mentions (debounced: one request per pause
// in typing, not per key); choosing one completes the name.
function mentionSuggestions(textarea) {
  const list = h('ul', { class: 'mentions', 'aria-label': 'Mention suggestions', hidden: true });
  let timer = null;
  const before = () => textarea.value.slice(0, textarea.selectionStart);
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    const found = /(?:^|[^\w.-])@([A-Za-z0-9][\w.-]{0,63})?$/.exec(before());
    list.hidden = true;
    if (found) timer = setTimeout(async () => {
      const data = await api(`/api/mentions${query({ q: found[1], limit: 6 })}`).catch(() => ({ mentions: [] }));
      mount(list, data.mentions.map((m) => h('li', {}, h('button', {
        type: 'button', class: 'button ghost small', text: `@${m.handle} · ${m.display} (${m.type})`,
        onclick: () => {
          const head = before().replace(/@[\w.-]*$/, `@${m.handle} `);
          textarea.value = head + textarea.value.slice(textarea.selectionStart);
          textarea.focus();
          textarea.setSelectionRange(head.length, head.length);
          list.hidden = true;
        },
      }))));
      list.hidden = !data.mentions.length;
    }, 150);
  });
  return list;
}
