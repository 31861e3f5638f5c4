// The heat battery page (#heat/<device>), as the iLusmart app's iLuheat page: the boiler's temperature now with its
// status by the manual's names, the day's consumption per quarter hour with the water's average temperature, the
// same per day or month for a week, month or year, the control loop's decisions about it, the boiler's preferences
// (lowest and highest temperature, the weekly legionella cycle) and the address's surplus order (which of the car,
// the battery and the boiler gets the solar surplus first).
import * as api from './api.js';
import { showDecisions, showPeriod } from './battery.js';
import * as charts from './charts.js';
import { fieldMessage, onSubmit, values } from './form.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { labels } from './overview.js';
import { session } from './session.js';
import { parsePreferences, statusClass, storageDevices } from './storage.js';
import { showSurplusOrder } from './surplus-order.js';
import { period, step, today } from './time.js';

const POLL_MS = 5000;
const DECISIONS_SHOWN = 8;
const ENERGY = '#c2410c';
const TEMPERATURE = '#1f5f99';

const page = { run: 0, timer: null, locationId: null, device: null, kind: 'day', date: today() };
let chart = null;

const path = (rest) => `/api/locations/${encodeURIComponent(page.locationId)}/${rest}`;
const base = () => path(`boilers/${encodeURIComponent(page.device)}`);

export function init() {
  for (const button of document.querySelectorAll('#heat-periods [data-period]')) {
    button.addEventListener('click', () => {
      page.kind = button.dataset.period;
      loadHistory(page.run).catch((e) => console.warn(e));
    });
  }
  document.getElementById('heat-previous').addEventListener('click', () => move(-1));
  document.getElementById('heat-next').addEventListener('click', () => move(1));
  window.addEventListener('resize', () => chart?.resize());

  const preferences = document.getElementById('heat-preferences-form');
  onSubmit(preferences, async () => {
    document.getElementById('heat-preferences-saved').textContent = '';
    const entered = values(preferences);
    const parsed = parsePreferences({ ...entered, legionella: preferences.elements.legionella.checked });
    if (parsed.errors) {
      for (const [field, key] of Object.entries(parsed.errors)) fieldMessage(preferences, field, t(key));
      preferences.elements[Object.keys(parsed.errors)[0]].focus();
      return;
    }
    showPreferences(await api.send('PUT', `${base()}/preferences`, parsed.value));
    document.getElementById('heat-preferences-saved').textContent = t('heatPage.preferences.saved');
  });
}

function stopPolling() {
  if (page.timer) clearInterval(page.timer);
  page.timer = null;
}

/** Shows a boiler of the address shown; without one named, its first. */
export async function render(meterId, device) {
  const run = ++page.run;
  stopPolling();
  const place = session.meters.find((m) => m.id === meterId);
  if (!place) return;
  page.locationId = place.location;
  const [devices, running] = await Promise.all([api.devices(place.location), api.get(path('boilers'))]);
  if (run !== page.run) return;
  const boilers = storageDevices('HEAT_BATTERY', { devices, running }).filter((b) => b.device);
  const chosen = device ? boilers.find((b) => b.device === device) : boilers[0];
  if (!chosen) {
    showNone(place);
    return;
  }
  page.device = chosen.device;
  document.getElementById('heat-none').hidden = true;
  document.getElementById('heat-body').hidden = false;
  document.getElementById('heat-title').textContent = chosen.label || t('heatPage.title');
  document.getElementById('heat-preferences-saved').textContent = '';
  showNow(chosen.live);
  const parts = await Promise.allSettled([loadHistory(run), loadDecisions(run), loadPreferences(run),
    showSurplusOrder(document.getElementById('heat-body'), page.locationId)]);
  for (const part of parts) if (part.status === 'rejected' && part.reason?.status !== 401) console.warn(part.reason);
  if (run !== page.run) return;
  page.timer = setInterval(() => poll(run).catch(() => {}), POLL_MS);
}

async function poll(run) {
  if (run !== page.run || document.getElementById('heat').hidden) {
    if (run === page.run) stopPolling();
    return;
  }
  if (document.hidden) return;
  const running = await api.get(path('boilers'));
  if (run !== page.run) return;
  showNow(running.find((b) => b.device === page.device));
  await loadDecisions(run);
}

function showNone(place) {
  document.getElementById('heat-body').hidden = true;
  const notice = document.getElementById('heat-none');
  const text = document.createElement('span');
  text.textContent = t('heatPage.none');
  const link = document.createElement('a');
  link.href = `#settings/${place.location}`;
  link.textContent = t('batteryPage.settings');
  notice.replaceChildren(text, ' ', link);
  notice.hidden = false;
}

/** A temperature as the page writes it: "52,5 °C". */
export function celsius(value) {
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value)}\u00a0°C`;
}

function showNow(boiler) {
  const reading = boiler?.reading ?? null;
  const status = reading?.status;
  const badge = document.getElementById('heat-status');
  badge.textContent = status ? t(`heatPage.status.${status}`) : t('batteryPage.status.waiting');
  badge.className = `status-badge ${statusClass(status)}`;
  document.getElementById('heat-now').dataset.status = status ?? 'waiting';
  document.getElementById('heat-temperature').textContent = !reading ? ''
    : reading.temperatureC === null ? t('heatPage.noTemperature') : celsius(reading.temperatureC);
  document.getElementById('heat-explain').textContent = status ? t(`heatPage.explain.${status}`) : '';
  document.getElementById('heat-power').textContent = reading ? format.kw(reading.powerWatts) : '–';
  document.getElementById('heat-switch').textContent = reading
    ? t(reading.switchedOn ? 'heatPage.switch.on' : 'heatPage.switch.off') : '–';
  document.getElementById('heat-updated').textContent = reading
    ? t('batteryPage.updated', { time: format.brussels(reading.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) })
    : '';
}

async function loadDecisions(run) {
  const control = await api.get(path('control'));
  if (run !== page.run) return;
  const mine = (control?.decisions ?? []).filter((d) => d.device === page.device).slice(0, DECISIONS_SHOWN);
  showDecisions(document.getElementById('heat-decisions'), mine, 'heatPage.decisions.none');
}

/** The boiler's preferences; a server that does not keep them yet (404) says so and hides the form. */
async function loadPreferences(run) {
  const form = document.getElementById('heat-preferences-form');
  const unavailable = document.getElementById('heat-preferences-unavailable');
  try {
    const saved = await api.get(`${base()}/preferences`);
    if (run !== page.run) return;
    form.hidden = false;
    unavailable.hidden = true;
    showPreferences(saved);
  } catch (e) {
    if (e.status !== 404) throw e;
    form.hidden = true;
    unavailable.hidden = false;
  }
}

function showPreferences(saved) {
  const form = document.getElementById('heat-preferences-form');
  const n = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1, useGrouping: false });
  form.elements.floorC.value = saved?.floorC == null ? '' : n.format(saved.floorC);
  form.elements.maxC.value = saved?.maxC == null ? '' : n.format(saved.maxC);
  form.elements.legionella.checked = saved?.legionella !== false;
}

function move(direction) {
  const next = step(page.kind, page.date, direction);
  if (direction > 0 && period(page.kind, next).from > today()) return;
  page.date = next;
  loadHistory(page.run).catch((e) => console.warn(e));
}

async function loadHistory(run) {
  showPeriod('heat', page.kind, page.date);
  const url = page.kind === 'day' ? `${base()}/day?date=${page.date}`
    : `${base()}/period?period=${page.kind}&date=${page.date}`;
  const [answer] = await Promise.all([api.get(url), charts.ready()]);
  if (run !== page.run) return;
  const list = document.getElementById('heat-figures');
  const noData = t('batteryPage.noData');
  list.querySelector('[data-field=energy]').textContent = answer.noData ? noData : format.kwh(answer.energyWh);
  list.querySelector('[data-field=temperature]').textContent = answer.noData ? noData
    : answer.temperatureC === null ? t('heatPage.noTemperature') : celsius(answer.temperatureC);
  list.dataset.noData = String(Boolean(answer.noData));
  const coverage = document.getElementById('heat-coverage');
  const c = answer.coverage ?? {};
  const partial = !answer.noData && c.measuredQuarters < c.quarters;
  const n = new Intl.NumberFormat(locale());
  coverage.textContent = partial
    ? t('batteryPage.coverage', { measured: n.format(c.measuredQuarters), quarters: n.format(c.quarters) }) : '';
  coverage.hidden = !partial;
  const bars = page.kind === 'day'
    ? answer.quarters.map((q) => ({ start: q.start, energyWh: q.energyWh, temperatureC: q.temperatureC, noData: !q.measured }))
    : answer.buckets.map((b) => ({ start: b.from, energyWh: b.energyWh, temperatureC: b.temperatureC, noData: b.noData }));
  draw(bars);
}

function draw(bars) {
  const element = document.getElementById('heat-chart');
  chart ??= window.echarts.init(element);
  chart.resize();
  const names = labels(page.kind, bars);
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: names, axisLabel: { fontSize: 10 } },
    yAxis: [
      { type: 'value', name: 'kWh', nameTextStyle: { align: 'left', fontSize: 11 },
        axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
      { type: 'value', name: '°C', nameTextStyle: { align: 'right', fontSize: 11 }, splitLine: { show: false },
        axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    ],
    series: [
      { type: 'bar', name: t('heatPage.consumption'), color: ENERGY,
        tooltip: { valueFormatter: (v) => (v == null ? t('batteryPage.noData') : format.kwh(v * 1000)) },
        data: bars.map((b) => (b.noData ? null : b.energyWh / 1000)) },
      { type: 'line', name: t('heatPage.average'), color: TEMPERATURE, yAxisIndex: 1, symbolSize: 4,
        connectNulls: false,
        tooltip: { valueFormatter: (v) => (v == null ? t('batteryPage.noData') : celsius(v)) },
        data: bars.map((b) => (b.noData ? null : b.temperatureC)) },
    ],
  }, true);
  element.dataset.points = String(bars.length);
  element.dataset.measured = String(bars.filter((b) => !b.noData).length);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('heatPage.chart.label', {
    bars: String(bars.length), measured: element.dataset.measured,
  }));
}
