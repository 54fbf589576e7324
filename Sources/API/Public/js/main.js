// Boot: find out who is signed in, then route. Every page is a module under panels/ that
// exports {title, role?, render(container, context) → cleanup?}; it is loaded when first opened.
import { api, setUnauthorizedHandler } from './api.js';
import { h, mount, errorBox } from './dom.js';
import * as live from './live.js';
import { route, match, navigate, startRouter } from './router.js';
import { createShell } from './shell.js';
import { can, setUser, user } from './session.js';

route('/login', () => import('./panels/login.js'), { public: true });
route('/', () => import('./panels/overview.js'));
route('/agents', () => import('./panels/agents.js'));
route('/agents/:name', () => import('./panels/agent-detail.js'));
route('/tasks', () => import('./panels/board.js'));
route('/activity', () => import('./panels/activity.js'));
route('/costs', () => import('./panels/costs.js'));
route('/sessions', () => import('./panels/sessions.js'));
route('/audit', () => import('./panels/audit.js'), { role: 'admin' });
route('/users', () => import('./panels/users.js'), { role: 'admin' });
route('/keys', () => import('./panels/keys.js'), { role: 'admin' });
route('/webhooks', () => import('./panels/webhooks.js'), { role: 'admin' });
route('/settings', () => import('./panels/settings.js'), { role: 'admin' });

const root = document.getElementById('app');
let shell = null;
let cleanup = null;
let renderToken = 0;

async function loadSession() {
  try {
    const data = await api('/api/auth/me', { quiet401: true });
    setUser(data.user);
  } catch (error) {
    if (error.status !== 401) throw error;
    setUser(null);
  }
}

async function signOut() {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    endSession();
    navigate('/login', { replace: true });
  }
}

function endSession() {
  setUser(null);
  live.stop();
  shell?.destroy();
  shell = null;
}

function runCleanup() {
  if (typeof cleanup === 'function') {
    try {
      cleanup();
    } catch (error) {
      console.warn('cleanup failed', error);
    }
  }
  cleanup = null;
}

async function render() {
  const token = ++renderToken;
  runCleanup();
  const path = location.pathname;
  const found = match(path);
  if (found?.public) {
    shell?.destroy();
    shell = null;
    const module = await found.load();
    if (token !== renderToken) return;
    document.title = `${module.default.title} · Mission Control`;
    cleanup = module.default.render(root, { params: found.params, onSignedIn: signedIn });
    return;
  }
  if (!user()) {
    const next = path + location.search;
    navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
    return;
  }
  if (!shell) {
    shell = createShell(root, { onSignOut: signOut });
    live.start();
  }
  if (!found) {
    shell.setActive(path, 'Not found');
    mount(shell.main, h('section', { class: 'panel' }, h('p', { text: 'There is no page at this address. ' }, h('a', { href: '/', text: 'Go to the overview' }))));
    return;
  }
  if (found.role && !can(found.role)) {
    shell.setActive(path, 'Not allowed');
    mount(shell.main, h('section', { class: 'panel' }, errorBox(`This page needs the ${found.role} role; you are signed in as ${user().role}.`)));
    return;
  }
  let module;
  try {
    module = await found.load();
  } catch (error) {
    shell.setActive(path, 'Error');
    mount(shell.main, errorBox(`This page could not be loaded: ${error.message}`));
    return;
  }
  if (token !== renderToken) return;
  shell.setActive(path, module.default.title);
  mount(shell.main);
  // setTitle lets a page name what it shows (an agent's name, say) in the header and tab.
  const setTitle = (text) => token === renderToken && shell?.setActive(path, text);
  cleanup = module.default.render(shell.main, { params: found.params, navigate, setTitle });
}

async function signedIn() {
  await loadSession();
  const next = new URLSearchParams(location.search).get('next');
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
}

setUnauthorizedHandler(() => {
  if (!user()) return;
  endSession();
  const next = location.pathname + location.search;
  navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
});

try {
  // Fetch the page's module while the session is checked, not after.
  match(location.pathname)?.load().catch(() => {});
  await loadSession();
  startRouter(render);
} catch (error) {
  mount(root, errorBox(error.message));
}
