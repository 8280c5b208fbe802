// Tidegate console: events and alarms, uplink "test connection", device discovery (docs/console.md).
// Uses app.js's api(), message(), cell() and pages registry; loaded after it.
'use strict';

pages['#events'] = { section: 'events', every: 2000, refresh: refreshEvents };
pages['#uplink-test'] = { section: 'uplink-test', every: 0, refresh: async () => {} };
pages['#discovery'] = { section: 'discovery', every: 0, refresh: loadDiscoveryDrivers };

async function refreshEvents() {
  const r = await api('GET', '/api/events?max=500');
  const body = $('event-list').tBodies[0];
  body.replaceChildren();
  for (const e of r.events) {
    const row = body.insertRow();
    cell(row, new Date(e.time).toLocaleString());
    cell(row, e.kind, 'kind-' + e.kind);
    cell(row, e.source);
    cell(row, e.text, /^(DOWN|DEGRADED|store alarm raised)/.test(e.text) ? 'DOWN' : e.text === 'UP' ? 'UP' : '');
  }
}

function formFields(form) {
  const fields = {};
  for (const input of form.querySelectorAll('input, select')) {
    if (input.type === 'checkbox') {
      fields[input.name] = input.checked ? 'true' : 'false';
    } else if (input.value.trim() !== '') {
      fields[input.name] = input.value.trim();
    }
  }
  return fields;
}

function fieldError(form, error) {
  // The API names the wrong field: mark it so the installer sees where.
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  const input = error.field && form.querySelector('[name="' + error.field + '"]');
  if (input) input.setAttribute('aria-invalid', 'true');
}

async function post(path, fields) {
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'X-CSRF-Token': state.csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

$('uplink-test-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = $('uplink-test-form');
  const result = $('ut-result');
  result.hidden = false;
  result.className = '';
  result.textContent = 'Connecting...';
  const fields = formFields(form);
  $('ut-password').value = ''; // not kept in the page
  const r = await post('/api/uplink/test', fields);
  fieldError(form, r.body);
  if (r.status !== 200) {
    result.className = 'DOWN';
    result.textContent = r.body.error || ('HTTP ' + r.status);
    return;
  }
  result.className = r.body.connected ? 'UP' : 'DOWN';
  result.textContent = (r.body.connected ? 'Connected: ' : r.body.outcome.replaceAll('_', ' ') + ': ')
    + r.body.message + ' (' + r.body.millis + ' ms)';
});

const discovery = { drivers: [], timer: null };

async function loadDiscoveryDrivers() {
  const r = await api('GET', '/api/discovery');
  discovery.drivers = r.drivers;
  const select = $('dc-driver');
  const chosen = select.value;
  select.replaceChildren();
  for (const d of r.drivers) {
    const option = document.createElement('option');
    option.value = d.driver;
    option.textContent = d.driver + ': ' + d.action;
    select.appendChild(option);
  }
  if (chosen) select.value = chosen;
  if (!r.drivers.length) message('No driver that can discover devices is running.');
  showParameters();
}

function showParameters() {
  const d = discovery.drivers.find((x) => x.driver === $('dc-driver').value);
  const box = $('dc-parameters');
  box.replaceChildren();
  if (!d) return;
  for (const [name, help] of Object.entries(d.parameters)) {
    if (name === 'driver') continue;
    const label = document.createElement('label');
    label.textContent = name + ' ';
    const input = document.createElement('input');
    input.name = name;
    input.id = 'dc-' + name;
    input.placeholder = help;
    input.title = help;
    label.appendChild(input);
    box.appendChild(label);
  }
}

$('dc-driver').addEventListener('change', showParameters);

$('discovery-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const r = await post('/api/discovery', formFields($('discovery-form')));
  fieldError($('discovery-form'), r.body);
  if (r.status !== 202) {
    message(r.body.error || ('HTTP ' + r.status));
    return;
  }
  message('');
  $('dc-findings').tBodies[0].replaceChildren();
  followJob(r.body.job);
});

function followJob(id) {
  clearInterval(discovery.timer);
  const poll = async () => {
    const s = await api('GET', '/api/discovery/job?id=' + id);
    const progress = $('dc-progress');
    progress.hidden = false;
    progress.max = s.total > 0 ? s.total : 1;
    progress.value = s.total > 0 ? s.done : (s.state === 'running' ? 0 : 1);
    $('dc-status').textContent = s.state === 'running' ? (s.done + (s.total > 0 ? ' of ' + s.total : '') + ' tried, '
      + s.findings.length + ' found') : s.state === 'failed' ? 'Failed: ' + s.error
      : s.findings.length + ' found in ' + s.elapsedSeconds + ' s. ' + s.note;
    const body = $('dc-findings').tBodies[0];
    body.replaceChildren();
    for (const f of s.findings) {
      const row = body.insertRow();
      cell(row, f.id);
      cell(row, f.name);
      cell(row, Object.entries(f.details).map(([k, v]) => k + ': ' + v).join(', '));
    }
    if (s.state !== 'running') clearInterval(discovery.timer);
  };
  poll().catch((e) => message(e.message));
  discovery.timer = setInterval(() => poll().catch((e) => message(e.message)), 500);
}
