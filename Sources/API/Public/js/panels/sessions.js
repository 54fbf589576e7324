// Claude Code sessions found in transcripts: active ones first, tokens, cost, project, branch.
// Filters (active/all, project) live in the URL; refreshes on session.updated.
import { api, query } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { can } from '../session.js';
import { money, tokens, costText } from './costs.js';

const seconds = (iso) => (iso ? Date.parse(iso) / 1000 : 0);

export default {
  title: 'Sessions',
  render(root) {
    const search = params();
    let active = search.get('active') === '1';
    let project = search.get('project') || '';
    const summary = h('div', { class: 'session-summary' });
    const list = h('div', { class: 'table-wrap' }, h('p', { class: 'empty', text: 'Loading…' }));
    const status = h('div', { class: 'row-error', 'aria-live': 'polite' });
    const show = h('select', { id: 'se-active', onchange: () => { active = show.value === '1'; setParams({ active: active ? '1' : '' }); load(); } },
      h('option', { value: '', text: 'All sessions', selected: !active }), h('option', { value: '1', text: 'Active only', selected: active }));
    const projectSelect = h('select', { id: 'se-project', onchange: () => { project = projectSelect.value; setParams({ project }); load(); } });
    const scan = can('operator') ? h('button', { class: 'button', type: 'button', text: 'Scan now', onclick: scanNow }) : null;
    mount(root, h('section', { class: 'panel' },
      h('div', { class: 'toolbar filters' },
        h('div', { class: 'field' }, h('label', { for: 'se-active', text: 'Show' }), show),
        h('div', { class: 'field' }, h('label', { for: 'se-project', text: 'Project' }), projectSelect),
        h('span', { class: 'spacer' }), scan),
      status, summary, list));

    // The project list comes from an unfiltered read so every project stays choosable.
    let projects = [];
    function renderProjects() {
      const names = [...new Set([...projects, project].filter(Boolean))].sort();
      mount(projectSelect, h('option', { value: '', text: 'All projects' }),
        names.map((name) => h('option', { value: name, text: name, selected: name === project })));
    }

    async function load() {
      try {
        const [data, everything] = await Promise.all([
          api(`/api/claude/sessions${query({ active: active ? 1 : undefined, project: project || undefined, limit: 200 })}`),
          api(`/api/claude/sessions${query({ limit: 200 })}`),
        ]);
        projects = everything.sessions.map((session) => session.project_slug);
        renderProjects();
        const stats = data.stats;
        mount(summary, stats.total_sessions ? h('ul', { class: 'stat-list' },
          h('li', { class: 'stat' }, h('strong', { text: stats.active_sessions }), 'active'),
          h('li', { class: 'stat' }, h('strong', { text: stats.total_sessions }), 'sessions'),
          h('li', { class: 'stat' }, h('strong', { text: tokens(stats.total_input_tokens + stats.total_output_tokens) }), 'tokens in/out'),
          h('li', { class: 'stat' }, h('strong', {}, costText(stats.total_estimated_cost)), stats.unpriced_tokens ? `cost (${tokens(stats.unpriced_tokens)} tokens unpriced)` : 'cost')) : null);
        // Active sessions first, then most recent activity (the API's order).
        const rows = [...data.sessions].sort((a, b) => b.is_active - a.is_active);
        mount(list, rows.length ? h('table', { class: 'sessions' },
          h('thead', {}, h('tr', {}, ['Session', 'Project', 'Model', 'Tokens', 'Cost', 'Activity'].map((text) => h('th', { scope: 'col', text })))),
          h('tbody', {}, rows.map((session) => h('tr', { class: session.is_active ? 'active' : null, dataset: { session: session.session_id } },
            h('td', {}, session.is_active ? pill('online', 'live') : null, ' ', h('code', { title: session.session_id, text: session.session_id.slice(0, 8) }),
              session.transcript_present ? null : h('small', { class: 'hint', text: ' transcript gone' })),
            h('td', {}, h('div', { text: session.project_slug || '—', title: session.project_path || '' }), session.git_branch ? h('small', { class: 'branch', text: session.git_branch }) : null),
            h('td', { text: session.model || '—' }),
            h('td', { class: 'num', title: `input ${tokens(session.input_tokens)} · output ${tokens(session.output_tokens)} · cache read ${tokens(session.cache_read_tokens)} · cache write ${tokens(session.cache_write_5m_tokens + session.cache_write_1h_tokens)} · ${session.request_count} requests` },
              `${tokens(session.input_tokens)} in`, h('br'), `${tokens(session.output_tokens)} out`),
            h('td', { class: 'num' }, costText(session.estimated_cost), session.estimated_cost !== null && session.unpriced_tokens ? h('small', { title: `${tokens(session.unpriced_tokens)} tokens without a price`, text: '*' }) : null),
            h('td', {}, h('div', { title: dateTime(seconds(session.last_message_at)), text: `last ${ago(seconds(session.last_message_at))}` }),
              h('small', { text: `first ${dateTime(seconds(session.first_message_at))}` }))))))
          : h('p', { class: 'empty', text: active || project
            ? 'No sessions match these filters.'
            : `No Claude Code sessions yet. Sessions appear here when the scanner finds transcripts${can('operator') ? ' — use “Scan now” to look again.' : '.'}` }));
      } catch (error) {
        mount(list, errorBox(error.message));
      }
    }

    async function scanNow() {
      scan.disabled = true;
      try {
        await api('/api/claude/sessions', { method: 'POST' });
        mount(status, h('p', { class: 'hint', text: 'Scan requested; new sessions appear when it finishes.' }));
      } catch (error) {
        mount(status, errorBox(error.message));
      } finally {
        scan.disabled = false;
      }
    }

    let timer = null;
    const unsubscribe = live.on('session.updated', () => {
      if (!timer) timer = setTimeout(() => { timer = null; load(); }, 300);
    });
    renderProjects();
    load();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  },
};
