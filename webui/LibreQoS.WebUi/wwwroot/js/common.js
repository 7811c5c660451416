// Shared helpers for every page: API calls with the CSRF header, formatting, small DOM builders.

const CSRF_COOKIE = 'lqos_csrf';
const CSRF_HEADER = 'X-Lqos-Csrf';

export function csrfToken() {
  const match = document.cookie.split('; ').find(c => c.startsWith(CSRF_COOKIE + '='));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : '';
}

/** Fetches JSON; a 401 sends the browser to the sign-in page. Throws an Error carrying status on failure. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 401 && !location.pathname.startsWith('/login')) {
    location.href = '/login';
    throw new Error('signed out');
  }
  const text = await response.text();
  const data = text && (response.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const error = new Error((data && data.error) || (typeof data === 'string' && data) || `HTTP ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

/** Element builder: el('td', {class: 'num'}, 'text', child). Text is always set as text, never as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function bits(value) {
  const units = ['bps', 'Kbps', 'Mbps', 'Gbps', 'Tbps'];
  let v = Number(value) || 0, i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function mbps(value) { return `${Number(value).toLocaleString('en-US', { maximumFractionDigits: 1 })} Mbps`; }

export function duration(seconds) {
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m ${Math.floor(seconds % 60)}s`;
}

/** A bar showing used against a limit; red above 90%. Width set through CSSOM (the CSP forbids inline styles). */
export function usageBar(usedBits, limitMbps) {
  const fraction = limitMbps > 0 ? Math.min(1, usedBits / (limitMbps * 1e6)) : 0;
  const fill = el('span');
  fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  return el('div', { class: fraction > 0.9 ? 'bar hot' : 'bar', title: `${(fraction * 100).toFixed(0)}% of ${mbps(limitMbps)}` }, fill);
}

/** Marks text that names a subscriber or an address: privacy mode masks it. */
export function redact(text, tag = 'span', attrs = {}) {
  return el(tag, { ...attrs, class: ['redact', attrs.class].filter(Boolean).join(' ') }, text);
}

export function query(name) { return new URLSearchParams(location.search).get(name); }

/** A small rolling line chart (download and upload) drawn on a canvas, no library needed. */
export class RateChart {
  constructor(canvas, points = 60) { this.canvas = canvas; this.points = points; this.down = []; this.up = []; }
  push(down, up) {
    this.down.push(down); this.up.push(up);
    if (this.down.length > this.points) { this.down.shift(); this.up.shift(); }
    this.draw();
  }
  draw() {
    const c = this.canvas, ratio = window.devicePixelRatio || 1;
    c.width = c.clientWidth * ratio; c.height = c.clientHeight * ratio;
    const g = c.getContext('2d'), w = c.width, h = c.height;
    g.clearRect(0, 0, w, h);
    const max = Math.max(1, ...this.down, ...this.up) * 1.15;
    g.strokeStyle = '#e3e7ee'; g.lineWidth = 1;
    for (let i = 1; i < 4; i++) { g.beginPath(); g.moveTo(0, h * i / 4); g.lineTo(w, h * i / 4); g.stroke(); }
    g.fillStyle = '#667085'; g.font = `${11 * ratio}px system-ui`;
    g.fillText(bits(max), 4 * ratio, 12 * ratio);
    for (const [series, color] of [[this.down, '#2b7bd9'], [this.up, '#e07b24']]) {
      g.strokeStyle = color; g.lineWidth = 2 * ratio; g.beginPath();
      series.forEach((v, i) => {
        const x = w * i / (this.points - 1), y = h - h * v / max;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    }
  }
}
