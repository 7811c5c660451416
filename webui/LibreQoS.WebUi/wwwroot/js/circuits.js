// Shaped Devices: every circuit of the applied plan, searched, sorted and paged by the server.
import { api, el, bits, mbps, redact } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/circuits');
const PAGE = 50;
const state = { search: '', sort: 'name', desc: false, offset: 0 };
const app = document.querySelector('#app');
const search = el('input', { type: 'search', id: 'search', placeholder: 'Search name, id, site, device or IP' });
const summary = el('span', { class: 'muted', id: 'summary' });
const body = el('tbody', { id: 'circuit-rows' });
const prev = el('button', { class: 'button secondary', id: 'prev' }, '‹ Previous');
const next = el('button', { class: 'button secondary', id: 'next' }, 'Next ›');
const pageInfo = el('span', { class: 'muted', id: 'page-info' });
const columns = [['name', 'Circuit'], ['id', 'Circuit ID'], ['parent', 'Parent node'], [null, 'IPs'],
  ['download', 'Plan down', true], ['upload', 'Plan up', true], ['traffic', 'Live down / up', true]];
const headers = columns.map(([key, label, num]) => {
  const th = el('th', { class: [key ? 'sortable' : '', num ? 'num' : ''].join(' ').trim() || undefined, 'data-sort': key || undefined }, label);
  if (key) th.addEventListener('click', () => { state.desc = state.sort === key ? !state.desc : key === 'traffic'; state.sort = key; state.offset = 0; load(); });
  return th;
});

app.append(el('h1', {}, 'Shaped Devices'), el('div', { class: 'toolbar' }, search, summary),
  el('div', { class: 'card' }, el('table', {}, el('thead', {}, el('tr', {}, headers)), body),
    el('div', { class: 'pager' }, prev, pageInfo, next)));

let timer = null, generation = 0;
search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { state.search = search.value; state.offset = 0; load(); }, 200); });
prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
next.addEventListener('click', () => { state.offset += PAGE; load(); });

async function load() {
  const mine = ++generation;
  const params = new URLSearchParams({ sort: state.sort, desc: state.desc, offset: state.offset, limit: PAGE });
  if (state.search) params.set('search', state.search);
  const page = await api(`/api/circuits?${params}`);
  if (mine !== generation) return;  // a newer search already answered
  headers.forEach(th => { th.classList.toggle('sorted', th.dataset.sort === state.sort); th.classList.toggle('desc', th.dataset.sort === state.sort && state.desc); });
  body.replaceChildren(...(page.rows.length ? page.rows.map(r => el('tr', {},
    el('td', {}, el('a', { href: `/circuit?id=${encodeURIComponent(r.circuitId)}` }, redact(r.name))),
    el('td', {}, r.circuitId), el('td', {}, redact(r.parent)),
    el('td', {}, redact(r.ips.join(', '))),
    el('td', { class: 'num' }, mbps(r.downloadMaxMbps)), el('td', { class: 'num' }, mbps(r.uploadMaxMbps)),
    el('td', { class: 'num' }, `${bits(r.bitsPerSecond.down)} / ${bits(r.bitsPerSecond.up)}`)))
    : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, state.search ? 'No circuit matches.' : 'No applied plan yet: run lqos refresh.'))]));
  const pages = Math.max(1, Math.ceil(page.total / PAGE));
  pageInfo.textContent = `Page ${Math.floor(page.offset / PAGE) + 1} of ${pages}`;
  summary.textContent = `${page.total.toLocaleString('en-US')} circuits`;
  prev.disabled = page.offset === 0;
  next.disabled = page.offset + PAGE >= page.total;
}
await load();
setInterval(load, 5000);
