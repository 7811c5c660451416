// Network tree: each node's live rate against its limit; expand and collapse, kept across refreshes.
import { api, el, bits, mbps, query, redact, usageBar } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/tree');
const app = document.querySelector('#app');
const body = el('tbody', { id: 'tree-rows' });
const expanded = new Set();
app.append(el('h1', {}, 'Network Tree'), el('div', { class: 'toolbar' },
  el('button', { class: 'button secondary', id: 'expand-all', onclick: () => { last.nodes.forEach(n => expanded.add(n.path)); render(); } }, 'Expand all'),
  el('button', { class: 'button secondary', id: 'collapse-all', onclick: () => { expanded.clear(); render(); } }, 'Collapse all')),
  el('div', { class: 'card' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', { class: 'num' }, 'Circuits'),
    el('th', { class: 'num' }, 'Download now / limit'), el('th', {}, ''), el('th', { class: 'num' }, 'Upload now / limit'), el('th', {}, ''))), body)));
let last = { nodes: [] };
// ?node=PATH (from the Site Map): open that node's ancestors, highlight it and scroll to it once.
const focus = query('node');
let scrolled = false;
if (focus) for (let p = focus; p.includes('/'); ) { p = p.slice(0, p.lastIndexOf('/')); expanded.add(p); }

function visible(node) {
  for (let p = node.parentPath; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')
    if (!expanded.has(p)) return false;
  return true;
}

function render() {
  const children = new Set(last.nodes.map(n => n.parentPath));
  const rows = last.nodes.filter(visible).map(n => {
    const hasChildren = children.has(n.path);
    const toggle = el('span', { class: 'tree-toggle' }, hasChildren ? (expanded.has(n.path) ? '▾' : '▸') : '·');
    const row = el('tr', { 'data-path': n.path, class: n.path === focus ? 'focused' : undefined },
      el('td', { class: `indent-${Math.min(6, n.depth - 1)}` }, toggle, redact(n.name)),
      el('td', { class: 'num' }, n.circuits.toLocaleString('en-US')),
      el('td', { class: 'num' }, `${bits(n.bitsPerSecond.down)} / ${mbps(n.downloadMaxMbps)}`), el('td', {}, usageBar(n.bitsPerSecond.down, n.downloadMaxMbps)),
      el('td', { class: 'num' }, `${bits(n.bitsPerSecond.up)} / ${mbps(n.uploadMaxMbps)}`), el('td', {}, usageBar(n.bitsPerSecond.up, n.uploadMaxMbps)));
    if (hasChildren) toggle.addEventListener('click', () => { expanded.has(n.path) ? expanded.delete(n.path) : expanded.add(n.path); render(); });
    return row;
  });
  body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No applied plan yet: run lqos refresh.'))]));
  const focused = body.querySelector('tr.focused');
  if (focused && !scrolled) { scrolled = true; focused.scrollIntoView({ block: 'center' }); }
}

async function load() { last = await api('/api/network/tree'); render(); }
await load();
setInterval(load, 1000);
