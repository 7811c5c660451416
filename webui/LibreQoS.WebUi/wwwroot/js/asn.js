// ASN Analysis: traffic by autonomous system. Needs flow tracking, which this build does not have yet.
import { el } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/asn');
document.querySelector('#app').append(el('h1', {}, 'ASN Analysis'),
  el('div', { class: 'card waiting', id: 'waiting' },
    el('h2', {}, 'Waiting for flow data'),
    el('p', {}, 'Flow tracking is not enabled in this build; this page shows ASNs (traffic, round-trip time and retransmits by autonomous system) once lqosd collects flows.'),
    el('p', { class: 'muted' }, 'Nothing to configure yet: shaping, the dashboard and the network tree work without it.')));
