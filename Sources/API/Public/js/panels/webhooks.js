// Webhooks (admin): the list with breaker state and delivery counts; create, edit, test, reset
// the breaker, regenerate the secret (shown once), delete; the delivery history of the webhook
// picked (?webhook=<id>&offset=) with retry; the signature docs.
import { api, query } from '../api.js';
import { h, mount, ago, dateTime, errorBox, pill, dialog } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { field, confirm, busy, showSecret, formDialog, table, loading } from './admin-util.js';

// The server's WebhookEventMapping.pickerTypes; anything else goes in the free-text field.
const pickerTypes = ['*', 'agent.error', 'agent.status_change', 'security.login_failed', 'security.user_created',
  'security.user_deleted', 'security.password_change', 'notification.mention', 'notification.assignment',
  'activity.task_created', 'activity.task_updated'];
const pageSize = 50;
const retryable = new Set(['failed', 'dead']);
const breakerLabels = { closed: 'Closed', open: 'Open', half_open: 'Half-open' };

/** "in 5 min" for a future unix time; "due now" once passed. */
function until(seconds) {
  if (!seconds) return '—';
  const delta = Math.round(seconds - Date.now() / 1000);
  if (delta <= 0) return 'due now';
  if (delta < 60) return `in ${delta} s`;
  if (delta < 3600) return `in ${Math.ceil(delta / 60)} min`;
  return `in ${Math.round(delta / 3600)} h`;
}

/** The outcome of a test or retry (200: the delivery's result; 202: queued) as a message. */
function outcome(data, what) {
  if (data.queued) return { ok: true, text: `${what}: ${data.message}` };
  const time = data.duration_ms != null ? ` in ${data.duration_ms} ms` : '';
  if (data.success) return { ok: true, text: `${what} delivered: HTTP ${data.status_code}${time}.` };
  const code = data.status_code ? `HTTP ${data.status_code}` : 'no response';
  return { ok: false, text: `${what} failed (${code}${time})${data.error ? `: ${data.error}` : '.'}` };
}

const say = (box, { ok, text }) => mount(box, h('p', { class: ok ? 'ok' : 'error', role: ok ? 'status' : 'alert', text }));

export default {
  title: 'Webhooks',
  render(root) {
    const listBox = h('div', { class: 'wh-scroll' }, loading());
    const listResult = h('div', { class: 'wh-result', 'aria-live': 'polite' });
    const historyBox = h('section', { class: 'panel wh-panel', 'aria-labelledby': 'wh-history', hidden: true });
    let hooks = [];
    let listText = '';
    let historyText = '';
    let request = 0;
    let historyRequest = 0;

    async function loadList() {
      const token = ++request;
      try {
        const data = await api('/api/webhooks');
        if (token !== request) return;
        // Unchanged data is not re-rendered, so a live refresh does not steal the focus.
        const text = JSON.stringify(data.webhooks);
        if (text === listText) return loadHistory();
        listText = text;
        hooks = data.webhooks;
        renderList();
        loadHistory();
      } catch (error) {
        if (token !== request) return;
        listText = '';
        mount(listBox, errorBox(error.message));
      }
    }

    function renderList() {
      const selected = Number(params().get('webhook'));
      mount(listBox, hooks.length
        ? table('Webhooks', ['Name and URL', 'Events', 'Enabled', 'Breaker', 'Last status', 'Deliveries', ''], hooks.map((hook) => {
          const state = hook.circuit?.state || 'closed';
          const failures = hook.circuit?.consecutive_failures || 0;
          return h('tr', { dataset: { webhook: hook.name }, class: hook.id === selected ? 'selected' : null },
            h('td', { class: 'wh-name' }, h('strong', { text: hook.name }), h('div', { class: 'mono', text: hook.url }),
              h('div', { class: 'muted', text: `Secret ${hook.secret || 'none'}` })),
            h('td', { class: 'scopes', text: hook.events.map((type) => (type === '*' ? 'all (*)' : type)).join(', ') }),
            h('td', {}, pill(hook.enabled ? 'enabled' : 'disabled', hook.enabled ? 'Enabled' : 'Disabled')),
            h('td', { class: 'wh-breaker' }, pill(state, breakerLabels[state] || state),
              state !== 'closed' && h('small', { title: dateTime(hook.circuit.next_probe_at), text: `Next probe ${until(hook.circuit.next_probe_at)}` }),
              failures > 0 && h('small', { text: `${failures} failure${failures === 1 ? '' : 's'} in a row` })),
            h('td', { title: dateTime(hook.last_fired_at) }, hook.last_fired_at
              ? [lastStatus(hook.last_status), h('small', { class: 'muted', text: ago(hook.last_fired_at) })] : h('span', { class: 'muted', text: 'Never fired' })),
            h('td', { class: 'wh-counts' }, h('a', { href: `/webhooks${query({ webhook: hook.id })}`, 'aria-label': `Deliveries of ${hook.name}`,
              text: `${hook.total_deliveries} sent`, onclick(event) { event.preventDefault(); select(hook.id); } }), h('small', { text: `${hook.successful_deliveries} ok · ${hook.failed_deliveries} failed` })),
            h('td', { class: 'wh-actions' }, h('div', { class: 'row-actions' },
              action('Edit', hook, () => editHook(hook)),
              action('Send test', hook, (button) => testHook(hook, button)),
              state !== 'closed' && action('Reset breaker', hook, (button) => resetHook(hook, button)),
              action('Regenerate secret', hook, (button) => regenerate(hook, button)),
              action('Delete', hook, (button) => removeHook(hook, button), 'danger'))));
        }))
        : h('p', { class: 'empty', text: 'No webhooks yet. Add one to have Mission Control call your service when things happen.' }));
    }

    const lastStatus = (code) => (code >= 200 && code < 300 ? pill('succeeded', `HTTP ${code}`)
        : pill('failed', code > 0 ? `HTTP ${code}` : 'No response'));

    const action = (label, hook, run, kind) => h('button', {
      type: 'button', class: ['button', 'small', kind], text: label, 'aria-label': `${label}: ${hook.name}`,
      onclick: (event) => run(event.currentTarget),
    });

    async function testHook(hook, button) {
      const data = await busy(button, listResult, () => api('/api/webhooks/test', { method: 'POST', body: { id: hook.id } }));
      if (!data) return;
      say(listResult, outcome(data, `Test of ${hook.name}`));
      loadList();
    }

    async function resetHook(hook, button) {
      const data = await busy(button, listResult, () => api('/api/webhooks', { method: 'PUT', body: { id: hook.id, reset_circuit: true } }));
      if (!data) return;
      say(listResult, { ok: true, text: `${hook.name}: ${data.message || 'Circuit reset.'}` });
      loadList();
    }

    async function regenerate(hook, button) {
      if (!await confirm(`Regenerate the secret of "${hook.name}"?`, 'The current secret stops working at once: the receiver must verify with the new one.', 'Regenerate secret')) return;
      const data = await busy(button, listResult, () => api('/api/webhooks', { method: 'PUT', body: { id: hook.id, regenerate_secret: true } }));
      if (!data) return;
      showSecret(`New secret for ${hook.name}`, data.secret, 'Receivers check the X-MC-Signature header with it.');
      loadList();
    }

    async function removeHook(hook, button) {
      if (!await confirm(`Delete webhook "${hook.name}"?`, 'It stops receiving events, and its delivery history is deleted too.', 'Delete webhook')) return;
      if (!await busy(button, listResult, () => api('/api/webhooks', { method: 'DELETE', body: { id: hook.id } }))) return;
      say(listResult, { ok: true, text: `Deleted ${hook.name}.` });
      if (Number(params().get('webhook')) === hook.id) setParams({ webhook: '', offset: '' });
      loadList();
    }

    /** The create and edit form, in a dialog; the server's refusals show inside it. */
    function editHook(hook) {
      const name = field('Name', (id) => h('input', { id, value: hook?.name || '', maxlength: 200, required: true }));
      const url = field('URL', (id) => h('input', { id, type: 'url', value: hook?.url || '', placeholder: 'https://example.com/hooks/mission-control', required: true }),
        'Public HTTPS or HTTP address; internal and private addresses are refused.');
      const current = hook?.events || ['*'];
      const boxes = pickerTypes.map((type) => h('input', { type: 'checkbox', value: type, checked: current.includes(type) }));
      const other = field('Other event types', (id) => h('input', { id, value: current.filter((type) => !pickerTypes.includes(type)).join(', '), placeholder: 'task.deleted, activity.task_status_changed' }),
        'Separated by commas.');
      const enabled = h('input', { type: 'checkbox', checked: hook ? hook.enabled : true });
      const element = formDialog(hook ? `Edit ${hook.name}` : 'New webhook', [
        name.wrap, url.wrap,
        h('fieldset', { class: 'wh-events' }, h('legend', { text: 'Events' }),
          boxes.map((box) => h('label', { class: 'check' }, box, box.value === '*' ? 'All events (*)' : box.value)), other.wrap),
        h('label', { class: 'check' }, enabled, 'Enabled'),
      ], hook ? 'Save' : 'Create webhook', async () => {
        const events = [...boxes.filter((box) => box.checked).map((box) => box.value),
          ...other.input.value.split(',').map((type) => type.trim()).filter(Boolean)];
        if (!name.input.value.trim()) throw new Error('The name cannot be empty.');
        if (!url.input.value.trim()) throw new Error('The URL cannot be empty.');
        if (!events.length) throw new Error('Pick at least one event type.');
        const body = { name: name.input.value.trim(), url: url.input.value.trim(), events: [...new Set(events)] };
        if (hook) {
          await api('/api/webhooks', { method: 'PUT', body: { id: hook.id, ...body, enabled: enabled.checked } });
          say(listResult, { ok: true, text: `Saved ${body.name}.` });
        } else {
          const data = await api('/api/webhooks', { method: 'POST', body });
          // Creation always enables; a webhook created switched off is disabled right after.
          if (!enabled.checked) await api('/api/webhooks', { method: 'PUT', body: { id: data.id, enabled: false } });
          say(listResult, { ok: true, text: `Created ${body.name}.` });
          if (data.secret) showSecret(`Signing secret for ${body.name}`, data.secret, 'Receivers check the X-MC-Signature header with it.');
        }
        loadList();
      });
      element.classList.add('wh-dialog');
    }

    function select(id) {
      setParams({ webhook: id, offset: '' });
      mount(historyBox);
      renderList();
      loadHistory();
      historyBox.focus();
    }

    async function loadHistory() {
      const id = Number(params().get('webhook'));
      const hook = hooks.find((item) => item.id === id);
      historyBox.hidden = !id;
      if (!id) return;
      const offset = Math.max(0, Number(params().get('offset')) || 0);
      const heading = h('h2', { id: 'wh-history', text: hook ? `Deliveries of ${hook.name}` : 'Deliveries' });
      const retryResult = historyBox.querySelector('.wh-result') || h('div', { class: 'wh-result', 'aria-live': 'polite' });
      const close = h('button', { type: 'button', class: 'button small ghost', text: 'Close history',
        onclick() { setParams({ webhook: '', offset: '' }); renderList(); loadHistory(); } });
      const head = h('div', { class: 'toolbar' }, heading, h('span', { class: 'spacer' }), close);
      if (!hook) {
        mount(historyBox, head, errorBox(`There is no webhook ${id}; it may have been deleted.`));
        return;
      }
      const token = ++historyRequest;
      if (!historyBox.querySelector('table')) mount(historyBox, head, loading());
      try {
        const data = await api(`/api/webhooks/deliveries${query({ webhook_id: id, limit: pageSize, offset })}`);
        if (token !== historyRequest) return;
        const text = JSON.stringify([id, offset, hook, data]);
        if (text === historyText && historyBox.querySelector('table, .empty')) return;
        historyText = text;
        const page = (to) => () => { setParams({ offset: to || '' }); loadHistory(); };
        mount(historyBox, head, retryResult, data.deliveries.length
          ? [table(`Deliveries of ${hook.name}`, ['Time', 'Event type', 'Status', 'Attempt', 'Response', 'Error', 'Next retry', ''],
            data.deliveries.map((item) => h('tr', { dataset: { delivery: item.id } },
              h('td', { title: dateTime(item.created_at), text: ago(item.created_at) }),
              h('td', { class: 'mono', text: item.event_type }),
              h('td', {}, pill(item.status), item.is_retry && h('small', { class: 'muted', text: ' retry' })),
              h('td', { text: item.attempt + 1 }),
              h('td', { text: item.status_code ? `HTTP ${item.status_code}` : '—' }),
              h('td', { class: 'wh-error', text: item.error || '—' }),
              h('td', { title: dateTime(item.next_retry_at || item.next_attempt_at),
                text: item.status === 'failed' || item.status === 'pending' ? until(item.next_retry_at || item.next_attempt_at) : '—' }),
              h('td', {}, retryable.has(item.status) && h('button', {
                type: 'button', class: 'button small', text: 'Retry', 'aria-label': `Retry delivery ${item.id}`,
                async onclick(event) {
                  const result = await busy(event.currentTarget, retryResult, () => api('/api/webhooks/retry', { method: 'POST', body: { delivery_id: item.id } }));
                  if (!result) return;
                  say(retryResult, outcome(result, `Retry of delivery ${item.id}`));
                  loadList();
                },
              }))))),
          h('div', { class: 'pager' },
            h('span', { class: 'muted', text: `${offset + 1}–${offset + data.deliveries.length} of ${data.total}` }),
            h('button', { type: 'button', class: 'button small', text: 'Newer', disabled: offset === 0, onclick: page(Math.max(0, offset - pageSize)) }),
            h('button', { type: 'button', class: 'button small', text: 'Older', disabled: offset + pageSize >= data.total, onclick: page(offset + pageSize) }))]
          : h('p', { class: 'empty', text: offset ? 'No deliveries on this page.' : 'No deliveries yet. "Send test" makes one.' }));
      } catch (error) {
        if (token === historyRequest) mount(historyBox, head, errorBox(error.message));
      }
    }

    async function showDocs(button) {
      const data = await busy(button, listResult, () => api('/api/webhooks/verify-docs'));
      if (!data) return;
      dialog('Verifying signatures', [
        h('dl', { class: 'facts' }, h('dt', { text: 'Algorithm' }), h('dd', { text: data.algorithm }),
          h('dt', { text: 'Header' }), h('dd', { class: 'mono', text: data.header }),
          h('dt', { text: 'Format' }), h('dd', { class: 'mono', text: data.format })),
        h('p', { text: data.description }),
        h('ol', { class: 'wh-steps' }, data.verification_steps.map((step) => h('li', { text: step.replace(/^\d+\.\s*/, '') }))),
        data.replay_protection && h('p', { class: 'muted', text: data.replay_protection.description }),
        data.example_nodejs && h('pre', { class: 'soul-text', text: data.example_nodejs }),
      ], [h('button', { value: 'close', class: 'button primary', text: 'Close' })]).classList.add('wh-dialog');
    }

    // Live: no webhook events exist, but task and activity events make deliveries; refresh at
    // most once per 2 s (leading call, then one trailing call for what arrived meanwhile).
    let last = 0;
    let timer = null;
    const refresh = () => {
      const wait = last + 2000 - Date.now();
      if (timer) return;
      if (wait <= 0) { last = Date.now(); loadList(); return; }
      timer = setTimeout(() => { timer = null; last = Date.now(); loadList(); }, wait);
    };
    const off = live.on('*', (_, event) => {
      if (event.type.startsWith('task.') || event.type === 'activity.created') refresh();
    });

    historyBox.setAttribute('tabindex', '-1');
    const docsButton = h('button', { type: 'button', class: 'button ghost', text: 'Signature docs', onclick: (event) => showDocs(event.currentTarget) });
    mount(root,
      h('section', { class: 'panel wh-panel', 'aria-labelledby': 'wh-list' },
        h('div', { class: 'toolbar' },
          h('h2', { id: 'wh-list', text: 'Webhooks' }), h('span', { class: 'spacer' }),
          docsButton,
          h('button', { type: 'button', class: 'button', text: 'Refresh', onclick: loadList }),
          h('button', { type: 'button', class: 'button primary', text: 'New webhook', onclick: () => editHook(null) })),
        h('p', { class: 'muted', text: 'Mission Control sends matching events as signed HTTP POST requests; failed deliveries are retried, and a receiver that keeps failing is paused by its breaker.' }),
        listResult, listBox),
      historyBox);
    loadList();
    return () => {
      off();
      clearTimeout(timer);
      request++;
      historyRequest++;
    };
  },
};
