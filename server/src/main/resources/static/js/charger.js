// The charger page (#charger/<device>[/<location>]), as the iLusmart app's iLucharge page: the status by the
// manual's names, the power, the charging speed in km/h and the km added this session from the car's consumption,
// "Stop charging", where the charger is and the account's other chargers, the consumption (the gear), the charging
// mode and the plan's goal, the plan, the control loop's decisions with their reasons, the energy charged per week,
// month and year, the sessions, and the smart-charging discount. While the page is shown its live figures are asked
// again every few seconds (the live stream carries the meter, not the chargers).
import * as api from './api.js';
import * as charts from './charts.js';
import { chargerName, chargersOf, problemText, refresh, statusClass, statusText } from './chargers.js';
import {
  DEFAULT_CONSUMPTION, kmAdded, kmPerHour, parseConsumption, planView, preferencesBody,
} from './ev.js';
import { clearErrors, decimal, fieldMessage, onSubmit } from './form.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { showPlaceName } from './place-name.js';
import { amps, decisionText, duration, energy, reasonText } from './reasons.js';
import { reloadMeters, session } from './session.js';
import * as smartCharging from './smart-charging.js';
import { isCurrentOrLater, period, startOf, step, today } from './time.js';

const POLL_MS = 5000;
/** The plan is asked again every so many polls (a minute). */
const PLAN_EVERY = 12;
const DECISIONS_SHOWN = 8;
const SESSIONS_PAGE = 10;
const SESSIONS_MOST = 100;
const SOLAR = '#f5a000';
const GRID = '#1f5f99';
const CHARGED = '#2e9e5b';

const page = {
  run: 0,
  timer: null,
  ticks: 0,
  locationId: null,
  device: null,
  known: null,
  charger: null,
  preferences: null,
  kind: 'week',
  date: today(),
  sessionsShown: SESSIONS_PAGE,
  session: undefined,
  planMissing: false,
};
let energyChart = null;
let planChart = null;

const section = () => document.getElementById('charger');
const base = () => `/api/locations/${encodeURIComponent(page.locationId)}/chargers/${encodeURIComponent(page.device)}`;

export function init() {
  document.getElementById('charger-gear').addEventListener('click', () => {
    const details = document.getElementById('charger-consumption');
    details.open = true;
    details.scrollIntoView({ block: 'center' });
    document.getElementById('charger-consumption-input').focus();
  });

  const consumption = document.getElementById('charger-consumption-form');
  onSubmit(consumption, async (entered) => {
    const parsed = parseConsumption(entered.consumptionKwh100Km);
    if (parsed.error) {
      fieldMessage(consumption, 'consumptionKwh100Km', t(parsed.error));
      consumption.elements.consumptionKwh100Km.focus();
      return;
    }
    page.preferences = await api.send('PUT', `${base()}/preferences`,
      preferencesBody(page.preferences, { consumptionKwh100Km: parsed.value }));
    showConsumption();
    showNow();
    fieldMessage(consumption, 'consumptionKwh100Km', t('charger.consumption.saved'), true);
  });

  const mode = document.getElementById('charger-mode-form');
  mode.addEventListener('change', (e) => {
    if (e.target.name === 'mode') showGoal(e.target.value);
  });
  onSubmit(mode, async (entered) => {
    document.getElementById('charger-mode-saved').textContent = '';
    const whole = (text) => (text === '' || text === undefined ? null : Number(text));
    page.preferences = await api.send('PUT', `${base()}/preferences`, preferencesBody(page.preferences, {
      mode: entered.mode,
      targetSoc: whole(entered.targetSoc),
      departure: entered.departure || null,
      normalUpTo: whole(entered.normalUpTo),
      soc: whole(entered.soc),
      batteryKwh: decimal(entered.batteryKwh),
    }));
    showPreferences();
    document.getElementById('charger-mode-saved').textContent =
      t('charger.mode.saved', { mode: t(`charger.mode.${page.preferences.mode.toLowerCase()}`) });
    await loadPlan(page.run);
    smartCharging.goalChanged(page.preferences);
  });

  onSubmit(document.getElementById('charger-stop-form'), async () => {
    document.getElementById('charger-stopped').hidden = true;
    if (!window.confirm(t('charger.stop.confirm', { charger: chargerName(page.charger) }))) return;
    await api.send('POST', `${base()}/stop`);
    document.getElementById('charger-stopped').hidden = false;
    await poll(page.run);
  });

  for (const button of document.querySelectorAll('#charger-periods [data-period]')) {
    button.addEventListener('click', () => {
      page.kind = button.dataset.period;
      loadEnergy(page.run).catch((e) => console.warn(e));
    });
  }
  document.getElementById('charger-previous').addEventListener('click', () => moveEnergy(-1));
  document.getElementById('charger-next').addEventListener('click', () => moveEnergy(1));
  document.getElementById('charger-sessions-more').addEventListener('click', () => {
    page.sessionsShown = Math.min(SESSIONS_MOST, page.sessionsShown + SESSIONS_PAGE);
    loadSessions(page.run).catch((e) => console.warn(e));
  });
  window.addEventListener('resize', () => {
    energyChart?.resize();
    planChart?.resize();
  });
  smartCharging.init();
}

function stopPolling() {
  if (page.timer) clearInterval(page.timer);
  page.timer = null;
}

/**
 * Shows a charger of the address; another address's (the account's "other locations") makes that address the one
 * shown. Without a charger named, the address's first.
 */
export async function render(meterId, device, locationWanted) {
  const run = ++page.run;
  stopPolling();
  let place = session.meters.find((m) => m.id === meterId);
  if (locationWanted && place && String(place.location) !== String(locationWanted)) {
    const other = session.meters.find((m) => String(m.location) === String(locationWanted));
    if (other) {
      await reloadMeters(other.id);
      showPlaceName(other.id);
      place = other;
    }
  }
  if (!place || run !== page.run) return;
  page.locationId = place.location;
  page.sessionsShown = SESSIONS_PAGE;
  page.session = undefined;
  page.ticks = 0;
  clear();

  page.planMissing = false;
  page.known = await chargersOf(page.locationId);
  if (run !== page.run) return;
  const chargers = page.known.chargers;
  const chosen = device ? chargers.find((c) => c.device === device)
    : chargers.find((c) => c.adapter) ?? chargers[0];
  if (!chosen || !chosen.adapter) {
    showNone(place, device, chosen);
    return;
  }
  page.device = chosen.device;
  page.charger = chosen;
  document.getElementById('charger-none').hidden = true;
  document.getElementById('charger-body').hidden = false;
  document.getElementById('charger-title').textContent = chargerName(chosen);

  page.preferences = await api.get(`${base()}/preferences`);
  if (run !== page.run) return;
  showPreferences();
  showNow();
  showDecisions();
  // each part on its own: one that fails (said in the console) leaves the others and the live figures running
  const parts = await Promise.allSettled([
    showAddress(place, run),
    showOthers(place, run),
    loadPlan(run),
    chosen.ocpp ? loadSessions(run) : null,
    chosen.ocpp ? loadEnergy(run) : null,
    smartCharging.render(page.locationId, () => run === page.run, page.preferences),
  ]);
  for (const part of parts) if (part.status === 'rejected' && part.reason?.status !== 401) console.warn(part.reason);
  if (run !== page.run) return;
  page.timer = setInterval(() => poll(run).catch(() => {}), POLL_MS);
}

/** No charger to show: the address has none, none of that name, or one without a connection to Meterkast. */
function showNone(place, device, unconnected) {
  document.getElementById('charger-body').hidden = true;
  document.getElementById('charger-title').textContent = unconnected ? chargerName(unconnected) : t('charger.title');
  const notice = document.getElementById('charger-none');
  const text = document.createElement('span');
  text.textContent = unconnected ? t('modules.notConnected')
    : device ? t('charger.none.named', { device }) : t('charger.none');
  const link = document.createElement('a');
  link.href = `#settings/${place.location}`;
  link.textContent = t('charger.none.settings');
  notice.replaceChildren(text, ' ', link);
  notice.hidden = false;
}

function clear() {
  for (const id of ['charger-power', 'charger-speed', 'charger-km', 'charger-energy', 'charger-offered',
    'charger-updated', 'charger-address', 'charger-plan-text', 'charger-energy-total', 'charger-mode-saved']) {
    document.getElementById(id).textContent = '';
  }
  document.getElementById('charger-status').textContent = '…';
  for (const id of ['charger-others', 'charger-decisions', 'charger-sessions']) {
    document.getElementById(id).replaceChildren();
  }
  for (const id of ['charger-problem', 'charger-stopped', 'charger-failing', 'charger-plan-card']) {
    document.getElementById(id).hidden = true;
  }
  for (const form of document.querySelectorAll('#charger form')) clearErrors(form);
}

/** Asks the live state again; the sessions and the energy too when a session began or ended. */
async function poll(run) {
  if (run !== page.run || section().hidden) {
    stopPolling();
    return;
  }
  if (document.hidden) return;
  page.known = await refresh(page.locationId, page.known);
  if (run !== page.run) return;
  page.charger = page.known.chargers.find((c) => c.device === page.device) ?? page.charger;
  showNow();
  showDecisions();
  page.ticks += 1;
  const work = [];
  if (page.charger.live?.session !== page.session && page.charger.ocpp) {
    work.push(loadSessions(run), loadEnergy(run));
  }
  page.session = page.charger.live?.session;
  // a server without a planner is not asked again every minute (each 404 is an error in the console)
  if (page.ticks % PLAN_EVERY === 0 && !page.planMissing) work.push(loadPlan(run));
  await Promise.all(work);
}

function consumptionNow() {
  return Number(page.preferences?.consumptionKwh100Km ?? DEFAULT_CONSUMPTION);
}

/** The running session: status, power, km/h, km added, energy, what is offered, and why it shows an error. */
function showNow() {
  const charger = page.charger;
  const live = charger?.live;
  const card = document.getElementById('charger-now');
  card.dataset.status = statusClass(charger);
  const badge = document.getElementById('charger-status');
  badge.textContent = statusText(charger);
  badge.className = `status-badge ${statusClass(charger)}`;
  const consumption = consumptionNow();
  const number = new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 });
  const power = document.getElementById('charger-power');
  power.textContent = live ? format.kw(live.powerWatts) : '–';
  // the exact figure the speed is worked out from, for whoever checks it (the browser tests)
  power.dataset.watts = live ? String(live.powerWatts) : '';
  document.getElementById('charger-speed').textContent = live
    ? t('charger.kmh', { value: number.format(kmPerHour(live.powerWatts, consumption)) }) : '–';
  document.getElementById('charger-km').textContent = live?.session
    ? t('charger.km', { value: `+${number.format(kmAdded(live.sessionWh, consumption))}` }) : '–';
  document.getElementById('charger-energy').textContent = live?.session ? format.kwh(live.sessionWh) : '–';
  document.getElementById('charger-offered').textContent = live?.offeredAmps != null
    ? t('charger.offeredValue', { amps: amps(live.offeredAmps), phases: live.phases ?? '–' }) : '–';
  document.querySelector('#charger-now [data-row=soc]').hidden = live?.socPercent == null;
  document.getElementById('charger-soc').textContent = live?.socPercent != null
    ? new Intl.NumberFormat(locale(), { style: 'percent' }).format(live.socPercent / 100) : '';
  const problem = problemText(charger);
  const box = document.getElementById('charger-problem');
  box.textContent = problem;
  box.hidden = !problem;
  document.getElementById('charger-updated').textContent = live?.at ? t('charger.updated', {
    time: format.brussels(live.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  }) : '';
  document.getElementById('charger-stop-form').hidden = !charger.ocpp;
  document.getElementById('charger-stop-hint').hidden = charger.ocpp;
  document.getElementById('charger-energy-card')?.toggleAttribute('hidden', !charger.ocpp);
  document.getElementById('charger-sessions-card')?.toggleAttribute('hidden', !charger.ocpp);
}

function showConsumption() {
  const input = document.getElementById('charger-consumption-input');
  input.value = new Intl.NumberFormat(locale(), { maximumFractionDigits: 1, useGrouping: false })
    .format(consumptionNow());
}

function showGoal(mode) {
  document.getElementById('charger-goal').hidden = mode !== 'plan';
}

/** The consumption, the mode and the goal as saved. */
function showPreferences() {
  const p = page.preferences;
  showConsumption();
  const form = document.getElementById('charger-mode-form');
  const mode = String(p.mode ?? 'now').toLowerCase();
  for (const radio of form.querySelectorAll('[name=mode]')) radio.checked = radio.value === mode;
  form.elements.targetSoc.value = p.targetSoc ?? '';
  form.elements.departure.value = p.departure ? String(p.departure).slice(0, 5) : '';
  form.elements.normalUpTo.value = p.normalUpTo ?? '';
  form.elements.soc.value = p.soc ?? '';
  form.elements.batteryKwh.value = p.batteryKwh == null ? ''
    : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1, useGrouping: false }).format(p.batteryKwh);
  showGoal(mode);
}

/** The address of the charger, as the manual's "Locatie laadpaal"; "unknown" when the address has none. */
async function showAddress(place, run) {
  const where = await api.location(place.location);
  if (run !== page.run) return;
  const street = [where.street, [where.postalCode, where.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  document.getElementById('charger-address').textContent = street
    ? `${where.name} · ${street}` : `${where.name} · ${t('charger.location.unknown')}`;
}

/** The account's other chargers ("Autres emplacements"), here and at its other addresses, each with its state. */
async function showOthers(place, run) {
  const lists = await Promise.all(session.meters.map(async (m) => {
    const here = m.location === place.location;
    const chargers = here ? page.known.chargers : (await chargersOf(m.location, { withLoop: false })).chargers;
    return chargers.filter((c) => !(here && c.device === page.device)).map((c) => ({ charger: c, meter: m }));
  }));
  if (run !== page.run) return;
  const items = lists.flat().map(({ charger, meter }) => {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#charger/${encodeURIComponent(charger.device)}/${meter.location}`;
    const name = document.createElement('strong');
    name.textContent = chargerName(charger);
    const detail = document.createElement('small');
    detail.textContent = `${meter.locationName} · ${charger.adapter ? statusText(charger) : t('charger.notConnected')}`;
    link.append(name, detail);
    li.append(link);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('charger.others.none');
    items.push(li);
  }
  document.getElementById('charger-others').replaceChildren(...items);
}

/** The loop's last decisions about this charger, each with its reason in words; failing rules above them. */
function showDecisions() {
  const control = page.known?.control;
  const failing = (control?.policies ?? []).filter((p) => p.failing).map((p) => p.name);
  const warning = document.getElementById('charger-failing');
  warning.textContent = failing.length ? t('charger.decisions.failing', { policies: failing.join(', ') }) : '';
  warning.hidden = failing.length === 0;
  const mine = (control?.decisions ?? []).filter((d) => d.device === page.device).slice(0, DECISIONS_SHOWN);
  const list = document.getElementById('charger-decisions');
  if (mine.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t('charger.decisions.none');
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...mine.map((d) => {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.dateTime = d.at;
    time.textContent = format.brussels(d.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const what = document.createElement('strong');
    what.textContent = decisionText(d);
    const why = document.createElement('span');
    why.className = 'reason';
    why.textContent = reasonText(d.reason);
    li.append(time, ' ', what, document.createElement('br'), why);
    return li;
  }));
}

const GOAL_FIELDS = {
  targetSoc: 'charger.goal.targetSoc', departure: 'charger.goal.departure', normalUpTo: 'charger.goal.normalUpTo',
  soc: 'charger.goal.soc', batteryKwh: 'charger.goal.batteryKwh',
};

/**
 * The plan, in mode plan: its quarters as bars (from the sun, from the grid), whether it reaches the target and
 * why not, and its cost. A server without a planner (404) says the plan is not available rather than failing.
 */
async function loadPlan(run) {
  const card = document.getElementById('charger-plan-card');
  if (String(page.preferences?.mode).toLowerCase() !== 'plan') {
    card.hidden = true;
    return;
  }
  let answer = null;
  try {
    answer = await api.get(`${base()}/plan`);
  } catch (e) {
    if (e.status !== 404) throw e;
    page.planMissing = true;
  }
  if (run !== page.run) return;
  const plan = planView(answer);
  card.hidden = false;
  card.dataset.state = plan.state;
  const text = document.getElementById('charger-plan-text');
  const chart = document.getElementById('charger-plan-chart');
  const figures = document.getElementById('charger-plan-figures');
  chart.hidden = plan.state !== 'plan' || plan.quarters.length === 0;
  figures.hidden = plan.state !== 'plan';
  if (plan.state === 'unavailable') {
    text.textContent = t('charger.plan.unavailable');
    return;
  }
  if (plan.state === 'noGoal') {
    const missing = plan.missing.map((name) => (GOAL_FIELDS[name] ? t(GOAL_FIELDS[name]) : name));
    text.textContent = t('charger.plan.noGoal', { missing: missing.join(', ') });
    return;
  }
  text.textContent = plan.reason ? reasonText(plan.reason)
    : t(plan.reachesTarget ? 'charger.plan.reaches' : 'charger.plan.short');
  text.dataset.reaches = String(plan.reachesTarget);
  figures.querySelector('[data-field=needed]').textContent = plan.neededWh == null ? '–' : energy(plan.neededWh);
  figures.querySelector('[data-field=planned]').textContent = energy(plan.plannedWh);
  figures.querySelector('[data-field=cost]').textContent = plan.cost == null ? '–' : format.euro(plan.cost);
  if (!chart.hidden) await drawPlan(plan.quarters);
}

async function drawPlan(quarters) {
  await charts.ready();
  const element = document.getElementById('charger-plan-chart');
  planChart ??= window.echarts.init(element);
  planChart.resize();
  const kwh = (wh) => wh / 1000;
  const labels = quarters.map((q) => format.brussels(q.start, { hour: '2-digit', minute: '2-digit' }));
  const prices = quarters.some((q) => q.price !== null);
  planChart.setOption({
    animation: false,
    grid: { left: 8, right: prices ? 8 : 16, top: 32, bottom: 40, containLabel: true },
    legend: { bottom: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
    yAxis: [
      { type: 'value', name: t('charger.plan.axis'), nameTextStyle: { align: 'left', fontSize: 11 },
        axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
      ...(prices ? [{ type: 'value', name: t('charger.plan.priceAxis'), position: 'right', splitLine: { show: false },
        nameTextStyle: { align: 'right', fontSize: 11 }, axisLabel: { formatter: (v) => v.toLocaleString(locale()) } }]
        : []),
    ],
    series: [
      { type: 'bar', stack: 'energy', name: t('charger.plan.fromSun'), color: SOLAR,
        data: quarters.map((q) => kwh(q.solarWh)),
        tooltip: { valueFormatter: (v) => format.kwh(v * 1000) } },
      { type: 'bar', stack: 'energy', name: t('charger.plan.fromGrid'), color: GRID,
        data: quarters.map((q) => kwh(q.energyWh - q.solarWh)),
        tooltip: { valueFormatter: (v) => format.kwh(v * 1000) } },
      ...(prices ? [{ type: 'line', yAxisIndex: 1, name: t('charger.plan.price'), color: '#5b6672', step: 'end',
        symbol: 'none', data: quarters.map((q) => q.price),
        tooltip: { valueFormatter: (v) => (v == null ? '–' : format.perKwh(v)) } }] : []),
    ],
  }, true);
  element.dataset.quarters = String(quarters.length);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('charger.plan.label', { quarters: quarters.length }));
}

/** The sessions, newest first, each with its energy and the km it added. */
async function loadSessions(run) {
  const answer = await api.get(`${base()}/sessions?page=0&size=${page.sessionsShown}`);
  if (run !== page.run) return;
  const consumption = consumptionNow();
  const body = document.getElementById('charger-sessions');
  const number = new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 });
  const rows = answer.sessions.map((s) => {
    const row = document.createElement('tr');
    row.dataset.transaction = String(s.transactionId);
    const start = document.createElement('td');
    start.textContent = format.brussels(s.start, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    const length = document.createElement('td');
    length.textContent = s.stop ? duration((Date.parse(s.stop) - Date.parse(s.start)) / 1000)
      : t('charger.sessions.running');
    const wh = document.createElement('td');
    wh.className = 'number';
    wh.textContent = format.kwh(s.chargedWh);
    const km = document.createElement('td');
    km.className = 'number';
    km.textContent = t('charger.km', { value: number.format(kmAdded(s.chargedWh, consumption)) });
    row.append(start, length, wh, km);
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 4;
    td.className = 'empty';
    td.textContent = t('charger.sessions.none');
    row.append(td);
    rows.push(row);
  }
  body.replaceChildren(...rows);
  document.getElementById('charger-sessions-more').hidden =
    answer.total <= answer.sessions.length || page.sessionsShown >= SESSIONS_MOST;
}

function moveEnergy(direction) {
  const next = step(page.kind, page.date, direction);
  if (direction > 0 && period(page.kind, next).from > today()) return;
  page.date = next;
  loadEnergy(page.run).catch((e) => console.warn(e));
}

function energyTitle(kind, from, to) {
  switch (kind) {
    case 'week':
      return t('overview.range', {
        from: format.date(from, { day: 'numeric', month: 'short' }),
        to: format.date(step('day', to, -1), { day: 'numeric', month: 'short', year: 'numeric' }),
      });
    case 'month': return format.date(from, { month: 'long', year: 'numeric' });
    default: return format.date(from, { year: 'numeric' });
  }
}

/** The energy charged in the week (per day), the month (per day) or the year (per month) shown. */
async function loadEnergy(run) {
  for (const button of document.querySelectorAll('#charger-periods [data-period]')) {
    button.setAttribute('aria-selected', String(button.dataset.period === page.kind));
  }
  const { from, to } = period(page.kind, page.date);
  document.getElementById('charger-period-title').textContent = energyTitle(page.kind, from, to);
  document.getElementById('charger-next').disabled = isCurrentOrLater(page.kind, page.date);
  const size = page.kind === 'year' ? 'month' : 'day';
  const [buckets] = await Promise.all([
    api.get(`${base()}/energy?size=${size}&from=${startOf(from).toISOString()}&to=${startOf(to).toISOString()}`),
    charts.ready(),
  ]);
  if (run !== page.run) return;
  const total = buckets.reduce((sum, b) => sum + b.wh, 0);
  document.getElementById('charger-energy-total').textContent = format.kwh(total);
  const element = document.getElementById('charger-chart');
  energyChart ??= window.echarts.init(element);
  energyChart.resize();
  const label = (b) => (page.kind === 'year'
    ? format.brussels(b.start, { month: 'short' })
    : format.brussels(b.start, page.kind === 'week' ? { weekday: 'short', day: 'numeric' } : { day: 'numeric' }));
  energyChart.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => format.kwh(v * 1000) },
    xAxis: { type: 'category', data: buckets.map(label), axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', name: 'kWh', nameTextStyle: { align: 'left', fontSize: 11 },
      axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    series: [{ type: 'bar', name: t('charger.energy.title'), color: CHARGED, data: buckets.map((b) => b.wh / 1000) }],
  }, true);
  element.dataset.bars = String(buckets.length);
  element.dataset.totalWh = String(total);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('charger.energy.label', { bars: buckets.length, total: format.kwh(total) }));
}
