// Flow Globe: where traffic goes, by remote endpoint. Needs flow tracking, which this build does not have yet.
import { el } from './common.js';
import { mountNav } from './nav.js';

await mountNav('/flows');
document.querySelector('#app').append(el('h1', {}, 'Flow Globe'),
  el('div', { class: 'card waiting', id: 'waiting' },
    el('h2', {}, 'Waiting for flow data'),
    el('p', {}, 'Flow tracking is not enabled in this build; this page shows flows (remote endpoints on a globe, by traffic and round-trip time) once lqosd collects flows.'),
    el('p', { class: 'muted' }, 'Nothing to configure yet: shaping, the dashboard and the network tree work without it.')));
