// Dashboard: live totals, shaped vs unshaped, top circuits and health, pushed by the server once a second.
import { el, bits, duration, redact, RateChart } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/');
const app = document.querySelector('#app');
const down = el('div', { class: 'big down', id: 'total-down' }, '—');
const up = el('div', { class: 'big up', id: 'total-up' }, '—');
const shapedBar = el('span', { class: 'shaped' }), unshapedBar = el('span', { class: 'unshaped' });
const shapedText = el('div', { class: 'muted', id: 'shaped-text' });
const health = el('div', { id: 'health' });
const top = el('tbody', { id: 'top-circuits' });
const canvas = el('canvas', { class: 'chart', id: 'throughput-chart' });
const updated = el('span', { class: 'muted', id: 'updated' });

app.append(el('h1', {}, 'Dashboard ', updated),
  el('div', { class: 'grid' },
    el('div', { class: 'card' }, el('h2', {}, 'Download'), down),
    el('div', { class: 'card' }, el('h2', {}, 'Upload'), up),
    el('div', { class: 'card' }, el('h2', {}, 'Shaped vs unshaped'), el('div', { class: 'split' }, shapedBar, unshapedBar), shapedText),
    el('div', { class: 'card' }, el('h2', {}, 'Health'), health)),
  el('div', { class: 'card' }, el('h2', {}, 'Throughput (last 60 s)'), canvas),
  el('div', { class: 'card', id: 'top-card' }, el('h2', {}, 'Top circuits'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Circuit'), el('th', { class: 'num' }, 'Download'), el('th', { class: 'num' }, 'Upload'))), top)));
const chart = new RateChart(canvas);

function render(s) {
  down.textContent = bits(s.total.down);
  up.textContent = bits(s.total.up);
  const total = s.total.down + s.total.up, shaped = s.shaped.down + s.shaped.up;
  const fraction = total > 0 ? shaped / total : 0;
  shapedBar.style.width = `${(fraction * 100).toFixed(1)}%`;
  unshapedBar.style.width = `${total > 0 ? ((1 - fraction) * 100).toFixed(1) : 0}%`;
  shapedText.textContent = `Shaped ${bits(shaped)} · unshaped ${bits(s.unshaped.down + s.unshaped.up)}`;
  health.replaceChildren(
    el('div', {}, `lqosd ${s.daemon.version}, up ${duration(s.daemon.uptimeSeconds)}`),
    el('div', {}, s.daemon.dataPlaneAttached ? 'Data plane: counting traffic' : 'Data plane: no counters yet'),
    el('div', {}, `Shaped circuits: ${s.daemon.shapedCircuits.toLocaleString('en-US')}`),
    el('div', { id: 'health-scheduler' }, `Scheduler: ${s.scheduler.state}`),
    el('div', {}, `Urgent issues: ${s.urgentIssues}`));
  top.replaceChildren(...(s.topCircuits.length ? s.topCircuits.map(c => el('tr', {},
    el('td', {}, el('a', { href: `/circuit?id=${encodeURIComponent(c.circuitId)}` }, redact(c.name))),
    el('td', { class: 'num down' }, bits(c.bitsPerSecond.down)), el('td', { class: 'num up' }, bits(c.bitsPerSecond.up))))
    : [el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'No traffic counted yet.'))]));
  chart.push(s.total.down, s.total.up);
  updated.textContent = `· updated ${new Date(s.updatedUnix * 1000).toLocaleTimeString()}`;
}

const stream = new EventSource('/api/dashboard/stream');
stream.addEventListener('snapshot', event => render(JSON.parse(event.data)));
stream.onerror = () => { updated.textContent = '· reconnecting…'; };
