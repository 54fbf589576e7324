// The one rendering approach of the UI: h() builds real DOM nodes (text is always set as text,
// never parsed as HTML), mount() replaces a container's content.

/**
 * Creates an element. `props`: `class`, `text`, `on<event>` handlers, `dataset`, `style` is not
 * supported (CSP: styles come from the stylesheet), booleans set/remove attributes, everything
 * else is set as an attribute. Children may be nodes, strings, numbers, arrays, null/false.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') element.textContent = String(value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'value' && 'value' in element) element.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') element[key] = Boolean(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `container` with `children`. */
export function mount(container, ...children) {
  container.replaceChildren();
  append(container, children);
  return container;
}

/** "3 min ago" for a unix time in seconds; "never" for none. */
export function ago(seconds) {
  if (!seconds) return 'never';
  const delta = Math.max(0, Math.round(Date.now() / 1000 - seconds));
  if (delta < 10) return 'just now';
  if (delta < 60) return `${delta} s ago`;
  if (delta < 3600) return `${Math.floor(delta / 60)} min ago`;
  if (delta < 86400) return `${Math.floor(delta / 3600)} h ago`;
  return `${Math.floor(delta / 86400)} d ago`;
}

/** A unix time in seconds as local date and time. */
export function dateTime(seconds) {
  if (!seconds) return '—';
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An element that shows an error message (role=alert so screen readers announce it). */
export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert', text: message });
}

/** A status pill: `status` becomes its class so the stylesheet colours it. */
export function pill(status, label = status) {
  return h('span', { class: ['pill', `pill-${String(status).replace(/[^a-z_-]/gi, '')}`], text: label });
}

/** A modal dialog built on <dialog>; resolves with the dialog's return value. */
export function dialog(title, body, actions) {
  const element = h('dialog', { class: 'dialog', 'aria-label': title },
    h('form', { method: 'dialog' },
      h('h2', { text: title }),
      body,
      h('div', { class: 'actions' }, actions)));
  document.body.append(element);
  element.addEventListener('close', () => element.remove());
  element.showModal();
  return element;
}
