// Tidegate console: plain JavaScript against the REST API (docs/console.md). No build step.
'use strict';

const state = { csrf: null, timer: null, history: {} };
const HISTORY = 120; // points kept per trend chart: two minutes at one refresh a second

const $ = (id) => document.getElementById(id);
// Pages other scripts add (ops.js): '#hash' -> { section, refresh, every (ms; 0 = no refresh) }
const pages = {};

function show(section) {
  for (const s of document.querySelectorAll('main > section')) {
    s.hidden = s.id !== section;
  }
  $('nav').hidden = section === 'setup' || section === 'login';
}

function message(text, ok) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
  m.className = ok ? 'ok' : '';
}

async function api(method, path, form) {
  const options = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') {
    options.headers['X-CSRF-Token'] = state.csrf;
    options.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    options.body = new URLSearchParams(form || {}).toString();
  }
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/api/login') {
    await start();
    throw new Error('your session ended: log in again');
  }
  if (!response.ok) {
    const error = new Error(body.error || ('HTTP ' + response.status));
    error.problems = body.problems; // a configuration edit's problems, by field (commissioning.js)
    throw error;
  }
  return body;
}

async function start() {
  stopRefresh();
  const session = await api('GET', '/api/session');
  state.csrf = session.csrfToken;
  if (session.setupRequired) {
    show('setup');
  } else if (!session.authenticated) {
    show('login');
  } else {
    route();
  }
}

function route() {
  // Pages defined in their own scripts: commissioning.js opens its pages once (window.tidegatePages:
  // section, open), ops.js has them refreshed (pages: section, refresh, every).
  const opened = (window.tidegatePages || {})[location.hash];
  if (opened) {
    stopRefresh();
    show(opened.section);
    message('');
    opened.open().catch((e) => message(e.message));
    return;
  }
  const extra = pages[location.hash];
  const page = extra ? extra.section : location.hash === '#devices' ? 'devices' : 'overview';
  show(page);
  stopRefresh();
  const refresh = extra ? extra.refresh : page === 'devices' ? refreshDevices : refreshOverview;
  const tick = () => refresh().catch((e) => message(e.message));
  tick();
  const every = extra ? extra.every : 1000;
  if (every) state.timer = setInterval(tick, every);
}

function stopRefresh() {
  if (state.timer) {
    clearInterval(state.timer);
    state.timer = null;
  }
}

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (cls) td.className = cls;
  return td;
}

async function refreshOverview() {
  const o = await api('GET', '/api/overview');
  message('');
  $('gateway-id').textContent = o.gatewayId;
  $('uplink-state').textContent = o.uplinks.length === 0 ? 'none'
    : o.uplinks.map((u) => (u.connected ? 'online' : 'OFFLINE') + (u.connected || !u.lastError ? '' : ' (' + u.lastError + ')')).join(', ');
  const age = o.buffer.oldestPendingAgeSeconds;
  $('buffer-depth').textContent = o.buffer.pending + (age === null || age === undefined ? '' : ' (oldest ' + age.toFixed(1) + ' s)');
  $('sample-counts').textContent = o.samples.read + ' / ' + o.samples.stored + ' / ' + o.samples.forwarded;
  $('dropped').textContent = o.samples.dropped;
  $('store-alarm').textContent = o.storeAlarm ? 'RAISED' : 'clear';
  const body = $('health').tBodies[0];
  body.replaceChildren();
  for (const d of o.devices) {
    const row = body.insertRow();
    row.id = 'health-' + d.id;
    cell(row, d.id);
    cell(row, d.state, d.state);
    cell(row, d.since ? new Date(d.since).toLocaleTimeString() : '');
    cell(row, d.state === 'UP' ? '' : d.lastError);
  }
}

function remember(point) {
  if (typeof point.value !== 'number' && typeof point.value !== 'boolean') return;
  const series = state.history[point.id] || (state.history[point.id] = []);
  const last = series[series.length - 1];
  if (last && last.t === point.timestamp) return;
  series.push({ t: point.timestamp, v: Number(point.value) });
  if (series.length > HISTORY) series.shift();
}

function trend(pointId) {
  const series = state.history[pointId] || [];
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'trend');
  svg.setAttribute('viewBox', '0 0 160 32');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (series.length > 1) {
    const values = series.map((s) => s.v);
    const min = Math.min(...values);
    const span = (Math.max(...values) - min) || 1;
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', series.map((s, i) =>
      (i * 160 / (series.length - 1)).toFixed(1) + ',' + (30 - (s.v - min) / span * 28).toFixed(1)).join(' '));
    svg.appendChild(line);
  }
  svg.dataset.samples = String(series.length);
  return svg;
}

function formatValue(p) {
  if (p.value === null || p.value === undefined) return '—';
  const v = typeof p.value === 'number' && !Number.isInteger(p.value) ? p.value.toFixed(3) : String(p.value);
  return p.unit ? v + ' ' + p.unit : v;
}

async function refreshDevices() {
  const { devices } = await api('GET', '/api/devices');
  message('');
  const list = $('device-list');
  list.replaceChildren();
  for (const d of devices) {
    const h = document.createElement('h3');
    h.textContent = d.id + ' (' + d.driver + ') ';
    const s = document.createElement('span');
    s.className = d.state;
    s.textContent = d.state;
    h.appendChild(s);
    list.appendChild(h);
    if (d.state !== 'UP' && d.lastError) {
      const e = document.createElement('p');
      e.textContent = 'Last error: ' + d.lastError;
      list.appendChild(e);
    }
    const table = document.createElement('table');
    table.createTHead().innerHTML = '<tr><th>Point</th><th>Value</th><th>Quality</th><th>Time</th><th>Trend</th></tr>';
    const body = table.createTBody();
    for (const p of d.points) {
      remember(p);
      const row = body.insertRow();
      row.dataset.point = p.id;
      cell(row, p.id).title = p.description || '';
      cell(row, formatValue(p), 'value');
      cell(row, p.quality || '', p.quality).title = p.reason || '';
      cell(row, p.timestamp ? new Date(p.timestamp).toLocaleTimeString() : '');
      row.insertCell().appendChild(trend(p.id));
    }
    list.appendChild(table);
  }
}

function submitting(form, handler) {
  $(form).addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await handler();
    } catch (e) {
      message(e.message);
    }
  });
}

submitting('setup-form', async () => {
  if ($('setup-password').value !== $('setup-password2').value) {
    throw new Error('the two passwords differ');
  }
  const r = await api('POST', '/api/setup', { token: $('setup-token').value.trim(), password: $('setup-password').value });
  state.csrf = r.csrfToken;
  $('setup-form').reset();
  message('Password set. You are logged in.', true);
  route();
});

submitting('login-form', async () => {
  const password = $('login-password').value;
  $('login-password').value = ''; // a refused password is not left in the field to be added to
  const r = await api('POST', '/api/login', { password });
  state.csrf = r.csrfToken;
  $('login-form').reset();
  message('');
  route();
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout').catch(() => {});
  await start();
});

window.addEventListener('hashchange', () => { if (!$('nav').hidden) route(); });
start().catch((e) => message(e.message));
