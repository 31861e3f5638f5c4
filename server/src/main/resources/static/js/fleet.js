// The operator's page of a fleet (administrators only): every meter the nodes heard, with its address's EAN and
// account, searchable by EAN or meter id, filtered by state, a page at a time, the fleet's counts on top; and the
// upload of an assignment file (meter_id, ean, email) with its answer line by line. The server does the grouping,
// filtering and paging (GET /api/fleet/meters), so the page holds one page of rows, whatever the fleet's size.
import * as api from './api.js';
import * as format from './format.js';
import { t } from './i18n.js';

const SIZE = 50;
const view = { q: '', state: 'all', page: 0 };
/** Counts renders, so that an answer to an older search never replaces a newer one. */
let shown = 0;

export function init() {
  const search = document.getElementById('fleet-search');
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    view.q = document.getElementById('fleet-q').value.trim();
    view.state = document.getElementById('fleet-state').value;
    view.page = 0;
    load();
  });
  document.getElementById('fleet-state').addEventListener('change', () => search.requestSubmit());
  document.getElementById('fleet-prev').addEventListener('click', () => {
    view.page = Math.max(0, view.page - 1);
    load();
  });
  document.getElementById('fleet-next').addEventListener('click', () => {
    view.page += 1;
    load();
  });
  document.getElementById('fleet-upload').addEventListener('submit', upload);
}

export async function render() {
  await load();
}

async function load() {
  const mine = ++shown;
  const params = new URLSearchParams({ state: view.state, page: String(view.page), size: String(SIZE) });
  if (view.q) params.set('q', view.q);
  const page = await api.get(`/api/fleet/meters?${params}`);
  if (mine !== shown) return;
  counts(page);
  rows(page.items);
  const first = page.total === 0 ? 0 : page.page * page.size + 1;
  const last = page.page * page.size + page.items.length;
  document.getElementById('fleet-summary').textContent = page.total === 0
    ? t('fleet.list.none')
    : t('fleet.list.range', { first: format.number(first), last: format.number(last), total: format.number(page.total) });
  document.getElementById('fleet-prev').disabled = page.page === 0;
  document.getElementById('fleet-next').disabled = last >= page.total;
}

function counts(page) {
  const minutes = Math.round(isoMinutes(page.silentAfter));
  for (const [key, value] of [['meters', page.meters], ['unknown', page.unknown], ['silent', page.silent],
    ['rejecting', page.rejecting]]) {
    document.getElementById(`fleet-count-${key}`).textContent = format.number(value);
  }
  document.getElementById('fleet-silent-hint').textContent = t('fleet.silentHint', { minutes: format.number(minutes) });
}

/** Minutes of an ISO duration as Java writes it (PT10M, PT1H30M, PT45S). */
function isoMinutes(duration) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration ?? '');
  if (!m) return 10;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

/** The states of a meter, most urgent first: what the row is marked with. */
function states(meter) {
  return [meter.rejecting && 'rejecting', meter.silent && 'silent', !meter.known && 'unknown'].filter(Boolean);
}

function cell(text, className = '') {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function when(instant) {
  return instant ? format.brussels(instant, { dateStyle: 'short', timeStyle: 'medium' }) : t('fleet.never');
}

function rows(items) {
  const body = document.getElementById('fleet-rows');
  body.replaceChildren(...items.map((meter) => {
    const tr = document.createElement('tr');
    const marks = states(meter);
    tr.dataset.state = marks[0] ?? 'ok';
    const id = cell(meter.meterId, 'fleet-id');
    const state = document.createElement('td');
    if (marks.length === 0) {
      state.textContent = t('fleet.state.ok');
    } else {
      state.append(...marks.map((mark) => {
        const badge = document.createElement('span');
        badge.className = `fleet-mark fleet-${mark}`;
        badge.textContent = t(`fleet.state.${mark}`);
        return badge;
      }));
    }
    const problem = cell(meter.lastProblem
      ? t('fleet.problemAt', { problem: meter.lastProblem, when: when(meter.lastProblemAt) }) : '', 'fleet-problem');
    tr.append(id, state, cell(meter.ean ?? '—', 'fleet-ean'), cell(meter.email ?? t('fleet.noAccount')),
      cell(when(meter.lastTelegram)), cell(format.number(meter.telegrams), 'number'),
      cell(format.number(meter.rejected), 'number'), problem, cell(when(meter.firstHeard)));
    return tr;
  }));
}

async function upload(e) {
  e.preventDefault();
  const form = e.target;
  const error = form.querySelector('[data-error]');
  const result = document.getElementById('fleet-upload-result');
  const lines = document.getElementById('fleet-upload-lines');
  const button = form.querySelector('button[type=submit]');
  error.hidden = true;
  result.hidden = true;
  lines.replaceChildren();
  const file = form.elements.file.files[0];
  if (!file) {
    error.textContent = t('fleet.upload.choose');
    error.hidden = false;
    return;
  }
  const body = new FormData();
  body.append('file', file);
  button.disabled = true;
  try {
    const answer = await api.send('POST', '/api/fleet/assignments', body);
    result.textContent = answer.changed
      ? t('fleet.upload.done', { created: format.number(answer.created), already: format.number(answer.alreadyThere) })
      : t('fleet.upload.unchanged', { already: format.number(answer.alreadyThere) });
    result.hidden = false;
    lines.replaceChildren(...answer.lines.map((line) => item(
      t('fleet.upload.line', { line: line.line, meter: line.meterId }),
      `${t(`fleet.upload.${line.result === 'created' ? 'created' : 'alreadyThere'}`)} · ${line.ean} · ${line.email}`)));
    form.reset();
    await load();
  } catch (failure) {
    if (failure.status === 401) return;
    error.textContent = api.problem(failure) ?? t('error.load');
    error.hidden = false;
    const problems = failure.body?.errors ?? [];
    lines.replaceChildren(...problems.filter((p) => p.line > 0).map((p) => item(
      p.column ? t('fleet.upload.badColumn', { line: p.line, column: p.column }) : t('fleet.upload.badLine', { line: p.line }),
      p.message, 'bad')));
  } finally {
    button.disabled = false;
  }
}

function item(title, detail, className = '') {
  const li = document.createElement('li');
  if (className) li.className = className;
  const strong = document.createElement('strong');
  strong.textContent = title;
  const small = document.createElement('small');
  small.textContent = detail;
  li.append(strong, ' ', small);
  return li;
}
