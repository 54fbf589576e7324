// URL routes of the UI on the History API: deep links and the back button work, and links
// inside the app navigate without reloading.

const routes = [];
let renderRoute = () => {};

/** Adds a route: `pattern` like '/agents/:name'. */
export function route(pattern, load, options = {}) {
  const names = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ pattern, regex: new RegExp(`^${source}/?$`), names, load, ...options });
}

/** The route matching `path`, with its decoded parameters; null when none matches. */
export function match(path) {
  for (const entry of routes) {
    const found = entry.regex.exec(path);
    if (found) {
      const params = {};
      entry.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { ...entry, params };
    }
  }
  return null;
}

/** Goes to `path` (with query string); `replace` rewrites the current history entry. */
export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) {
    renderRoute();
    return;
  }
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  renderRoute();
}

/** The current query parameters. */
export function params() {
  return new URLSearchParams(location.search);
}

/** Sets query parameters of the current page without adding a history entry. */
export function setParams(values) {
  const search = params();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') search.delete(key);
    else search.set(key, value);
  }
  const text = search.toString();
  history.replaceState(null, '', location.pathname + (text ? `?${text}` : ''));
}

/** Starts routing: `render` is called for every navigation. */
export function startRouter(render) {
  renderRoute = render;
  addEventListener('popstate', render);
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const href = link.getAttribute('href');
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || link.target) return;
    event.preventDefault();
    navigate(href);
  });
  render();
}
