// CPU tree: which top-level nodes sit on which CPU queue, and the load each queue carries.
import { api, el, bits, mbps, redact, usageBar } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/cpu');
const app = document.querySelector('#app');
const grid = el('div', { class: 'grid', id: 'cpu-queues' });
app.append(el('h1', {}, 'CPU Tree'), el('p', { class: 'muted' }, 'Each CPU runs one HTB tree; top-level nodes are spread over them by the planner.'), grid);

async function load() {
  const view = await api('/api/network/cpu');
  grid.replaceChildren(...(view.queues.length ? view.queues.map(q => el('div', { class: 'card', 'data-queue': q.queue },
    el('h2', {}, `CPU ${q.queue - 1} · queue ${q.queue}`),
    el('div', {}, `${q.circuits.toLocaleString('en-US')} circuits · ${q.topLevelNodes.length} top-level nodes · ${mbps(q.downloadMaxMbps)} of limits`),
    el('div', { class: 'down' }, `Now ${bits(q.bitsPerSecond.down)} down / ${bits(q.bitsPerSecond.up)} up`),
    usageBar(q.bitsPerSecond.down, q.downloadMaxMbps),
    el('ul', { class: 'cpu-nodes' }, q.topLevelNodes.map(n => el('li', {}, redact(n.name), ` — ${n.circuits} circuits, ${mbps(n.downloadMaxMbps)}`)))))
    : [el('p', { class: 'muted' }, 'No applied plan yet: run lqos refresh.')]));
}
await load();
setInterval(load, 2000);
