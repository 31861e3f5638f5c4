// The home battery page (#battery/<device>), as the iLusmart app's iLubat page: the status by the manual's names with
// its meaning (standby in smart mode only when full while injecting or empty while consuming), the state of charge and
// the power now, the day's state-of-charge curve with the energy stored and delivered and the saving in euro under it,
// with weeks, months and years (stored and delivered per day or month), and the control loop's decisions about the
// battery with their reasons. While the page is shown the live figures are asked again every few seconds.
import * as api from './api.js';
import * as charts from './charts.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { labels } from './overview.js';
import { reasonText } from './reasons.js';
import { session } from './session.js';
import { batteryFigures, socCurve, statusClass, storageDecisionText, storageDevices } from './storage.js';
import { isCurrentOrLater, period, step, today } from './time.js';
import { showSurplusOrder } from './surplus-order.js';

const POLL_MS = 5000;
const DECISIONS_SHOWN = 8;
const SOC = '#1f5f99';
const STORED = '#2e9e5b';
const DELIVERED = '#f08a24';

const page = { run: 0, timer: null, locationId: null, device: null, kind: 'day', date: today() };
let chart = null;

const path = (rest) => `/api/locations/${encodeURIComponent(page.locationId)}/${rest}`;
const base = () => path(`batteries/${encodeURIComponent(page.device)}`);

export function init() {
  for (const button of document.querySelectorAll('#battery-periods [data-period]')) {
    button.addEventListener('click', () => {
      page.kind = button.dataset.period;
      loadHistory(page.run).catch((e) => console.warn(e));
    });
  }
  document.getElementById('battery-previous').addEventListener('click', () => move(-1));
  document.getElementById('battery-next').addEventListener('click', () => move(1));
  window.addEventListener('resize', () => chart?.resize());
}

function stopPolling() {
  if (page.timer) clearInterval(page.timer);
  page.timer = null;
}

/** Shows a battery of the address shown; without one named, its first. */
export async function render(meterId, device) {
  const run = ++page.run;
  stopPolling();
  const place = session.meters.find((m) => m.id === meterId);
  if (!place) return;
  page.locationId = place.location;
  const [devices, running] = await Promise.all([api.devices(place.location), api.get(path('batteries'))]);
  if (run !== page.run) return;
  const batteries = storageDevices('BATTERY', { devices, running }).filter((b) => b.device);
  const chosen = device ? batteries.find((b) => b.device === device) : batteries[0];
  if (!chosen) {
    showNone(place);
    return;
  }
  page.device = chosen.device;
  document.getElementById('battery-none').hidden = true;
  document.getElementById('battery-body').hidden = false;
  document.getElementById('battery-title').textContent = chosen.label || t('batteryPage.title');
  showNow(chosen.live);
  const parts = await Promise.allSettled([loadHistory(run), loadDecisions(run),
    showSurplusOrder(document.getElementById('battery-body'), page.locationId)]);
  for (const part of parts) if (part.status === 'rejected' && part.reason?.status !== 401) console.warn(part.reason);
  if (run !== page.run) return;
  page.timer = setInterval(() => poll(run).catch(() => {}), POLL_MS);
}

async function poll(run) {
  if (run !== page.run || document.getElementById('battery').hidden) {
    if (run === page.run) stopPolling();
    return;
  }
  if (document.hidden) return;
  const running = await api.get(path('batteries'));
  if (run !== page.run) return;
  showNow(running.find((b) => b.device === page.device));
  await loadDecisions(run);
}

function showNone(place) {
  document.getElementById('battery-body').hidden = true;
  const notice = document.getElementById('battery-none');
  const text = document.createElement('span');
  text.textContent = t('batteryPage.none');
  const link = document.createElement('a');
  link.href = `#settings/${place.location}`;
  link.textContent = t('batteryPage.settings');
  notice.replaceChildren(text, ' ', link);
  notice.hidden = false;
}

/** The status by the manual's names and what it means, the charge, the power, the capacity, the reading's time. */
function showNow(battery) {
  const reading = battery?.reading ?? null;
  const badge = document.getElementById('battery-status');
  const status = reading?.status;
  badge.textContent = status ? t(`batteryPage.status.${status}`) : t('batteryPage.status.waiting');
  badge.className = `status-badge ${statusClass(status)}`;
  document.getElementById('battery-now').dataset.status = status ?? 'waiting';
  document.getElementById('battery-soc').textContent = reading ? percent(reading.socPercent) : '';
  document.getElementById('battery-explain').textContent = status ? t(`batteryPage.explain.${status}`) : '';
  document.getElementById('battery-power').textContent = reading ? format.kw(reading.powerWatts) : '–';
  document.getElementById('battery-capacity').textContent =
    battery?.capacityWh ? format.kwh(battery.capacityWh) : '–';
  document.getElementById('battery-updated').textContent = reading
    ? t('batteryPage.updated', { time: format.brussels(reading.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) })
    : '';
}

function percent(value) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** The loop's last decisions about this battery, newest first, each with its reason in words. */
async function loadDecisions(run) {
  const control = await api.get(path('control'));
  if (run !== page.run) return;
  const mine = (control?.decisions ?? []).filter((d) => d.device === page.device).slice(0, DECISIONS_SHOWN);
  showDecisions(document.getElementById('battery-decisions'), mine, 'batteryPage.decisions.none');
}

export function showDecisions(list, decisions, noneKey) {
  if (decisions.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t(noneKey);
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...decisions.map((d) => {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.dateTime = d.at;
    time.textContent = format.brussels(d.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const what = document.createElement('strong');
    what.textContent = storageDecisionText(d, format.kw);
    const why = document.createElement('span');
    why.className = 'reason';
    why.textContent = reasonText(d.reason);
    li.append(time, ' ', what, document.createElement('br'), why);
    return li;
  }));
}

function move(direction) {
  const next = step(page.kind, page.date, direction);
  if (direction > 0 && period(page.kind, next).from > today()) return;
  page.date = next;
  loadHistory(page.run).catch((e) => console.warn(e));
}

/** The period's title: a day's date, a week's first and last day, a month, a year. */
export function periodTitle(kind, date) {
  const { from, to } = period(kind, date);
  switch (kind) {
    case 'day': return format.date(from, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    case 'week':
      return t('overview.range', {
        from: format.date(from, { day: 'numeric', month: 'short' }),
        to: format.date(step('day', to, -1), { day: 'numeric', month: 'short', year: 'numeric' }),
      });
    case 'month': return format.date(from, { month: 'long', year: 'numeric' });
    default: return format.date(from, { year: 'numeric' });
  }
}

/** Marks the period's tab, names the period and disables "next" at today's. */
export function showPeriod(prefix, kind, date) {
  for (const button of document.querySelectorAll(`#${prefix}-periods [data-period]`)) {
    button.setAttribute('aria-selected', String(button.dataset.period === kind));
  }
  document.getElementById(`${prefix}-period-title`).textContent = periodTitle(kind, date);
  document.getElementById(`${prefix}-next`).disabled = isCurrentOrLater(kind, date);
}

async function loadHistory(run) {
  showPeriod('battery', page.kind, page.date);
  const url = page.kind === 'day' ? `${base()}/day?date=${page.date}`
    : `${base()}/period?period=${page.kind}&date=${page.date}`;
  const [answer] = await Promise.all([api.get(url), charts.ready()]);
  if (run !== page.run) return;
  showFigures(batteryFigures(answer));
  const element = document.getElementById('battery-chart');
  chart ??= window.echarts.init(element);
  chart.resize();
  if (page.kind === 'day') drawDay(element, answer);
  else drawPeriod(element, answer);
}

function showFigures(f) {
  const list = document.getElementById('battery-figures');
  const noData = t('batteryPage.noData');
  list.querySelector('[data-field=stored]').textContent = f.noData ? noData : format.kwh(f.storedWh);
  list.querySelector('[data-field=delivered]').textContent = f.noData ? noData : format.kwh(f.deliveredWh);
  list.querySelector('[data-field=saving]').textContent = f.noData ? noData
    : !f.priced || f.savingEuros === null ? t('batteryPage.noTariff') : format.euro(f.savingEuros);
  list.dataset.noData = String(f.noData);
  const coverage = document.getElementById('battery-coverage');
  const partial = !f.noData && f.measured < f.quarters;
  const n = new Intl.NumberFormat(locale());
  coverage.textContent = partial
    ? t('batteryPage.coverage', { measured: n.format(f.measured), quarters: n.format(f.quarters) }) : '';
  coverage.hidden = !partial;
}

function drawDay(element, day) {
  const points = socCurve(day);
  const names = labels('day', day.quarters);
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? t('batteryPage.noData') : percent(v)) },
    xAxis: { type: 'category', data: names, boundaryGap: false, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', min: 0, max: 100, name: '%', nameTextStyle: { align: 'left', fontSize: 11 },
      axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    series: [{ type: 'line', name: t('batteryPage.chart.soc'), color: SOC, symbolSize: 3, connectNulls: false,
      areaStyle: { opacity: 0.15 }, data: points.map(([, soc]) => soc) }],
  }, true);
  element.dataset.points = String(points.length);
  element.dataset.measured = String(points.filter(([, soc]) => soc !== null).length);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('batteryPage.chart.socLabel', {
    measured: element.dataset.measured, quarters: String(points.length),
  }));
}

function drawPeriod(element, answer) {
  const buckets = answer.buckets ?? [];
  const bars = buckets.map((b) => ({ start: b.from }));
  const names = labels(page.kind, bars);
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? t('batteryPage.noData') : format.kwh(v * 1000)) },
    xAxis: { type: 'category', data: names, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', name: 'kWh', nameTextStyle: { align: 'left', fontSize: 11 },
      axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    series: [
      { type: 'bar', name: t('batteryPage.stored'), color: STORED,
        data: buckets.map((b) => (b.noData ? null : b.chargedWh / 1000)) },
      { type: 'bar', name: t('batteryPage.delivered'), color: DELIVERED,
        data: buckets.map((b) => (b.noData ? null : b.deliveredWh / 1000)) },
    ],
  }, true);
  element.dataset.points = String(buckets.length);
  element.dataset.measured = String(buckets.filter((b) => !b.noData).length);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('batteryPage.chart.barsLabel', { bars: String(buckets.length) }));
}
