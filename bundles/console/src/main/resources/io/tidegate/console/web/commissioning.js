// Tidegate console: the commissioning and audit pages (docs/console.md, "Configuration editing").
// Uses api(), message() and $() from app.js.
'use strict';

const commission = { devices: [], uplink: {}, pointsAsLoaded: null, readings: {} };

window.tidegatePages = Object.assign(window.tidegatePages || {}, {
  '#commission': { section: 'commission', open: openCommission },
  '#audit': { section: 'audit', open: openAudit },
});

function td(row, text, cls) {
  const c = row.insertCell();
  c.textContent = text === null || text === undefined ? '' : String(text);
  if (cls) c.className = cls;
  return c;
}

async function openCommission() {
  const config = await api('GET', '/api/config');
  commission.devices = config.devices;
  commission.uplink = config.uplink;
  showPending(config.pending);
  const body = $('config-devices').tBodies[0];
  body.replaceChildren();
  for (const d of config.devices) {
    const row = body.insertRow();
    row.dataset.device = d.id;
    td(row, d.id);
    td(row, d.driver);
    td(row, d.interval || '1s');
    td(row, csvRows(d.points).rows.length);
    const actions = row.insertCell();
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.className = 'device-edit';
    edit.addEventListener('click', () => editDevice(d));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.className = 'device-remove';
    remove.addEventListener('click', () => removeDevice(d.id).catch((e) => message(e.message)));
    actions.append(edit, ' ', remove);
  }
  renderUplink(config.uplink);
}

function showPending(pending) {
  $('pending').hidden = !pending;
  if (pending) {
    $('pending-text').textContent = 'Applied by ' + pending.who + ': ' + pending.summary + '. The previous'
      + ' configuration comes back at ' + new Date(pending.revertAt).toLocaleTimeString() + ' unless you confirm.';
  }
}

function editDevice(d) {
  $('device-form').hidden = false;
  $('device-form-title').textContent = d ? 'Edit device ' + d.id : 'Add a device';
  $('device-original').value = d ? d.id : '';
  $('device-id').value = d ? d.id : '';
  $('device-driver').value = d ? d.driver : '';
  $('device-interval').value = d ? d.interval : '';
  $('device-settings').value = d ? Object.entries(d.settings).map(([k, v]) => k + ': ' + v).join('\n') : '';
  $('device-points').value = d ? d.points : 'id,address,type,unit,description\n';
  commission.pointsAsLoaded = d ? d.points : null;
  commission.readings = {};
  showProblems('device-form', []);
  $('device-id').focus();
}

/** The form as the API takes it; points only when they changed, so an edit keeps inline points as they are. */
function deviceForm() {
  const form = {
    change: 'device',
    originalId: $('device-original').value,
    id: $('device-id').value,
    driver: $('device-driver').value,
    interval: $('device-interval').value,
    settings: $('device-settings').value,
  };
  if ($('device-points').value !== commission.pointsAsLoaded) {
    form.points = $('device-points').value;
  }
  return form;
}

/** Splits the register map text into rows with their line numbers (the numbers the gateway's errors use). */
function csvRows(text) {
  const lines = (text || '').split(/\r\n|\r|\n/);
  let header = null;
  const rows = [];
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const cells = splitCsv(line);
    if (!header) {
      header = cells.map((c) => c.trim().toLowerCase());
    } else {
      rows.push({ line: i + 1, cells });
    }
  });
  return { header: header || [], rows };
}

function splitCsv(line) {
  const cells = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') { quoted = false; } else { cur += c; }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  cells.push(cur.trim());
  return cells;
}

/** The points table: one row per register-map row, with its problem and its test-read result. */
function renderPoints(problems) {
  const { header, rows } = csvRows($('device-points').value);
  const col = (name) => header.indexOf(name);
  const body = $('points-table').tBodies[0];
  body.replaceChildren();
  for (const r of rows) {
    const row = body.insertRow();
    row.dataset.row = String(r.line);
    const id = r.cells[col('id')] || '';
    row.dataset.point = id;
    td(row, r.line);
    td(row, id);
    td(row, r.cells[col('address')]);
    td(row, r.cells[col('type')]);
    const mine = problems.filter((p) => p.field === 'points' && p.row === r.line);
    td(row, mine.map((p) => (p.column ? p.column + ': ' : '') + p.message).join('; '), 'problem');
    if (mine.length) row.className = 'bad';
    const reading = commission.readings[id];
    td(row, reading ? (reading.value === null ? '—' : reading.value) : '', 'read-value');
    td(row, reading ? reading.quality : '', reading ? 'read-quality ' + reading.quality : 'read-quality');
    td(row, reading ? reading.reason : '', 'read-reason');
  }
}

/** Each problem next to its field; register-map problems on their row (the header's too, above the table). */
function showProblems(formId, problems) {
  for (const span of $(formId).querySelectorAll('.field-error')) {
    const field = span.dataset.field;
    span.textContent = problems.filter((p) => p.field === field && !(field === 'points' && rowShown(p)))
      .map((p) => (p.row && field === 'points' ? 'line ' + p.row + ': ' : '') + p.message).join(' ');
  }
  const known = new Set([...$(formId).querySelectorAll('.field-error')].map((s) => s.dataset.field));
  const general = $(formId).querySelector('.field-error[data-field=""]');
  general.textContent += problems.filter((p) => !known.has(p.field)).map((p) => p.field + ': ' + p.message).join(' ');
  if (formId === 'device-form') {
    renderPoints(problems);
    const firstBad = $('points-table').querySelector('tr.bad');
    if (firstBad) firstBad.scrollIntoView({ block: 'center' });
  }
}

function rowShown(p) {
  return p.row > 0 && csvRows($('device-points').value).rows.some((r) => r.line === p.row);
}

/** Sends the form; a 400 with problems shows them by the fields and resolves to null. */
async function send(path, form, formId) {
  try {
    const r = await api('POST', path, form);
    showProblems(formId, []);
    return r;
  } catch (e) {
    if (e.problems) {
      showProblems(formId, e.problems);
      message(e.message);
      return null;
    }
    throw e;
  }
}

async function checkDevice() {
  if (await send('/api/config/check', deviceForm(), 'device-form')) {
    message('The device is valid. Nothing is saved until you apply.', true);
  }
}

async function testRead() {
  const form = deviceForm();
  form.points = $('device-points').value; // read what the form shows, saved or not
  const r = await send('/api/config/test-read', form, 'device-form');
  if (!r) return;
  commission.readings = {};
  for (const reading of r.readings) commission.readings[reading.id] = reading;
  renderPoints([]);
  const bad = r.readings.filter((x) => x.quality !== 'GOOD').length;
  message('Test read of ' + r.readings.length + ' points: ' + (bad ? bad + ' not good' : 'all good'), bad === 0);
}

async function applyDevice() {
  const form = deviceForm();
  form.confirmMinutes = $('confirm-minutes').value;
  const r = await send('/api/config/apply', form, 'device-form');
  if (!r) return;
  $('device-form').hidden = true;
  message('Applied.' + (r.pending ? ' Confirm it before ' + new Date(r.pending.revertAt).toLocaleTimeString()
    + ', or the previous configuration comes back.' : ''), true);
  await openCommission();
}

async function removeDevice(id) {
  if (!window.confirm('Remove device ' + id + ' and its points?')) return;
  const r = await send('/api/config/apply', { change: 'remove', id, confirmMinutes: $('confirm-minutes').value }, 'device-form');
  if (r) {
    message('Device ' + id + ' removed.', true);
    await openCommission();
  }
}

const UPLINK_KEYS = ['type', 'host', 'port', 'clientId', 'keepAlive', 'username', 'passwordFile', 'primaryHostId', 'mqttVersion'];

function renderUplink(uplink) {
  const box = $('uplink-fields');
  box.replaceChildren();
  const keys = [...new Set([...UPLINK_KEYS, ...Object.keys(uplink)])];
  for (const key of keys) {
    const label = document.createElement('label');
    label.textContent = key + ' ';
    const input = document.createElement('input');
    input.id = 'uplink-' + key;
    input.dataset.key = key;
    input.value = uplink[key] || '';
    input.dataset.loaded = input.value;
    const error = document.createElement('span');
    error.className = 'field-error';
    error.dataset.field = 'uplink.' + key;
    label.append(input, error);
    box.appendChild(label);
  }
}

async function applyUplink() {
  const form = { change: 'uplink', confirmMinutes: $('uplink-confirm-minutes').value };
  for (const input of $('uplink-fields').querySelectorAll('input')) {
    if (input.value !== input.dataset.loaded) form['uplink.' + input.dataset.key] = input.value;
  }
  const r = await send('/api/config/apply', form, 'uplink-form');
  if (r) {
    message('Uplink settings applied.' + (r.pending ? ' Confirm them before '
      + new Date(r.pending.revertAt).toLocaleTimeString() + '.' : ''), true);
    await openCommission();
  }
}

async function openAudit() {
  const { entries } = await api('GET', '/api/audit');
  const body = $('audit-table').tBodies[0];
  body.replaceChildren();
  for (const e of entries) {
    const row = body.insertRow();
    row.className = 'audit-' + e.kind;
    td(row, new Date(e.time).toLocaleString());
    td(row, e.kind);
    td(row, e.who);
    td(row, e.what);
    td(row, e.outcome, 'outcome');
    td(row, e.reason);
  }
}

function clicking(id, handler) {
  $(id).addEventListener('click', () => handler().catch((e) => message(e.message)));
}

document.addEventListener('DOMContentLoaded', () => {
  clicking('device-add', async () => editDevice(null));
  clicking('device-cancel', async () => { $('device-form').hidden = true; });
  clicking('device-check', checkDevice);
  clicking('device-test-read', testRead);
  clicking('device-apply', applyDevice);
  clicking('uplink-apply', applyUplink);
  clicking('confirm', async () => {
    await api('POST', '/api/config/confirm');
    message('Confirmed: the change stays.', true);
    await openCommission();
  });
  $('device-points').addEventListener('input', () => renderPoints([]));
  $('device-csv-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    $('device-points').value = await file.text();
    commission.readings = {};
    await checkDevice().catch((e) => message(e.message));
  });
});
