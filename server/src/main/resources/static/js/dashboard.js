// The dashboard: live net power in the big circle, the solar production in the small one (when the meter has an
// inverter), yesterday's totals, and the last twelve months' net offtake. The costs come from the bill endpoints only
// when the address has a tariff (they refuse an address without one, 409): otherwise the kWh show with "no tariff" and
// a notice links to the tariff form.
import * as api from './api.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import * as live from './live.js';
import { session } from './session.js';
import { addDays, addMonths, dateOf, startOf, today } from './time.js';

let followedMeter = null;
let lastSummary = null;
let lastSolar = null;
let hasInverter = false;

/**
 * Shows a meter in the circles: the app's live stream follows it (see live.js), so switching the address switches
 * the circles.
 */
export function startLive(meterId) {
  if (followedMeter === meterId) return;
  stopLive();
  followedMeter = meterId;
  hasInverter = Boolean(session.meters.find((m) => m.id === meterId)?.hasInverter);
  showSolar(null);
  live.followSolar(showSolar);
  live.follow(meterId, showLive);
}

/** Closes the live stream (signed out, or before another meter's), and forgets the last values shown. */
export function stopLive() {
  live.stop();
  followedMeter = null;
  lastSummary = null;
  lastSolar = null;
  hasInverter = false;
  if (document.getElementById('live')) showLive(null);
  if (document.getElementById('solar')) showSolar(null);
}

/** The inverter's last reading, { time, watts }, in the small circle; hidden for a meter without an inverter. */
export function showSolar(reading) {
  if (reading) hasInverter = true; // a reading proves there is one, whatever /api/meters said first
  if (reading && (!lastSolar || reading.time >= lastSolar.time)) lastSolar = reading;
  const circle = document.getElementById('solar');
  circle.hidden = !hasInverter;
  document.getElementById('solar-value').textContent = lastSolar ? format.watts(lastSolar.watts) : '–';
  // the reading's time, for the browser tests and for whoever wonders how fresh the value is
  if (lastSolar) circle.dataset.time = lastSolar.time;
}

/** netW is positive when the home takes from the grid (orange), negative or zero when it gives (green). */
export function showLive(summary) {
  lastSummary = summary ?? lastSummary;
  if (summary?.solarTime) showSolar({ time: summary.solarTime, watts: summary.solarW });
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

let rendered = 0; // counts renders: an answer about an address no longer shown is dropped

export async function render(meterId) {
  const run = ++rendered;
  const current = () => run === rendered;
  showLive(null);
  // another address: nothing of the last one stays on screen while this one loads
  clearFigures();
  const priced = hasTariff(meterId);
  priced.then((yes) => {
    if (current()) showNoTariff(meterId, !yes);
  }, () => {});
  const figures = Promise.all([yesterday(meterId, current, priced), history(meterId, current, priced)]);
  // the notice of a missing live source and the tiles once the figures are in, modules and all: their requests do
  // not compete with the figures' on a busy server, and never hold them up
  figures.catch(() => null).then(() => {
    if (!current()) return;
    import('./no-live-source.js')
      .then(({ showNoLiveSource }) => showNoLiveSource(document.getElementById('dashboard'), meterId))
      .catch((e) => console.warn(e));
    import('./dashboard-tiles.js').then(({ showTiles }) => showTiles(meterId, current)).catch((e) => console.warn(e));
  });
  await figures;
}

/**
 * Whether the address has a tariff (GET …/tariffs answers 200 with its versions, none without one; the first version
 * also covers the days before it, so one is enough for every bill). When that cannot be told, the bills are asked and
 * say it themselves.
 */
export async function hasTariff(meterId) {
  try {
    return (await api.tariffs(meterId)).versions.length > 0;
  } catch (e) {
    if (e.status === 401) throw e;
    return true;
  }
}

/** Above yesterday's figures, for an address without a tariff: why its costs are empty and a link to the form. */
function showNoTariff(meterId, show) {
  const section = document.getElementById('dashboard');
  let notice = section.querySelector('.no-tariff');
  if (!show) {
    if (notice) notice.hidden = true;
    return;
  }
  if (!notice) {
    notice = document.createElement('div');
    notice.className = 'notice no-tariff';
    notice.setAttribute('role', 'status');
    document.getElementById('yesterday').closest('article').before(notice);
  }
  const place = session.meters.find((m) => m.id === meterId);
  const text = document.createElement('p');
  text.textContent = t('dashboard.noTariff');
  const link = document.createElement('a');
  link.href = place?.location !== undefined ? `#settings/${place.location}` : '#settings';
  link.textContent = t('tariff.enterLink');
  link.dataset.action = 'enter-tariff';
  text.append(' ', link);
  notice.replaceChildren(text);
  notice.hidden = false;
}

function clearFigures() {
  for (const dd of document.querySelectorAll('#yesterday dd')) dd.textContent = '…';
  const coverage = document.getElementById('yesterday-coverage');
  if (coverage) coverage.hidden = true;
  document.getElementById('history').replaceChildren();
  document.getElementById('modules').replaceChildren();
  const noTariff = document.querySelector('#dashboard .no-tariff');
  if (noTariff) noTariff.hidden = true;
}

async function yesterday(meterId, current, priced) {
  const day = addDays(today(), -1);
  const [bucketList, dayBill] = await Promise.all([
    api.buckets(meterId, 'day', startOf(day), startOf(addDays(day, 1))),
    priced.then((yes) => (yes ? api.bill(meterId, day, addDays(day, 1)).catch(() => null) : null)),
  ]);
  if (!current()) return;
  const measured = bucketList.reduce((sum, b) => sum + (b.quarters ?? 0), 0);
  fill(document.getElementById('yesterday'), totalOf(bucketList), dayBill, measured === 0);
}

/** Offtake, injection and production (null when the meter has no inverter) of the buckets together, in Wh. */
export function totalOf(bucketList) {
  return bucketList.map(api.energyOf)
    .reduce((a, b) => ({
      offtake: a.offtake + b.offtake,
      injection: a.injection + b.injection,
      production: b.production === null ? a.production : (a.production ?? 0) + b.production,
    }), { offtake: 0, injection: 0, production: null });
}

/**
 * Fills a summary list's offtake, injection, production and cost fields. Nothing measured in the period (noData, or
 * the bill's own noData) says "no data" rather than zeros and fixed fees; a bill covering only some of the period's
 * days says how many (its coverage, when the server gives it), in the [data-field=coverage] line beside the list.
 */
export function fill(list, total, billOrNull, noData = false) {
  const empty = noData || billOrNull?.noData === true;
  list.querySelector('[data-field=offtake]').textContent = empty ? t('summary.noData') : format.kwh(total.offtake);
  list.querySelector('[data-field=injection]').textContent = empty ? t('summary.noData') : format.kwh(total.injection);
  list.querySelector('[data-row=production]').hidden = total.production === null;
  list.querySelector('[data-field=production]').textContent =
    total.production === null ? '' : empty ? t('summary.noData') : format.kwh(total.production);
  list.querySelector('[data-field=cost]').textContent = empty ? t('summary.noData')
    : billOrNull ? format.euro(billOrNull.totalInclVat) : t('summary.noCost');
  list.dataset.noData = String(empty);
  const line = list.parentElement.querySelector('[data-field=coverage]');
  if (line) {
    const text = empty ? '' : coverageText(billOrNull?.coverage);
    line.textContent = text;
    line.hidden = !text;
  }
}

/** "3 van 31 dagen gemeten" when a cost covers only some of its days; empty when all were, or nobody says. */
export function coverageText(coverage) {
  if (!coverage || coverage.measuredDays == null || coverage.days == null) return '';
  if (coverage.measuredDays >= coverage.days) return '';
  const n = new Intl.NumberFormat(locale());
  return t('summary.coverage', { measured: n.format(coverage.measuredDays), days: n.format(coverage.days) });
}

/**
 * The last twelve months as the manual lists them: the month (opening it in the overview), its net offtake, and
 * the month's whole bill incl. VAT under its own column heading. Without a tariff (then not asked) or when no bill
 * can be made, the months still show their kWh, from the meter's monthly sums.
 */
async function history(meterId, current, priced) {
  const thisMonth = today().slice(0, 7);
  const first = addMonths(`${thisMonth}-01`, -11).slice(0, 7);
  document.getElementById('history-overview').href = `#overview/month/${thisMonth}-01`;
  let months = null;
  if (await priced) {
    try {
      months = await api.monthCosts(meterId, first, thisMonth);
    } catch (e) {
      if (e.status === 401) throw e;
    }
  }
  if (!months) {
    // no tariff (or no bill to be made): the months' energy without a cost
    const buckets = await api.buckets(meterId, 'month', startOf(`${first}-01`), startOf(addMonths(`${thisMonth}-01`, 1)));
    months = buckets.map((b) => {
      const energy = api.energyOf(b);
      return {
        month: dateOf(b.start).slice(0, 7),
        netOfftakeWh: energy.offtake - energy.injection, costInclVat: null, quarters: b.quarters,
      };
    });
  }
  if (!current()) return;
  // months before the first measured quarter would show only the fixed fees, which says nothing about them
  months = months.filter((m) => m.quarters > 0 && m.noData !== true);
  const body = document.getElementById('history');
  body.replaceChildren();
  for (const m of [...months].reverse()) {
    const row = document.createElement('tr');
    row.dataset.month = m.month;
    row.className = 'month-row';
    const target = `#overview/month/${m.month}-01`;
    const name = cell('', 'month');
    const link = document.createElement('a');
    link.href = target;
    link.textContent = format.month(m.month);
    name.append(link);
    row.append(
      name,
      cell(format.kwh(m.netOfftakeWh, true), `number ${m.netOfftakeWh > 0 ? 'positive' : 'negative'}`),
      // the kWh's cost as the manual's rows show it, then the whole bill beside it, labelled by its column
      cell(m.energyCostInclVat == null ? t('summary.noCost') : format.euro(m.energyCostInclVat), 'number cost'),
      cell(m.costInclVat == null ? t('summary.noCost') : format.euro(m.costInclVat), 'number bill'));
    // the whole row opens the month, as the manual's rows do
    row.addEventListener('click', (e) => {
      if (e.target.closest('a')) return;
      location.hash = target;
    });
    body.append(row);
    const covered = coverageText(m.coverage);
    if (covered) {
      const note = document.createElement('tr');
      note.className = 'coverage-row';
      note.dataset.coverageOf = m.month;
      const td = cell(covered, 'coverage');
      td.colSpan = 4;
      note.append(td);
      body.append(note);
    }
  }
  if (months.length === 0) {
    const row = document.createElement('tr');
    const td = cell(t('history.empty'), 'empty');
    td.colSpan = 4;
    row.append(td);
    body.append(row);
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}
