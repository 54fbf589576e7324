// Helpers of the admin panels: labelled fields, dialogs (confirm, form, one-time secret), tables.
import { h, mount, dialog, errorBox } from '../dom.js';

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/** A labelled field {wrap, input}; `make(id)` builds the input. */
export function field(label, make, hint) {
  const id = uid('f');
  const input = make(id);
  if (hint) input.setAttribute('aria-describedby', `${id}-h`);
  return { input, wrap: h('div', { class: 'field' }, h('label', { for: id, text: label }), input, hint && h('small', { id: `${id}-h`, class: 'muted', text: hint })) };
}

/** Resolves true when the user confirms. Cancel has the focus, so a stray Enter does no harm. */
export function confirm(title, message, label, danger = true) {
  return new Promise((resolve) => {
    const element = dialog(title, h('p', { text: message }), [
      h('button', { value: 'cancel', class: 'button', text: 'Cancel', autofocus: true }),
      h('button', { value: 'ok', class: ['button', danger ? 'danger' : 'primary'], text: label }),
    ]);
    element.addEventListener('close', () => resolve(element.returnValue === 'ok'));
  });
}

/** A form dialog: `submit()` runs on submit; what it throws is shown in the dialog, else it closes. */
export function formDialog(title, fields, label, submit) {
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const ok = h('button', { type: 'submit', value: 'ok', class: 'button primary', text: label });
  const element = dialog(title, [fields, message], [h('button', { value: 'cancel', class: 'button', text: 'Cancel' }), ok]);
  const form = element.querySelector('form');
  form.noValidate = true; // our checks and the server's explain themselves; the browser's bubbles do not
  form.addEventListener('submit', async (event) => {
    if (event.submitter?.value === 'cancel') return;
    event.preventDefault();
    ok.disabled = true;
    mount(message);
    try {
      await submit();
      element.close('ok');
    } catch (error) {
      mount(message, errorBox(error.message));
      ok.disabled = false;
    }
  });
  return element;
}

/** Shows a secret once, with a copy button and the warning that it cannot be shown again. */
export function showSecret(title, secret, note) {
  const status = h('span', { class: 'muted', role: 'status' });
  const code = h('code', { class: 'secret', text: secret });
  const copy = h('button', {
    type: 'button', class: 'button', text: 'Copy',
    async onclick() {
      try {
        await navigator.clipboard.writeText(secret);
        status.textContent = 'Copied.';
      } catch {
        // Clipboard refused (insecure origin or permission): select the text for a manual copy.
        getSelection().selectAllChildren(code);
        status.textContent = 'Press Ctrl+C to copy the selected key.';
      }
    },
  });
  dialog(title, [
    h('p', { class: 'warning', text: 'Copy this key now: you will not see it again.' }),
    code,
    h('div', { class: 'row' }, copy, status),
    note && h('p', { class: 'muted', text: note }),
  ], [h('button', { value: 'done', class: 'button primary', text: 'Done' })]);
}

/** Runs `work` with `button` disabled; its error goes into `slot`. */
export async function busy(button, slot, work) {
  button.disabled = true;
  mount(slot);
  try {
    return await work();
  } catch (error) {
    mount(slot, errorBox(error.message));
    return undefined;
  } finally {
    button.disabled = false;
  }
}

export const loading = () => h('p', { class: 'muted', text: 'Loading…' });

/** A definition list from [label, value] pairs. */
export const facts = (pairs) => h('dl', { class: 'facts' }, pairs.map(([label, value]) => [h('dt', { text: label }), h('dd', { text: value })]));

/** A table with a caption (for screen readers) and header cells. */
export function table(caption, headers, rows) {
  return h('table', {},
    h('caption', { class: 'sr-only', text: caption }),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, rows));
}

/** Coalesces bursts: `soon(fn)` runs fn once, 150 ms after the last call. */
export function coalescer() {
  let timer;
  const soon = (fn) => { clearTimeout(timer); timer = setTimeout(fn, 150); };
  soon.cancel = () => clearTimeout(timer);
  return soon;
}
