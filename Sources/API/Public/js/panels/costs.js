// Costs: spend totals, spend over time, by model/agent/project, cache savings and the pricing
// catalog (admins edit overrides). Unpriced usage is never shown as $0: it is "—" and explained.
import { api, query } from '../api.js';
import { h, mount, errorBox, dialog } from '../dom.js';
import * as live from '../live.js';
import { params, setParams } from '../router.js';
import { can } from '../session.js';
import { lineChart, barChart } from '../chart.js';

const ranges = { day: 'Last 24 hours', week: 'Last 7 days', month: 'Last 30 days', all: 'All time' };
const noPrice = 'no price for this model';
const tokenFormat = new Intl.NumberFormat('en-US');

/** $0.23; below a cent "<$0.01"; unknown "—". */
export function money(value) {
  if (value === null || value === undefined) return '—';
  if (value > 0 && value < 0.005) return '<$0.01';
  return `$${value.toFixed(2)}`;
}
export const tokens = (value) => tokenFormat.format(value || 0);
/** A cost cell: "—" carries the tooltip that explains it. */
export function costText(value, tip = noPrice) {
  return value === null || value === undefined ? h('span', { class: 'unpriced', title: tip, text: '—' }) : h('span', { text: money(value) });
}
const rate = (value) => (value === null || value === undefined ? '—' : `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`);
const dayKey = (date) => date.toISOString().slice(0, 10);

export default {
  title: 'Costs',
  render(root) {
    let range = ranges[params().get('range')] ? params().get('range') : 'month';
    const totalsBox = h('section', { class: 'panel', 'aria-labelledby': 'co-totals' }, h('h2', { id: 'co-totals', text: 'Spend' }), h('p', { class: 'empty', text: 'Loading…' }));
    const rangeSelect = h('select', { id: 'co-range', onchange: () => { range = rangeSelect.value; setParams({ range: range === 'month' ? '' : range }); load(); } },
      Object.entries(ranges).map(([key, text]) => h('option', { value: key, selected: key === range, text })));
    // Every box starts with its heading (its accessible name) and a loading line.
    const box = (id, title, extra = '') => h('section', { class: ['panel', extra], 'aria-labelledby': id },
      h('h2', { id, text: title }), h('p', { class: 'empty', text: 'Loading…' }));
    const trendBox = box('co-trend', 'Spend over time', 'costs-trend');
    const modelsBox = box('co-models', 'By model');
    const agentsBox = box('co-agents', 'By agent');
    const projectsBox = box('co-projects', 'By project');
    const cacheBox = box('co-cache', 'Cache savings');
    const pricingBox = box('co-pricing', 'Pricing');
    mount(root, totalsBox,
      h('div', { class: 'toolbar' }, h('label', { for: 'co-range', text: 'Period' }), rangeSelect),
      trendBox, h('div', { class: 'grid costs-grid' }, modelsBox, agentsBox, projectsBox, cacheBox), pricingBox);

    let prices = {};
    async function loadPricing() {
      try {
        const data = await api('/api/pricing');
        prices = Object.fromEntries(data.models.map((model) => [model.model, model]));
        renderPricing(data.models);
      } catch (error) {
        mount(pricingBox, h('h2', { id: 'co-pricing', text: 'Pricing' }), errorBox(error.message));
      }
    }

    let last = null;
    async function load() {
      try {
        const [day, week, month, all, picked] = await Promise.all(['day', 'week', 'month', 'all', range].map((timeframe) =>
          api(`/api/tokens${query({ action: 'stats', timeframe })}`)));
        last = picked;
        renderTotals(day, week, month, all);
        renderTrend(all);
        renderBreakdowns(picked);
      } catch (error) {
        mount(totalsBox, h('h2', { id: 'co-totals', text: 'Spend' }), errorBox(error.message));
      }
    }

    // 90 days: the API's longest window is 30 days, so sum the daily rollup of "all".
    function ninetyDays(all) {
      const since = dayKey(new Date(Date.now() - 89 * 86400000));
      const sum = { totalCost: null, totalTokens: 0, unpricedTokens: 0, requestCount: 0 };
      for (const [key, stats] of Object.entries(all.daily)) {
        if (key < since) continue;
        if (stats.totalCost !== null) sum.totalCost = (sum.totalCost || 0) + stats.totalCost;
        sum.totalTokens += stats.totalTokens;
        sum.unpricedTokens += stats.unpricedTokens;
        sum.requestCount += stats.requestCount;
      }
      if (!sum.requestCount) sum.totalCost = 0;
      sum.costComplete = sum.unpricedTokens === 0;
      return sum;
    }

    function renderTotals(day, week, month, all) {
      const cards = [['24 hours', day.summary], ['7 days', week.summary], ['30 days', month.summary], ['90 days', ninetyDays(all)]];
      const unpriced = all.summary.unpricedTokens;
      const unpricedModels = Object.entries(all.models).filter(([, stats]) => !stats.costComplete).map(([name]) => name);
      mount(totalsBox, h('h2', { id: 'co-totals', text: 'Spend' }),
        h('ul', { class: 'stat-list cost-totals' }, cards.map(([label, stats]) => h('li', { class: 'stat', dataset: { total: label } },
          h('strong', {}, costText(stats.totalCost, 'usage of models without a price only')),
          h('span', { text: label }),
          h('small', { text: `${tokens(stats.totalTokens)} tokens${stats.costComplete ? '' : ' · partly unpriced'}` })))),
        all.summary.costComplete ? null : h('p', { class: 'notice unpriced-note', role: 'note',
          text: `Totals leave out ${tokens(unpriced)} tokens of models without a price (${unpricedModels.join(', ')}). ${can('admin') ? 'Add a price below to include them in new reports.' : 'An admin can add a price.'}` }));
    }

    function renderTrend(all) {
      // The chart covers the chosen period; "day" uses the hourly trend instead.
      const days = { week: 7, month: 30, all: 90 }[range];
      const title = h('h2', { id: 'co-trend', text: `Spend over time (${ranges[range].toLowerCase()})` });
      if (!days) {
        api(`/api/tokens${query({ action: 'trends', timeframe: 'day' })}`).then((data) => {
          const points = data.trends.map((item) => {
            const label = new Date(item.timestamp).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
            return { label, value: item.cost, tip: `${label}: ${money(item.cost)} · ${tokens(item.tokens)} tokens` };
          });
          mount(trendBox, title, lineChart(points, { label: 'Spend per hour', xLabel: 'Hour', yLabel: 'USD', format: money }));
        }).catch((error) => mount(trendBox, title, errorBox(error.message)));
        return;
      }
      const points = [];
      for (let back = days - 1; back >= 0; back--) {
        const date = new Date(Date.now() - back * 86400000);
        const stats = all.daily[dayKey(date)];
        const label = date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
        const tip = stats ? `${label}: ${money(stats.totalCost)}${stats.costComplete ? '' : ' (partly unpriced)'} · ${tokens(stats.totalTokens)} tokens` : `${label}: no usage`;
        points.push({ label, value: stats?.totalCost || 0, tip });
      }
      mount(trendBox, title, lineChart(points, { label: 'Spend per day', xLabel: 'Day (UTC)', yLabel: 'USD', format: money }));
    }

    function bars(box, id, heading, groups, what) {
      const entries = Object.entries(groups).sort((a, b) => (b[1].totalCost || 0) - (a[1].totalCost || 0) || b[1].totalTokens - a[1].totalTokens);
      const rows = entries.slice(0, 12).map(([name, stats]) => {
        const priced = stats.totalCost !== null;
        const display = `${money(stats.totalCost)}${stats.costComplete || !priced ? '' : '*'} · ${tokens(stats.totalTokens)} tok`;
        const tip = `${name}: ${priced ? money(stats.totalCost) : `— (${noPrice})`} · ${tokens(stats.totalTokens)} tokens, ${stats.requestCount} requests${stats.costComplete || !priced ? '' : `, ${tokens(stats.unpricedTokens)} tokens unpriced`}`;
        return { label: what === 'project' && name === 'unknown' ? '(no project)' : name, value: stats.totalCost || 0, display, tip, muted: !priced };
      });
      mount(box, h('h2', { id, text: heading }),
        rows.length ? barChart(rows, { label: `Spend by ${what}`, xLabel: 'USD', format: money }) : h('p', { class: 'empty', text: `No usage in this period.` }),
        entries.length > 12 ? h('p', { class: 'hint', text: `Top 12 of ${entries.length}.` }) : null,
        rows.some((row) => row.display.includes('*')) ? h('p', { class: 'hint', text: '* part of this usage has no price and is not in the amount.' }) : null);
    }

    function renderBreakdowns(stats) {
      bars(modelsBox, 'co-models', 'By model', stats.models, 'model');
      bars(agentsBox, 'co-agents', 'By agent', stats.agents, 'agent');
      bars(projectsBox, 'co-projects', 'By project', stats.projects, 'project');
      renderCache(stats);
    }

    // Savings = cache-read tokens × (input price − cache-read price), per model with a price.
    function renderCache(stats) {
      if (!stats) return;
      let saved = 0, read = 0, unknown = 0;
      for (const [name, model] of Object.entries(stats.models)) {
        read += model.cacheReadTokens;
        const price = prices[name];
        if (!price) unknown += model.cacheReadTokens;
        else saved += (model.cacheReadTokens * (price.input - (price.cache_read ?? price.input))) / 1e6;
      }
      mount(cacheBox, h('h2', { id: 'co-cache', text: 'Cache savings' }),
        read ? h('dl', { class: 'facts' },
          h('dt', { text: 'Cache reads' }), h('dd', { text: `${tokens(read)} tokens` }),
          h('dt', { text: 'Saved' }), h('dd', { class: 'saved', text: money(saved) }),
          unknown ? [h('dt', { text: 'Not counted' }), h('dd', { text: `${tokens(unknown)} tokens (${noPrice})` })] : null)
          : h('p', { class: 'empty', text: 'No cache reads in this period.' }),
        h('p', { class: 'hint', text: 'What cache reads cost compared with paying the full input price for the same tokens.' }));
    }

    function renderPricing(models) {
      const admin = can('admin');
      const sorted = [...models].sort((a, b) => (b.override - a.override) || a.model.localeCompare(b.model));
      const error = h('div', { class: 'row-error' });
      mount(pricingBox, h('div', { class: 'toolbar' }, h('h2', { id: 'co-pricing', text: 'Pricing' }),
        h('span', { class: 'hint', text: 'USD per million tokens' }),
        admin ? h('button', { class: 'button primary small', type: 'button', text: 'Add or override a price', onclick: () => editPrice() }) : null),
      error,
      h('div', { class: 'table-wrap' }, h('table', { class: 'pricing' },
        h('thead', {}, h('tr', {}, ['Model', 'Input', 'Output', 'Cache write 5m', 'Cache write 1h', 'Cache read', admin ? 'Actions' : null].filter(Boolean).map((text) => h('th', { scope: 'col', text })))),
        h('tbody', {}, sorted.map((model) => h('tr', { dataset: { model: model.model } },
          h('th', { scope: 'row' }, model.model, ' ', model.override ? h('span', { class: 'pill pill-busy', text: model.built_in ? 'override' : 'custom' }) : null),
          [model.input, model.output, model.cache_write_5m, model.cache_write_1h, model.cache_read].map((value) => h('td', { class: 'num', text: rate(value) })),
          admin ? h('td', {}, h('div', { class: 'row-actions' },
            h('button', { class: 'button small ghost', type: 'button', text: 'Edit', 'aria-label': `Edit price of ${model.model}`, onclick: () => editPrice(model) }),
            model.override ? h('button', { class: 'button small danger', type: 'button', text: model.built_in ? 'Reset' : 'Remove', 'aria-label': `Remove price override of ${model.model}`, onclick: () => removePrice(model, error) }) : null)) : null))))));
    }

    function editPrice(model) {
      const field = (id, label, value, extra = {}) => h('div', { class: 'field' }, h('label', { for: id, text: label }),
        h('input', { id, name: id, type: 'number', min: '0', step: 'any', value: value ?? '', ...extra }));
      const nameInput = h('input', { id: 'pr-model', name: 'model', required: true, maxlength: '200', value: model?.model || '', readonly: Boolean(model), autofocus: !model });
      const error = h('div', { class: 'row-error' });
      const save = h('button', { class: 'button primary', value: 'save', text: 'Save price' });
      const form = dialog(model ? `Price of ${model.model}` : 'Add or override a price', [
        h('div', { class: 'field' }, h('label', { for: 'pr-model', text: 'Model' }), nameInput),
        h('div', { class: 'grid price-fields' },
          field('pr-input', 'Input', model?.input, { required: true, autofocus: Boolean(model) }), field('pr-output', 'Output', model?.output, { required: true }),
          field('pr-read', 'Cache read (optional)', model?.cache_read),
          field('pr-w5', 'Cache write 5m (optional)', model?.cache_write_5m),
          field('pr-w1', 'Cache write 1h (optional)', model?.cache_write_1h)),
        h('p', { class: 'hint', text: 'USD per million tokens. Empty cache rates are derived from the input price. New reports use the new price; recorded costs do not change.' }),
        error], [h('button', { class: 'button', type: 'button', text: 'Cancel', onclick: () => form.close() }), save]);
      form.querySelector('form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const number = (id) => { const value = form.querySelector(`#${id}`).value; return value === '' ? undefined : Number(value); };
        const body = { model: nameInput.value.trim(), input: number('pr-input'), output: number('pr-output'),
          cache_read: number('pr-read'), cache_write_5m: number('pr-w5'), cache_write_1h: number('pr-w1') };
        save.disabled = true;
        try {
          await api('/api/pricing', { method: 'PUT', body });
          form.close();
          await loadPricing();
          if (last) renderCache(last);
        } catch (failure) {
          mount(error, errorBox(failure.message));
          save.disabled = false;
        }
      });
    }

    function removePrice(model, error) {
      const confirm = dialog(`Remove the price override of ${model.model}?`,
        h('p', { text: model.built_in ? 'The built-in price applies again to new reports.' : 'New reports of this model will have no price (shown as —).' }),
        [h('button', { class: 'button', value: 'cancel', text: 'Cancel' }), h('button', { class: 'button danger', value: 'remove', text: 'Remove' })]);
      confirm.addEventListener('close', async () => {
        if (confirm.returnValue !== 'remove') return;
        try {
          await api('/api/pricing', { method: 'DELETE', body: { model: model.model } });
          await loadPricing();
        } catch (failure) {
          mount(error, errorBox(failure.message));
        }
      });
    }

    // Live: transcript scans add usage; coalesce bursts into one reload.
    let timer = null;
    const unsubscribe = live.on('session.updated', () => {
      if (!timer) timer = setTimeout(() => { timer = null; load(); }, 500);
    });
    loadPricing().then(() => load());
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  },
};
