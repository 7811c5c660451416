// The top navigation on every signed-in page: links, scheduler indicator, urgent issues, privacy toggle, user.
import { api, el } from './common.js';

const PRIVACY_KEY = 'lqos.privacy';
const LINKS = [['/', 'Dashboard'], ['/circuits', 'Shaped Devices'], ['/tree', 'Network Tree'], ['/sitemap', 'Site Map'], ['/cpu', 'CPU Tree'], ['/asn', 'ASN Analysis'], ['/flows', 'Flow Globe'], ['/config', 'Configuration']];
const MASK_ICON = 'M2 9c0-2 3-4 10-4s10 2 10 4c0 4-3 8-6 8-2 0-3-2-4-2s-2 2-4 2c-3 0-6-4-6-8zm5 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4z';

export let session = null;

export function privacyOn() { return localStorage.getItem(PRIVACY_KEY) === 'on'; }

function applyPrivacy(button) {
  document.body.classList.toggle('privacy', privacyOn());
  button.classList.toggle('privacy-on', privacyOn());
  button.title = privacyOn() ? 'Privacy mode is on: names and addresses are masked' : 'Privacy mode is off';
}

function icon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

export function openModal(title, ...content) {
  const back = el('div', { class: 'modal-back', id: 'modal' });
  const close = () => back.remove();
  back.addEventListener('click', e => { if (e.target === back) close(); });
  back.append(el('div', { class: 'modal', role: 'dialog' }, el('h3', {}, title), ...content,
    el('p', {}, el('button', { class: 'button secondary', id: 'modal-close', onclick: close }, 'Close'))));
  document.querySelector('#modal')?.remove();
  document.body.append(back);
  return back;
}

function schedulerLabel(s) {
  switch (s.state) {
    case 'healthy': return 'Scheduler: healthy';
    case 'running': return `Scheduler: ${s.phaseLabel || s.phase || 'running'}${s.percent != null ? ` ${s.percent}%` : ''}`;
    case 'error': return 'Scheduler: error';
    default: return 'Scheduler: offline';
  }
}

function showScheduler(s) {
  const parts = [el('p', {}, `State: ${s.state}`)];
  if (s.lastHeartbeatUnix) parts.push(el('p', { class: 'muted' }, `Last heartbeat: ${new Date(s.lastHeartbeatUnix * 1000).toLocaleString()}`));
  if (s.state === 'offline') parts.push(el('p', {}, 'No heartbeat from lqos_scheduler for five minutes. Check it with: systemctl status lqos_scheduler'));
  if (s.error) {
    parts.push(el('h4', {}, 'Last failure (preview)'), el('pre', { id: 'scheduler-error' }, s.error));
    if (s.errorLogPath) parts.push(el('p', {}, 'Full output: ', el('code', { id: 'scheduler-log-path' }, s.errorLogPath)));
  }
  if (s.lastOutput) parts.push(el('h4', {}, 'Last output'), el('pre', {}, s.lastOutput));
  openModal('Scheduler', ...parts);
}

async function showUrgent(refresh) {
  const issues = await api('/api/urgent');
  const admin = session.role === 'admin';
  const list = issues.length === 0 ? [el('p', { class: 'muted' }, 'No urgent issues.')] : issues.map(issue =>
    el('div', { class: 'issue', 'data-issue-id': issue.id },
      el('div', {}, el('div', { class: 'severity' }, `${issue.severity} · ${issue.source} · ${issue.code}`),
        el('div', { class: 'issue-message' }, issue.message),
        issue.context ? el('div', { class: 'muted' }, issue.context) : null,
        el('div', { class: 'muted' }, new Date(issue.timestampUnix * 1000).toLocaleString())),
      admin ? el('button', { class: 'button', onclick: async () => { await api(`/api/urgent/${issue.id}/ack`, { method: 'POST' }); await refresh(); await showUrgent(refresh); } }, 'Acknowledge') : null));
  const tools = admin && issues.length > 1
    ? [el('button', { class: 'button secondary', onclick: async () => { await api('/api/urgent/ack-all', { method: 'POST' }); await refresh(); await showUrgent(refresh); } }, 'Acknowledge all')]
    : [];
  openModal('Urgent issues', ...list, ...tools);
}

/** Builds the navigation; resolves with the session (redirects to sign-in when there is none). */
export async function mountNav(active) {
  session = await api('/api/auth/session');
  if (!session.signedIn) { location.href = '/login'; throw new Error('signed out'); }

  const scheduler = el('button', { class: 'pill offline', id: 'scheduler-indicator' }, 'Scheduler: …');
  const urgent = el('button', { class: 'pill urgent-none', id: 'urgent-indicator' }, 'Urgent: 0');
  const privacy = el('button', { class: 'pill', id: 'privacy-toggle', 'aria-label': 'Privacy mode' }, icon(MASK_ICON));
  let lastScheduler = null;

  const refresh = async () => {
    try {
      const [s, issues] = await Promise.all([api('/api/scheduler'), api('/api/urgent')]);
      lastScheduler = s;
      scheduler.className = `pill ${s.state}`;
      scheduler.textContent = schedulerLabel(s);
      scheduler.dataset.state = s.state;
      urgent.className = `pill ${issues.length ? 'urgent-some' : 'urgent-none'}`;
      urgent.textContent = `Urgent: ${issues.length}`;
      urgent.dataset.count = issues.length;
    } catch { /* the next poll tries again */ }
  };
  scheduler.addEventListener('click', () => lastScheduler && showScheduler(lastScheduler));
  urgent.addEventListener('click', () => showUrgent(refresh));
  privacy.addEventListener('click', () => { localStorage.setItem(PRIVACY_KEY, privacyOn() ? 'off' : 'on'); applyPrivacy(privacy); });

  const logout = el('button', { class: 'pill', id: 'logout', onclick: async () => { await api('/api/auth/logout', { method: 'POST' }); location.href = '/login'; } }, 'Sign out');
  const nav = el('nav', { class: 'topnav' }, el('a', { class: 'brand', href: '/' }, 'LibreQoS'),
    LINKS.map(([href, text]) => el('a', { class: href === active ? 'link active' : 'link', href }, text)),
    el('span', { class: 'spacer' }), scheduler, urgent, privacy,
    el('span', { class: 'user', id: 'user' }, `${session.username} (${session.role})`), logout);
  document.body.prepend(nav);
  applyPrivacy(privacy);
  await refresh();
  setInterval(refresh, 2000);
  return session;
}
