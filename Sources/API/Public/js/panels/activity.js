// Activity: the live feed, newest first, filtered by type and actor (both in the URL). Live
// entries are queued and put into the page once per animation frame, so a burst (the replay
// after a hidden tab) costs one DOM update.
import { api, query } from '../api.js';
import { h, mount, errorBox } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { timeAgo, keepTimesCurrent, perFrame } from './agents-util.js';

const label = (type) => String(type).replace(/[._]/g, ' ');

/** Where an activity's subject lives in the UI (live events carry no `entity`, hence ids). */
function subjectHref({ type, entity_type: kind, entity_id: id, entity }) {
  if (kind === 'agent' && id && type !== 'agent_deleted') return `/agents/${encodeURIComponent(entity?.name || id)}`;
  if (kind === 'task' && id && type !== 'task_deleted') return `/tasks?task=${id}`;
  if (kind === 'comment' && entity?.task_id) return `/tasks?task=${entity.task_id}`;
  return null;
}

export default {
  title: 'Activity',
  render(root) {
    const search = params();
    const filters = { type: search.get('type') || '', actor: search.get('actor') || '' };
    const seen = new Set();
    let offset = 0;
    let total = 0;
    let queue = [];

    const type = h('select', { id: 'activity-type', onchange: () => apply({ type: type.value }) });
    const actor = h('input', { id: 'activity-actor', type: 'search', value: filters.actor, list: 'activity-actors', placeholder: 'Anyone', onchange: () => apply({ actor: actor.value.trim() }) });
    const actors = h('datalist', { id: 'activity-actors' });
    const feed = h('ol', { class: 'feed activity-feed', 'aria-label': 'Activity, newest first' });
    const status = h('div', { class: 'feed-status', 'aria-busy': 'true' }, h('p', { class: 'empty', text: 'Loading activity…' }));
    const more = h('button', { type: 'button', class: 'button', text: 'Load older', hidden: true, onclick: () => load(false) });
    const summary = h('p', { class: 'muted feed-summary', role: 'status' });
    mount(root, h('section', { class: 'panel' },
      h('div', { class: 'toolbar' },
        h('div', { class: 'field inline' }, h('label', { for: 'activity-type', text: 'Type' }), type),
        h('div', { class: 'field inline' }, h('label', { for: 'activity-actor', text: 'Agent or person' }), actor, actors),
        h('button', { type: 'button', class: 'button ghost', text: 'Clear filters', onclick: () => { type.value = actor.value = ''; apply({ type: '', actor: '' }); } }),
        h('span', { class: 'spacer' }), summary),
      feed, status, h('div', { class: 'feed-more' }, more)));

    // The URL's type (even a csv list) stays selectable when it is not among the counted ones.
    function setTypes(types) {
      mount(type, h('option', { value: '', text: 'All types' }), Array.from(new Set([...types, filters.type].filter(Boolean))).sort()
        .map((value) => h('option', { value, text: label(value), selected: value === filters.type })));
    }
    setTypes([]);
    api(`/api/activities${query({ stats: 1, hours: 720 })}`).then((data) => {
      setTypes(data.activityByType.map((entry) => entry.type));
      mount(actors, data.topActors.map((entry) => h('option', { value: entry.actor })));
    }, () => {}); // only a convenience: the feed works without it

    function apply(change) {
      Object.assign(filters, change);
      setParams(filters);
      load(true);
    }

    const matches = (item) => (!filters.type || filters.type.split(',').includes(item.type)) && (!filters.actor || item.actor === filters.actor);
    const showTotal = () => { summary.textContent = `${total} ${total === 1 ? 'entry' : 'entries'}${filters.type || filters.actor ? ' match' : ''}`; };
    const entry = (item) => h('li', { class: 'activity', dataset: { type: item.type, id: item.id ?? '' } },
      h('span', { class: 'activity-type', text: label(item.type) }),
      h('span', { class: 'feed-text' }, subjectHref(item) ? h('a', { href: subjectHref(item), text: item.description }) : item.description),
      h('small', {}, h('a', { href: `/activity${query({ type: filters.type, actor: item.actor })}`, class: 'actor', text: item.actor }), ' · ', timeAgo(item.created_at)));

    let loadToken = 0;
    async function load(reset) {
      const token = ++loadToken;
      status.setAttribute('aria-busy', 'true');
      more.disabled = true;
      try {
        const data = await api(`/api/activities${query({ ...filters, limit: 50, offset: reset ? 0 : offset })}`);
        if (token !== loadToken) return;
        if (reset) {
          feed.replaceChildren();
          seen.clear();
          offset = 0;
        }
        const fresh = data.activities.filter((item) => !seen.has(item.id));
        fresh.forEach((item) => seen.add(item.id));
        feed.append(...fresh.map(entry));
        offset += data.activities.length;
        more.hidden = !data.hasMore;
        total = data.total;
        showTotal();
        mount(status, !feed.childElementCount && h('p', { class: 'empty', text: filters.type || filters.actor
          ? 'No activity matches these filters.' : 'No activity yet. Tasks, agents and their heartbeats show up here as they happen.' }));
      } catch (error) {
        if (token === loadToken) mount(status, errorBox(error.message));
      } finally {
        if (token === loadToken) {
          status.setAttribute('aria-busy', 'false');
          more.disabled = false;
        }
      }
    }

    // Frames do not run in a hidden tab, so whatever arrived meanwhile goes in at once.
    const flush = perFrame(() => {
      const batch = queue.filter((item) => matches(item) && !seen.has(item.id));
      queue = [];
      if (!batch.length) return;
      batch.forEach((item) => item.id != null && seen.add(item.id));
      batch.sort((a, b) => (b.created_at - a.created_at) || ((b.id || 0) - (a.id || 0)));
      feed.prepend(...batch.map(entry));
      offset += batch.filter((item) => item.id != null).length; // entries with ids are in the database too
      total += batch.length;
      showTotal();
      status.replaceChildren();
      const known = Array.from(type.options, (option) => option.value);
      if (batch.some((item) => !known.includes(item.type))) setTypes([...known, ...batch.map((item) => item.type)]);
    });
    const unsubscribe = live.on('activity.created', (data) => {
      queue.push(data);
      flush();
    });
    const stopTimes = keepTimesCurrent(root);
    load(true);
    return () => {
      unsubscribe();
      flush.cancel();
      stopTimes();
      loadToken++;
    };
  },
};
