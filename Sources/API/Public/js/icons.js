// Small line icons as inline SVG (no icon font, no emoji: they render the same everywhere).
const paths = {
  overview: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  agents: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6',
  tasks: 'M4 5h4v14H4zM10 5h4v9h-4zM16 5h4v6h-4z',
  activity: 'M3 12h4l3-8 4 16 3-8h4',
  audit: 'M6 3h9l4 4v14H6zM9 11h7M9 15h7M9 7h4',
  users: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3 3-5 6-5s6 2 6 5M16 5a3 3 0 0 1 0 6M18 15c2 .5 3 2 3 5',
  keys: 'M14 10a4 4 0 1 0-3.5 4L12 16h2v2h2v2h4v-3l-6.3-6.3A4 4 0 0 0 14 10z',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .3-1.3-1.3L17 5l-3-1-1 2h-2L10 4 7 5l.3 2L6 8.3 4 8l-1 3 2 1v2l-2 1 1 3 2-.3L7.3 18 7 20l3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z',
  costs: 'M12 3v18M16 7.5c0-1.5-1.8-2.5-4-2.5s-4 1-4 3 2 2.6 4 3 4 1 4 3-1.8 3-4 3-4-1-4-2.5',
  sessions: 'M4 5h16v11H4zM8 20h8M12 16v4M7 9l2 2-2 2M11 13h4',
  webhooks: 'M12 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM10.5 8.6l-3 6.8M13.5 8.6l3 6.8M9 18h6',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
};

/** An icon element (decorative: hidden from screen readers). */
export function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', paths[name] || '');
  svg.append(path);
  return svg;
}
