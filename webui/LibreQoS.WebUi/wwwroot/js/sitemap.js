// Site map: a tree-map of the applied plan's sites, sized by subscribers (circuits) or by live traffic; a click
// opens the site's node in the Network Tree. Built from /api/network/tree, so it matches that page exactly.
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

function sites() {
  const parents = new Set(last.nodes.map(n => n.parentPath));
  if (level.value === 'leaf') return last.nodes.filter(n => !parents.has(n.path));
  return last.nodes.filter(n => n.depth === Number(level.value || 1));
}

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
    const chosen = level.value || 'leaf';
    level.replaceChildren(el('option', { value: 'leaf' }, 'Sites with no sub-sites'),
      ...Array.from({ length: maxDepth }, (_, d) => el('option', { value: String(d + 1) }, d === 0 ? 'Top level' : `Level ${d + 1}`)));
    level.value = [...level.options].some(o => o.value === chosen) ? chosen : 'leaf';
  }
  const items = sites().map(n => ({ node: n, value: weightOf(n) })).filter(i => i.value > 0).sort((a, b) => b.value - a.value);
  const hidden = sites().length - items.length;
  note.textContent = last.nodes.length === 0 ? 'No applied plan yet: run lqos refresh.'
    : `${items.length} sites sized by ${sizeBy.value === 'traffic' ? 'current traffic (download + upload)' : 'circuits'}; colour is download use against the site's limit.`
      + (hidden ? ` ${hidden} with ${sizeBy.value === 'traffic' ? 'no traffic' : 'no circuits'} not shown.` : '') + ' Click a site to open it in the Network Tree.';
  if (!items.length) { map.replaceChildren(); return; }
  const W = 1000, H = 560;  // layout units; tiles are placed in percent of the map
  map.replaceChildren(...squarify(items, W, H).map(t => {
    const n = t.node;
    const tile = el('a', { class: `tile ${heat(n)}`, href: `/tree?node=${encodeURIComponent(n.path)}`, 'data-path': n.path,
      title: `${n.circuits} circuits · ${bits(n.bitsPerSecond.down)} down / ${bits(n.bitsPerSecond.up)} up · limit ${mbps(n.downloadMaxMbps)}` },
      redact(n.name, 'span', { class: 'tile-name' }),
      el('span', { class: 'tile-value' }, sizeBy.value === 'traffic' ? bits(n.bitsPerSecond.down + n.bitsPerSecond.up) : `${n.circuits.toLocaleString('en-US')} circuits`));
    tile.style.left = `${t.x / W * 100}%`; tile.style.top = `${t.y / H * 100}%`;
    tile.style.width = `${t.w / W * 100}%`; tile.style.height = `${t.h / H * 100}%`;
    return tile;
  }));
}

async function load() { last = await api('/api/network/tree'); render(); }
await load();
setInterval(load, 2000);
