// Small SVG charts (no library): a line/area over time and horizontal bars. Built with
// createElementNS; colours come from classes in app.css; each point/bar has a <title> tooltip.
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  for (const child of children) if (child) node.append(child);
  return node;
}
const title = (text) => el('title', {}, document.createTextNode(text));
const text = (value, attrs) => el('text', attrs, document.createTextNode(value));

/** A "nice" upper bound for an axis (1, 2, 2.5, 5 × 10ⁿ). */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((step) => step >= value);
}

/**
 * A line + area chart. `points`: [{label, value, tip}], in time order; `format` formats y
 * values; `label`: accessible name; `xLabel`/`yLabel`: axis titles.
 */
export function lineChart(points, { label, xLabel, yLabel, format = String }) {
  const width = 640, height = 220, left = 58, right = 12, top = 12, bottom = 44;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...points.map((point) => point.value || 0)));
  const x = (index) => left + (points.length > 1 ? (index / (points.length - 1)) * plotW : plotW / 2);
  const y = (value) => top + plotH - ((value || 0) / max) * plotH;
  const svg = el('svg', { class: 'chart chart-line', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, title(label));
  // Y grid and tick labels (0, ½, max).
  for (const fraction of [0, 0.5, 1]) {
    const value = max * fraction;
    svg.append(el('line', { class: 'chart-grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }),
      text(format(value), { class: 'chart-tick', x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }));
  }
  svg.append(el('line', { class: 'chart-axis', x1: left, x2: left, y1: top, y2: top + plotH }),
    el('line', { class: 'chart-axis', x1: left, x2: width - right, y1: top + plotH, y2: top + plotH }));
  if (points.length) {
    const line = points.map((point, index) => `${index ? 'L' : 'M'}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`).join('');
    svg.append(el('path', { class: 'chart-area', d: `${line}L${x(points.length - 1).toFixed(1)},${top + plotH}L${x(0).toFixed(1)},${top + plotH}Z` }),
      el('path', { class: 'chart-stroke', d: line }));
    // X labels: first, middle, last — enough to read the time span without clutter.
    const marks = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
    for (const index of marks) {
      const anchor = index === 0 && points.length > 1 ? 'start' : index === points.length - 1 && points.length > 1 ? 'end' : 'middle';
      svg.append(text(points[index].label, { class: 'chart-tick', x: x(index), y: top + plotH + 16, 'text-anchor': anchor }));
    }
    points.forEach((point, index) => svg.append(
      el('circle', { class: 'chart-dot', cx: x(index), cy: y(point.value), r: points.length > 40 ? 2 : 3.5 }, title(point.tip || `${point.label}: ${format(point.value)}`))));
  }
  if (xLabel) svg.append(text(xLabel, { class: 'chart-axis-label', x: left + plotW / 2, y: height - 4, 'text-anchor': 'middle' }));
  if (yLabel) svg.append(text(yLabel, { class: 'chart-axis-label', x: 12, y: top + plotH / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${top + plotH / 2})` }));
  return svg;
}

/**
 * Horizontal bars. `rows`: [{label, value, display, tip}] (largest first is the caller's
 * choice); `display` is the text shown after the bar (defaults to format(value)).
 */
export function barChart(rows, { label, xLabel, format = String }) {
  const width = 380, labelW = 118, valueW = 128, row = 26, top = 6, bottom = xLabel ? 26 : 6;
  const plotW = width - labelW - valueW;
  const height = top + rows.length * row + bottom;
  const max = Math.max(0, ...rows.map((item) => item.value || 0)) || 1;
  const svg = el('svg', { class: 'chart chart-bars', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, title(label));
  rows.forEach((item, index) => {
    const y = top + index * row;
    const short = item.label.length > 16 ? `${item.label.slice(0, 15)}…` : item.label;
    const barW = Math.max(item.value > 0 ? 2 : 0, ((item.value || 0) / max) * plotW);
    svg.append(el('g', { class: item.muted ? 'chart-bar muted' : 'chart-bar' },
      title(item.tip || `${item.label}: ${item.display ?? format(item.value)}`),
      text(short, { class: 'chart-tick', x: labelW - 8, y: y + 17, 'text-anchor': 'end' }),
      el('rect', { x: labelW, y: y + 4, width: barW.toFixed(1), height: row - 8, rx: 3 }),
      text(item.display ?? format(item.value), { class: 'chart-value', x: labelW + barW + 6, y: y + 17 })));
  });
  svg.append(el('line', { class: 'chart-axis', x1: labelW, x2: labelW, y1: top, y2: top + rows.length * row }));
  if (xLabel) svg.append(text(xLabel, { class: 'chart-axis-label', x: labelW + plotW / 2, y: height - 6, 'text-anchor': 'middle' }));
  return svg;
}
