// The dashboard: live net power in the big circle, yesterday's totals, and the last twelve months' net offtake.
import * as api from './api.js';
import * as format from './format.js';
import { t } from './i18n.js';
import { addDays, addMonths, startOf, today } from './time.js';

let source = null;
let sourceMeter = null;
let lastSummary = null;

/**
 * Opens the live stream of a meter; another meter's stream is closed first, so switching the address switches
 * the circle. EventSource reconnects by itself when the server restarts.
 */
export function startLive(meterId) {
  if (source && sourceMeter === meterId) return;
  stopLive();
  sourceMeter = meterId;
  api.latest(meterId).then((summary) => { if (sourceMeter === meterId) showLive(summary); }, () => {});
  source = new EventSource(api.liveUrl(meterId));
  source.addEventListener('telegram', (event) => { if (sourceMeter === meterId) showLive(JSON.parse(event.data)); });
}

/** Closes the live stream (signed out, or before another meter's), and forgets the last value shown. */
export function stopLive() {
  source?.close();
  source = null;
  sourceMeter = null;
  lastSummary = null;
  if (document.getElementById('live')) showLive(null);
}

/** netW is positive when the home takes from the grid (orange), negative or zero when it gives (green). */
export function showLive(summary) {
  lastSummary = summary ?? lastSummary;
  const circle = document.getElementById('live');
  const label = document.getElementById('live-label');
  const value = document.getElementById('live-value');
  const time = document.getElementById('live-time');
  if (!lastSummary) {
    circle.className = 'circle waiting';
    label.textContent = t('live.waiting');
    value.textContent = '';
    time.textContent = '';
    return;
  }
  const offtake = lastSummary.netW > 0;
  circle.className = `circle ${offtake ? 'offtake' : 'injection'}`;
  label.textContent = t(offtake ? 'live.offtake' : 'live.injection');
  value.textContent = format.kw(Math.abs(lastSummary.netW));
  time.textContent = t('live.at', {
    time: format.brussels(lastSummary.time, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  });
}

export async function render(meterId) {
  showLive(null);
  await Promise.all([yesterday(meterId), history(meterId)]);
}

async function yesterday(meterId) {
  const day = addDays(today(), -1);
  const [bucketList, dayBill] = await Promise.all([
    api.buckets(meterId, 'day', startOf(day), startOf(addDays(day, 1))),
    api.bill(meterId, day, addDays(day, 1)).catch(() => null),
  ]);
  const total = bucketList.map(api.energyOf)
    .reduce((a, b) => ({ offtake: a.offtake + b.offtake, injection: a.injection + b.injection }),
      { offtake: 0, injection: 0 });
  fill(document.getElementById('yesterday'), total, dayBill);
}

/** Fills a summary list's offtake, injection and cost fields. */
export function fill(list, total, billOrNull) {
  list.querySelector('[data-field=offtake]').textContent = format.kwh(total.offtake);
  list.querySelector('[data-field=injection]').textContent = format.kwh(total.injection);
  list.querySelector('[data-field=cost]').textContent =
    billOrNull ? format.euro(billOrNull.totalInclVat) : t('summary.noCost');
}

async function history(meterId) {
  const thisMonth = today().slice(0, 7);
  const first = addMonths(`${thisMonth}-01`, -11).slice(0, 7);
  // months before the first measured quarter would show only the fixed fees, which says nothing about them
  const months = (await api.monthCosts(meterId, first, thisMonth)).filter((m) => m.quarters > 0);
  const body = document.getElementById('history');
  body.replaceChildren();
  for (const m of [...months].reverse()) {
    const row = document.createElement('tr');
    row.dataset.month = m.month;
    row.append(
      cell(format.month(m.month), 'month'),
      cell(format.kwh(m.netOfftakeWh, true), `number ${m.netOfftakeWh > 0 ? 'positive' : 'negative'}`),
      cell(format.euro(m.costInclVat), 'number cost'));
    body.append(row);
  }
  if (months.length === 0) {
    const row = document.createElement('tr');
    row.append(cell(t('history.empty'), 'empty'));
    body.append(row);
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}
