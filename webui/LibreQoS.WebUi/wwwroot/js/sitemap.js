// Site map: a tree-map of the applied plan's sites, sized by subscribers (circuits) or by live traffic; a click
// opens the site's node in the Network Tree. Built from /api/network/tree, so it matches that page exactly.
// "Nested" draws every level: a site's tile holds its child sites and APs, each sized within it.
import { api, el, bits, mbps, redact } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/sitemap');
const app = document.querySelector('#app');
const map = el('div', { class: 'treemap', id: 'site-map' });
const note = el('p', { class: 'muted', id: 'site-map-note' });
const sizeBy = el('select', { id: 'size-by' }, el('option', { value: 'circuits' }, 'Subscribers (circuits)'), el('option', { value: 'traffic' }, 'Current traffic'));
const level = el('select', { id: 'site-level' });
let last = { nodes: [] };
sizeBy.addEventListener('change', render);
level.addEventListener('change', render);
app.append(el('h1', {}, 'Site Map'), el('div', { class: 'toolbar' }, el('label', { for: 'size-by' }, 'Size by '), sizeBy,
  el('label', { for: 'site-level' }, 'Sites '), level), el('div', { class: 'card' }, map, note));

const weightOf = n => sizeBy.value === 'traffic' ? n.bitsPerSecond.down + n.bitsPerSecond.up : n.circuits;

const nested = () => level.value === 'nested';

function sites() {
  const parents = new Set(last.nodes.map(n => n.parentPath));
  if (nested()) return last.nodes.filter(n => n.parentPath === '');
  if (level.value === 'leaf') return last.nodes.filter(n => !parents.has(n.path));
  return last.nodes.filter(n => n.depth === Number(level.value || 1));
}

const childrenOf = path => last.nodes.filter(n => n.parentPath === path);

/** Squarified tree-map: lays out items (sorted by value, largest first) in the w × h rectangle. */
function squarify(items, w, h) {
  const total = items.reduce((s, i) => s + i.value, 0);
  const scaled = items.map(i => ({ ...i, area: i.value / total * w * h }));
  const out = [];
  let x = 0, y = 0;
  const worst = (row, side) => {
    const sum = row.reduce((s, r) => s + r.area, 0), max = Math.max(...row.map(r => r.area)), min = Math.min(...row.map(r => r.area));
    return Math.max(side * side * max / (sum * sum), sum * sum / (side * side * min));
  };
  let rest = scaled;
  while (rest.length) {
    const side = Math.min(w, h);
    const row = [rest[0]];
    let i = 1;
    while (i < rest.length && worst([...row, rest[i]], side) <= worst(row, side)) row.push(rest[i++]);
    rest = rest.slice(i);
    const rowArea = row.reduce((s, r) => s + r.area, 0);
    if (w >= h) {
      const cw = rowArea / h;
      let cy = y;
      for (const r of row) { const rh = r.area / cw; out.push({ ...r, x, y: cy, w: cw, h: rh }); cy += rh; }
      x += cw; w -= cw;
    } else {
      const rh = rowArea / w;
      let cx = x;
      for (const r of row) { const rw = r.area / rh; out.push({ ...r, x: cx, y, w: rw, h: rh }); cx += rw; }
      y += rh; h -= rh;
    }
  }
  return out;
}

function heat(n) {
  const used = n.downloadMaxMbps > 0 ? n.bitsPerSecond.down / (n.downloadMaxMbps * 1e6) : 0;
  return used > 0.9 ? 'hot' : used > 0.6 ? 'warm' : 'cool';
}

function render() {
  const maxDepth = Math.max(0, ...last.nodes.map(n => n.depth));
  if (level.options.length !== maxDepth + 1) {
    const chosen = level.value || 'nested';
    level.replaceChildren(el('option', { value: 'nested' }, 'Nested: all levels'), el('option', { value: 'leaf' }, 'Sites with no sub-sites'),
      ...Array.from({ length: maxDepth }, (_, d) => el('option', { value: String(d + 1) }, d === 0 ? 'Top level' : `Level ${d + 1}`)));
    level.value = [...level.options].some(o => o.value === chosen) ? chosen : 'nested';
  }
  const items = sites().map(n => ({ node: n, value: weightOf(n) })).filter(i => i.value > 0).sort((a, b) => b.value - a.value);
  const hidden = sites().length - items.length;
  note.textContent = last.nodes.length === 0 ? 'No applied plan yet: run lqos refresh.'
    : `${items.length} ${nested() ? 'top-level ' : ''}sites sized by ${sizeBy.value === 'traffic' ? 'current traffic (download + upload)' : 'circuits'}; colour is download use against the site's limit.`
      + (hidden ? ` ${hidden} with ${sizeBy.value === 'traffic' ? 'no traffic' : 'no circuits'} not shown.` : '') + ' Click a site to open it in the Network Tree.';
  if (!items.length) { map.replaceChildren(); return; }
  const W = 1000, H = 560;  // layout units; tiles are placed in percent of the map
  map.replaceChildren(...layout(items, W, H));
}

const HEAD = 24, PAD = 4, MIN_BODY = 36;  // a group's name strip and inner margin, in layout units

/** Tiles for items laid out in a w × h area, positioned in percent of it; in nested mode a site's tile holds its children. */
function layout(items, w, h) {
  return squarify(items, w, h).map(t => {
    const tile = t.direct ? directTile(t) : nested() ? nodeTile(t.node, t.w, t.h) : leafTile(t.node);
    tile.style.left = `${t.x / w * 100}%`; tile.style.top = `${t.y / h * 100}%`;
    tile.style.width = `${t.w / w * 100}%`; tile.style.height = `${t.h / h * 100}%`;
    return tile;
  });
}

const describe = n => `${n.circuits} circuits · ${bits(n.bitsPerSecond.down)} down / ${bits(n.bitsPerSecond.up)} up · limit ${mbps(n.downloadMaxMbps)}`;
const valueText = n => sizeBy.value === 'traffic' ? bits(n.bitsPerSecond.down + n.bitsPerSecond.up) : `${n.circuits.toLocaleString('en-US')} circuits`;
const treeLink = n => `/tree?node=${encodeURIComponent(n.path)}`;

function leafTile(n) {
  return el('a', { class: `tile ${heat(n)}`, href: treeLink(n), 'data-path': n.path, 'data-depth': n.depth, title: describe(n) },
    redact(n.name, 'span', { class: 'tile-name' }), el('span', { class: 'tile-value' }, valueText(n)));
}

/** A site with sub-sites: a name strip linking to it, and its children (plus circuits attached to it directly) inside. */
function nodeTile(n, w, h) {
  const children = childrenOf(n.path).map(c => ({ node: c, value: weightOf(c) })).filter(i => i.value > 0);
  const bodyW = w - 2 * PAD, bodyH = h - HEAD - PAD;
  if (!children.length || bodyW < MIN_BODY || bodyH < MIN_BODY) return leafTile(n);
  const direct = weightOf(n) - children.reduce((sum, c) => sum + c.value, 0);
  if (direct > 0) children.push({ direct: true, node: n, value: direct });
  children.sort((a, b) => b.value - a.value);
  const body = el('div', { class: 'tile-body' }, layout(children, bodyW, bodyH));
  body.style.left = `${PAD / w * 100}%`; body.style.top = `${HEAD / h * 100}%`;
  body.style.width = `${bodyW / w * 100}%`; body.style.height = `${bodyH / h * 100}%`;
  return el('div', { class: `tile group depth-${Math.min(n.depth, 4)}`, 'data-path': n.path, 'data-depth': n.depth, title: describe(n) },
    el('a', { class: 'tile-head', href: treeLink(n) }, redact(n.name, 'span', { class: 'tile-name' }), ' ', el('span', { class: 'tile-value' }, valueText(n))),
    body);
}

/** The share of a site that belongs to circuits attached to it directly, not to any child. */
function directTile(t) {
  const what = sizeBy.value === 'traffic' ? bits(t.value) : `${t.value.toLocaleString('en-US')} circuits`;
  return el('div', { class: 'tile direct', 'data-parent': t.node.path, title: `${what} attached directly` }, el('span', { class: 'tile-value' }, what));
}

async function load() { last = await api('/api/network/tree'); render(); }
await load();
setInterval(load, 2000);
