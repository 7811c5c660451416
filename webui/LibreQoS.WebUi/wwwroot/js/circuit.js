// One circuit: its plan, devices and IPs, and a live rate chart.
import { api, el, bits, mbps, redact, query, RateChart } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/circuits');
const app = document.querySelector('#app');
const id = query('id') || '';
const canvas = el('canvas', { class: 'chart', id: 'circuit-chart' });
const live = el('div', { id: 'circuit-live' });
const chart = new RateChart(canvas);
let built = false;

async function load() {
  let c;
  try { c = await api(`/api/circuits/${encodeURIComponent(id)}`); }
  catch (error) {
    if (error.status === 404) app.replaceChildren(el('h1', {}, 'Circuit not found'), el('p', {}, `No circuit '${id}' in the applied plan.`));
    return false;
  }
  if (!built) {
    built = true;
    app.replaceChildren(el('h1', {}, 'Circuit ', redact(c.name, 'span', { id: 'circuit-name' })),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h2', {}, 'Plan'), el('table', {}, el('tbody', {},
          el('tr', {}, el('th', {}, 'Circuit ID'), el('td', {}, c.circuitId)),
          el('tr', {}, el('th', {}, 'Parent node'), el('td', {}, redact(c.parent))),
          el('tr', {}, el('th', {}, 'Download'), el('td', {}, `${mbps(c.downloadMinMbps)} min · ${mbps(c.downloadMaxMbps)} max`)),
          el('tr', {}, el('th', {}, 'Upload'), el('td', {}, `${mbps(c.uploadMinMbps)} min · ${mbps(c.uploadMaxMbps)} max`)),
          el('tr', {}, el('th', {}, 'CPU queue · class'), el('td', {}, `${c.cpuQueue} · ${c.classId}`)),
          el('tr', {}, el('th', {}, 'Queue discipline'), el('td', {}, c.downloadQdisc || 'none'))))),
        el('div', { class: 'card' }, el('h2', {}, 'Live'), live)),
      el('div', { class: 'card' }, el('h2', {}, 'Rate (last 60 s)'), canvas),
      el('div', { class: 'card' }, el('h2', {}, 'Devices'), el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Device'), el('th', {}, 'IP addresses'))),
        el('tbody', { id: 'devices' }, c.devices.map(d => el('tr', {}, el('td', {}, redact(d.deviceId)), el('td', {}, redact(d.ips.join(', ')))))))));
  }
  live.replaceChildren(el('div', { class: 'big down' }, bits(c.bitsPerSecond.down)), el('div', { class: 'big up' }, bits(c.bitsPerSecond.up)),
    el('div', { class: 'muted' }, `${c.packetsPerSecond.down} / ${c.packetsPerSecond.up} packets/s`));
  chart.push(c.bitsPerSecond.down, c.bitsPerSecond.up);
  return true;
}
if (await load()) setInterval(load, 1000);
