// Helpers shared by the Agents, Agent detail and Activity panels: the agent actions (register,
// wake, message, retire, delete) as dialogs, relative times that stay current, a notice line.
import { api } from '../api.js';
import { h, ago, dateTime, errorBox, dialog } from '../dom.js';
import { can } from '../session.js';

export const taskEvents = ['task.created', 'task.updated', 'task.deleted', 'task.status_changed'];

/** A <time> that says "3 min ago"; keepTimesCurrent() keeps it so. */
export const timeAgo = (seconds) => h('time', { class: 'ago', dataset: { at: seconds || '' }, title: seconds && dateTime(seconds), text: ago(seconds) });

/** Re-renders every relative time under `root` every 30 s (no fetching); returns a stop function. */
export function keepTimesCurrent(root) {
  const timer = setInterval(() => {
    for (const element of root.querySelectorAll('time.ago')) element.textContent = ago(Number(element.dataset.at) || 0);
  }, 30000);
  return () => clearInterval(timer);
}

/** A status line for the outcome of actions (role=status: screen readers announce it). */
export function notice() {
  const element = h('p', { class: 'notice', role: 'status' });
  return {
    element,
    show(text, kind = 'ok') {
      element.className = `notice ${kind}`;
      element.textContent = text;
    },
  };
}

/** A form dialog: submit awaits `run()`; errors stay in the dialog, success closes it and calls `done(result)`. */
export function ask({ title, body, submit, danger = false, run, done }) {
  const error = h('div', { class: 'dialog-error' });
  const ok = h('button', { type: 'submit', class: ['button', danger ? 'danger' : 'primary'], text: submit });
  const element = dialog(title, [body, error], [
    h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => element.close() }), ok]);
  element.querySelector('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    ok.disabled = true;
    error.replaceChildren();
    try {
      const result = await run();
      element.close();
      done?.(result);
    } catch (failure) {
      error.replaceChildren(errorBox(failure.message));
      ok.disabled = false;
    }
  });
  element.querySelector('input, textarea, select')?.focus();
  return element;
}

let fieldIds = 0;
/** A labelled control (`tag` with `props`) and an optional hint; returns [wrapper, control]. */
export function field(label, tag, props, hint) {
  const id = `agf-${++fieldIds}`;
  const control = h(tag, { id, 'aria-describedby': hint && `${id}-hint`, ...props });
  return [h('div', { class: 'field' }, h('label', { for: id, text: label }), control, hint && h('small', { id: `${id}-hint`, class: 'muted', text: hint })), control];
}

/** Register dialog (POST /api/agents). */
export function registerAgent(done) {
  const [nameField, name] = field('Name', 'input', { required: true, maxlength: '100', autocomplete: 'off' });
  const [roleField, role] = field('Role', 'input', { required: true, maxlength: '100', value: 'agent' }, 'E.g. coder, reviewer, tester.');
  const [keyField, key] = field('Session key (optional)', 'input', { maxlength: '200', autocomplete: 'off' }, 'Addresses the agent’s runtime session.');
  const [soulField, soul] = field('SOUL (optional)', 'textarea', { maxlength: '50000', rows: '5', class: 'mono' }, 'Personality and instructions (Markdown).');
  ask({
    title: 'Register agent', submit: 'Register', body: [nameField, roleField, keyField, soulField],
    run: () => api('/api/agents', {
      method: 'POST',
      body: { name: name.value.trim(), role: role.value.trim(), session_key: key.value.trim() || undefined, soul_content: soul.value || undefined },
    }),
    done: (result) => done(`Registered ${result.agent.name}.`),
  });
}

/** Wake: the server queues a notification that the agent receives with its next heartbeat. */
function wakeAgent(agent, done) {
  const [messageField, message] = field('Message (optional)', 'textarea', { rows: '3', maxlength: '2000' }, 'Empty: “check Mission Control for your assigned work”.');
  ask({
    title: `Wake ${agent.name}`, submit: 'Wake',
    body: [h('p', { class: 'muted', text: `${agent.name} gets the wake request with its next heartbeat; nothing is pushed to it now.` }), messageField],
    run: () => api(`/api/agents/${agent.id}/wake`, { method: 'POST', body: message.value.trim() ? { message: message.value.trim() } : {} }),
    done: () => done(`Wake request queued for ${agent.name}. The agent gets it with its next heartbeat.`),
  });
}

function messageAgent(agent, done) {
  const [messageField, message] = field('Message', 'textarea', { rows: '4', required: true, maxlength: '10000' });
  ask({
    title: `Message ${agent.name}`, submit: 'Send', body: messageField,
    run: () => api('/api/agents/message', { method: 'POST', body: { to: agent.name, message: message.value } }),
    done: () => done(`Message sent to ${agent.name}; it waits in the agent’s notifications.`),
  });
}

/** Retire (hide, after confirmation), or show a retired agent again. */
function retireAgent(agent, done) {
  if (agent.hidden) {
    return api(`/api/agents/${agent.id}/hide`, { method: 'DELETE' })
      .then(() => done(`${agent.name} is listed again.`), (error) => done(error.message, 'error'));
  }
  return ask({
    title: `Retire ${agent.name}?`, submit: 'Retire', danger: true,
    body: h('p', { text: `${agent.name} is hidden from the agent list (“Show retired” lists it). Its tasks, history and keys are kept; you can bring it back any time.` }),
    run: () => api(`/api/agents/${agent.id}/hide`, { method: 'POST' }),
    done: () => done(`${agent.name} was retired.`),
  });
}

/** Delete (admin), after confirmation. */
function deleteAgent(agent, done) {
  ask({
    title: `Delete ${agent.name}?`, submit: 'Delete', danger: true,
    body: h('p', { text: `This removes ${agent.name} and its API keys for good; its tasks keep the name. Retiring keeps everything instead.` }),
    run: () => api(`/api/agents/${agent.id}`, { method: 'DELETE' }),
    done: () => done(`${agent.name} was deleted.`),
  });
}

/** The action buttons a role may use for one agent (none for viewers). */
export function agentActions(agent, done, { small = true, onDeleted } = {}) {
  if (!can('operator')) return [];
  const button = (text, onclick, extra = '') => h('button', {
    type: 'button', class: ['button', small && 'small', extra], text, 'aria-label': `${text} ${agent.name}`, onclick,
  });
  return [
    button('Wake', () => wakeAgent(agent, done)),
    button('Message', () => messageAgent(agent, done)),
    button(agent.hidden ? 'Show' : 'Retire', () => retireAgent(agent, done)),
    can('admin') && button('Delete', () => deleteAgent(agent, (text) => (onDeleted || done)(text)), 'danger'),
  ];
}

/** "1 assigned · 2 in progress · 9 total" from taskStats. */
export function taskSummary(stats = {}) {
  const parts = [['assigned', 'assigned'], ['in_progress', 'in progress'], ['quality_review', 'in review'], ['done', 'done']]
    .filter(([key]) => stats[key]).map(([key, text]) => `${stats[key]} ${text}`);
  return stats.total ? [...parts, `${stats.total} total`].join(' · ') : 'none';
}

/** Calls `fn` once per animation frame however often it is requested (bursts of live events). */
export function perFrame(fn) {
  let frame = 0;
  const request = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; fn(); });
  };
  request.cancel = () => { cancelAnimationFrame(frame); frame = 0; };
  return request;
}

/** Coalesces a burst of calls into one `load` 150 ms after the first; `.cancel()` drops a pending one. */
export function debounced(load, delay = 150) {
  let timer = null;
  const request = () => {
    if (!timer) timer = setTimeout(() => { timer = null; load(); }, delay);
  };
  request.cancel = () => { clearTimeout(timer); timer = null; };
  return request;
}
