// The frame around every page: navigation rail, header with the live-connection indicator,
// notifications with their unread count, the user and sign-out.
import { api, query } from './api.js';
import { h, mount, ago } from './dom.js';
import { icon } from './icons.js';
import * as live from './live.js';
import { can, user } from './session.js';

/** The navigation entries; `role` hides entries the user may not open. */
export const navigation = [
  { path: '/', label: 'Overview', icon: 'overview' },
  { path: '/agents', label: 'Agents', icon: 'agents' },
  { path: '/tasks', label: 'Tasks', icon: 'tasks' },
  { path: '/activity', label: 'Activity', icon: 'activity' },
  { path: '/costs', label: 'Costs', icon: 'costs' },
  { path: '/sessions', label: 'Sessions', icon: 'sessions' },
  { path: '/audit', label: 'Audit log', icon: 'audit', role: 'admin' },
  { path: '/users', label: 'Users', icon: 'users', role: 'admin' },
  { path: '/keys', label: 'API keys', icon: 'keys', role: 'admin' },
  { path: '/webhooks', label: 'Webhooks', icon: 'webhooks', role: 'admin' },
  { path: '/settings', label: 'Settings', icon: 'settings', role: 'admin' },
];

const stateLabels = { live: 'Live', connecting: 'Connecting…', offline: 'Offline', paused: 'Paused' };

/** Builds the shell once; returns {main, setActive(path, title), destroy()}. */
export function createShell(root, { onSignOut }) {
  const me = user();
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const title = h('h1', { class: 'page-title', id: 'page-title', text: '' });
  const links = navigation
    .filter((item) => !item.role || can(item.role))
    .map((item) => h('a', { href: item.path, class: 'nav-link', dataset: { path: item.path } },
      icon(item.icon),
      h('span', { class: 'nav-label', text: item.label })));
  const indicator = h('span', { class: 'live-indicator', role: 'status', 'aria-live': 'polite' });
  const unsubscribeState = live.onState((state) => {
    indicator.className = `live-indicator live-${state}`;
    indicator.textContent = stateLabels[state] || state;
    indicator.title = state === 'live' ? 'Receiving changes as they happen' : 'Changes will appear when the connection is back';
  });
  const notifications = createNotifications(me.username);
  mount(root,
    h('a', { href: '#main', class: 'skip-link', text: 'Skip to content' }),
    h('div', { class: 'layout' },
      h('nav', { class: 'rail', 'aria-label': 'Main' },
        h('a', { href: '/', class: 'brand', 'aria-label': 'Mission Control home' },
          h('img', { src: '/favicon.svg', alt: '', width: '28', height: '28' }),
          h('span', { class: 'nav-label', text: 'Mission Control' })),
        links),
      h('div', { class: 'content' },
        h('header', { class: 'topbar' },
          title,
          h('div', { class: 'topbar-tools' },
            indicator,
            notifications.element,
            h('span', { class: 'whoami' },
              h('span', { class: 'whoami-name', text: me.display_name || me.username }),
              h('span', { class: ['role-badge', `role-${me.role}`], text: me.role })),
            h('button', { type: 'button', class: 'button ghost', onclick: onSignOut, text: 'Sign out' }))),
        main)));
  return {
    main,
    setActive(path, text) {
      title.textContent = text;
      document.title = `${text} · Mission Control`;
      for (const link of links) {
        const target = link.dataset.path;
        const active = target === '/' ? path === '/' : path === target || path.startsWith(`${target}/`);
        if (active) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
    destroy() {
      unsubscribeState();
      notifications.destroy();
    },
  };
}

/** The bell: unread count, a list of the latest notifications, mark-as-read. */
function createNotifications(recipient) {
  const badge = h('span', { class: 'badge', hidden: true });
  const list = h('ul', { class: 'notification-list' });
  const panel = h('div', { class: 'popover', id: 'notifications-panel', hidden: true, role: 'region', 'aria-label': 'Notifications' },
    h('div', { class: 'popover-head' },
      h('strong', { text: 'Notifications' }),
      // Marking read is an operator's write (PUT /api/notifications); viewers only read.
      can('operator') && h('button', { type: 'button', class: 'button small ghost', onclick: markAll, text: 'Mark all read' })),
    list);
  const button = h('button', {
    type: 'button', class: 'button ghost bell', 'aria-expanded': 'false', 'aria-controls': 'notifications-panel',
    onclick: toggle,
  }, icon('bell'), h('span', { class: 'sr-only', text: 'Notifications' }), badge);
  const element = h('div', { class: 'notifications' }, button, panel);
  let unread = 0;

  function setUnread(count) {
    unread = Math.max(0, count);
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    button.setAttribute('aria-label', `Notifications, ${unread} unread`);
  }

  async function load() {
    try {
      const data = await api(`/api/notifications${query({ recipient, limit: 20 })}`);
      setUnread(data.unreadCount || 0);
      mount(list, data.notifications.length
        ? data.notifications.map((item) => h('li', { class: item.read_at ? 'read' : 'unread' },
          h('strong', { text: item.title }),
          h('span', { text: item.message }),
          h('small', { text: ago(item.created_at) })))
        : h('li', { class: 'empty', text: 'No notifications yet.' }));
    } catch (error) {
      mount(list, h('li', { class: 'error', text: error.message }));
    }
  }

  async function markAll() {
    try {
      await api('/api/notifications', { method: 'PUT', body: { recipient, markAllRead: true } });
      await load();
    } catch (error) {
      mount(list, h('li', { class: 'error', text: error.message }));
    }
  }

  function toggle() {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) load();
  }

  function closeOnOutside(event) {
    if (!panel.hidden && !element.contains(event.target)) toggle();
  }

  document.addEventListener('click', closeOnOutside);
  const unsubscribe = live.on('notification.created', (data) => {
    if (data.recipient !== recipient) return;
    setUnread(unread + 1);
    if (!panel.hidden) load();
  });
  load();
  return {
    element,
    destroy() {
      unsubscribe();
      document.removeEventListener('click', closeOnOutside);
    },
  };
}
