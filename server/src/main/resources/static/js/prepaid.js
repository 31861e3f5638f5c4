// The Prepaid page: balance and state with what happens next and what to do (worded by the server), days left,
// debt and the top-up that clears it, the history, the top-up and terms forms, the live limited-power helper,
// the breaker-open explanation, and the planner of appliances under the limit.
import * as api from './api.js';
import * as format from './format.js';
import { currentLanguage, locale, t } from './i18n.js';
import { follow } from './live.js';
import { today } from './time.js';

/** Warn from this share of the limit, before the meter cuts. */
const WARN_SHARE = 0.9;
const DEFAULT_LIMIT_W = 2300;

let meter = null;
/** Whether the gauge follows the live stream: while the power is limited (or the meter has a limiter). */
let watching = false;
let limitW = DEFAULT_LIMIT_W;
let appliances = null;
let appliancesLanguage = null;

const $ = (id) => document.getElementById(id);
const prepaidPath = (id) => `${api.meterPath(id)}/prepaid`;

export function init() {
  $('prepaid-topup').addEventListener('submit', (event) => {
    event.preventDefault();
    topUp().catch((e) => showFormError('prepaid-topup-result', e));
  });
  $('prepaid-terms').addEventListener('submit', (event) => {
    event.preventDefault();
    saveTerms().catch((e) => showFormError('prepaid-terms-result', e));
  });
  $('planner-limit').addEventListener('change', () => plan());
  window.addEventListener('hashchange', () => {
    if (!location.hash.startsWith('#prepaid') || location.hash.startsWith('#prepaid-help')) stopLive();
  });
}

export async function render(meterId) {
  meter = meterId;
  $('prepaid-topup-date').value = today();
  // without terms (204) the page offers to set them, and has no state to ask for
  const terms = await api.get(`${prepaidPath(meterId)}/terms`);
  const view = terms ? await api.get(prepaidPath(meterId)) : null;
  $('prepaid-no-terms').hidden = view !== null;
  $('prepaid-current').hidden = view === null;
  $('prepaid-topup-card').hidden = view === null;
  $('prepaid-history-card').hidden = view === null;
  $('prepaid-terms-card').open = view === null;
  fillTerms(view ? view.terms : { since: today(), meter: 'DIGITAL' });
  if (view) showStatus(view);
  else {
    $('prepaid-breaker').hidden = true;
    $('prepaid-live').hidden = true;
    stopLive();
  }
  await planner();
}

function showStatus(view) {
  const s = view.status;
  const state = view.state.toLowerCase();
  const badge = $('prepaid-state');
  badge.textContent = t(`prepaid.state.${state}`);
  badge.className = `state-badge ${state}`;
  badge.dataset.state = view.state;
  $('prepaid-advice').textContent = view.advice;
  const field = (name, text) => { $('prepaid-summary').querySelector(`[data-field=${name}]`).textContent = text; };
  field('balance', format.euro(s.balance));
  field('daysLeft', s.daysLeft == null ? '–' : t('prepaid.days', { days: number(s.daysLeft, 1) }));
  field('dailySpend', format.euro(s.dailySpend));
  field('debt', format.euro(s.debt));
  field('emergencyLeft', format.euro(s.emergencyLeft));
  field('topUpToClear', format.euro(s.topUpToClearDebt));
  $('prepaid-clear-row').hidden = Number(s.debt) === 0;

  const says = view.meter;
  const breakerOpen = says && (says.breaker === 'DISCONNECTED' || says.breaker === 'READY_FOR_CONNECTION');
  $('prepaid-breaker').hidden = !breakerOpen;
  limitW = says && says.powerLimitW != null ? says.powerLimitW : view.terms.limitedWatts || DEFAULT_LIMIT_W;
  $('prepaid-limit-set').hidden = !(says && says.powerLimitW != null);
  $('prepaid-limit-set').textContent = says && says.powerLimitW != null
    ? t('prepaid.limiter', { watts: number(says.powerLimitW, 0) }) : '';
  $('planner-limit').value = limitW;
  const limited = view.state === 'LIMITED' || (says && says.powerLimitW != null);
  $('prepaid-live').hidden = !limited;
  if (limited) {
    startLive();
    gauge(says ? says.netW : null);
  } else {
    stopLive();
  }
  history(s.history);
}

function number(value, digits) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

function startLive() {
  if (!meter) return;
  watching = true;
  follow(meter, onSummary);
}

function stopLive() {
  watching = false;
}

/** Each telegram's summary, from the app's live stream. */
function onSummary(summary) {
  if (watching) gauge(summary.netW);
}

/** Live power against the limit; a warning from 90 %, before the meter cuts. */
function gauge(netW) {
  const watts = Math.max(0, netW ?? 0);
  const share = watts / limitW;
  const fill = $('prepaid-gauge-fill');
  fill.style.width = `${Math.min(100, share * 100).toFixed(1)}%`;
  const level = share >= 1 ? 'over' : share >= WARN_SHARE ? 'near' : 'ok';
  $('prepaid-gauge').dataset.level = level;
  $('prepaid-live-text').textContent = netW == null ? t('live.waiting')
    : t('prepaid.live.now', { power: format.kw(watts), limit: format.kw(limitW) });
  const warning = $('prepaid-live-warning');
  warning.hidden = level === 'ok';
  warning.textContent = level === 'over' ? t('prepaid.live.over') : t('prepaid.live.near');
}

const KINDS = {
  TOP_UP: 'prepaid.kind.topUp',
  DEBT_REPAID_FROM_TOP_UP: 'prepaid.kind.debtRepaid',
  ENERGY: 'prepaid.kind.energy',
  FIXED_AMOUNT: 'prepaid.kind.fixed',
  WEEKLY_REPAYMENT: 'prepaid.kind.weekly',
  STATE: 'prepaid.kind.state',
};

function history(entries) {
  const body = $('prepaid-history');
  body.replaceChildren();
  for (const e of [...entries].reverse().slice(0, 60)) {
    const row = document.createElement('tr');
    row.dataset.kind = e.kind;
    const what = e.kind === 'STATE'
      ? t(KINDS.STATE, { state: t(`prepaid.state.${e.state.toLowerCase()}`) }) : t(KINDS[e.kind]);
    const sign = e.kind === 'TOP_UP' ? '+' : e.kind === 'STATE' ? '' : '−';
    row.append(
      cell(format.brussels(e.at, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }), 'month'),
      cell(what, 'what'),
      cell(e.kind === 'STATE' ? '' : `${sign}${format.euro(e.amount)}`, 'number'),
      cell(format.euro(e.balance), 'number'),
      cell(Number(e.debt) > 0 ? format.euro(e.debt) : '', 'number debt'));
    body.append(row);
  }
  if (entries.length === 0) {
    const row = document.createElement('tr');
    row.append(cell(t('prepaid.history.empty'), 'empty'));
    body.append(row);
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}

async function topUp() {
  const form = $('prepaid-topup');
  const date = form.elements.date.value;
  const body = { amount: Number(form.elements.amount.value), channel: form.elements.channel.value };
  // today's top-up is now; an earlier one is recorded on its day
  if (date && date !== today()) body.at = date;
  await api.send('POST', `${prepaidPath(meter)}/top-ups`, body);
  $('prepaid-topup-result').textContent = t('prepaid.topUp.saved', { amount: format.euro(body.amount) });
  $('prepaid-topup-result').className = 'hint';
  form.elements.amount.value = '';
  await render(meter);
}

const TERM_FIELDS = ['since', 'dayPerKwh', 'nightPerKwh', 'fixedAmount', 'fixedPeriod', 'emergencyCredit',
  'warningLevel', 'limitedWatts', 'repaymentShare', 'repaymentThreshold', 'weeklyRepayment', 'meter'];

function fillTerms(terms) {
  const form = $('prepaid-terms');
  for (const name of TERM_FIELDS) {
    const value = terms[name];
    form.elements[name].value = value == null ? '' : name === 'repaymentShare' ? Number(value) * 100 : value;
  }
}

async function saveTerms() {
  const form = $('prepaid-terms');
  const body = {};
  for (const name of TERM_FIELDS) {
    const raw = form.elements[name].value.trim();
    if (raw === '') continue;
    if (['since', 'fixedPeriod', 'meter'].includes(name)) body[name] = raw;
    else if (name === 'repaymentShare') body[name] = Number(raw) / 100;
    else body[name] = Number(raw);
  }
  await api.send('PUT', `${prepaidPath(meter)}/terms`, body);
  $('prepaid-terms-result').textContent = t('prepaid.terms.saved');
  $('prepaid-terms-result').className = 'hint';
  await render(meter);
}

function showFormError(id, e) {
  const box = $(id);
  box.textContent = e.body?.error ?? t('error.load');
  box.className = 'error';
  console.error(e);
}

/** The appliance table once; the ticks and powers the household typed stay while the page is open. */
async function planner() {
  if (appliances && appliancesLanguage === currentLanguage()) return plan();
  // named in the user's language: fetched again when it changes, keeping what was ticked and typed
  const kept = new Map([...$('planner-rows').querySelectorAll('tr')].map((row) => [row.dataset.key,
    { on: row.querySelector('input[type=checkbox]').checked, watts: row.querySelector('input.watts').value }]));
  appliances = await api.get('/api/prepaid/appliances');
  appliancesLanguage = currentLanguage();
  const body = $('planner-rows');
  body.replaceChildren();
  for (const a of appliances) {
    const row = document.createElement('tr');
    row.dataset.key = a.key;
    const tick = document.createElement('input');
    tick.type = 'checkbox';
    tick.id = `planner-${a.key}`;
    const label = document.createElement('label');
    label.htmlFor = tick.id;
    label.textContent = a.name;
    const watts = document.createElement('input');
    watts.type = 'number';
    watts.min = '0';
    watts.max = '50000';
    watts.value = kept.get(a.key)?.watts ?? a.fromWatts;
    tick.checked = kept.get(a.key)?.on ?? false;
    watts.className = 'watts';
    watts.setAttribute('aria-label', t('prepaid.planner.watts', { name: a.name }));
    const range = document.createElement('span');
    range.className = 'hint';
    range.textContent = t('prepaid.planner.range', { from: a.fromWatts, to: a.toWatts });
    const tickCell = document.createElement('td');
    tickCell.append(tick);
    const nameCell = document.createElement('td');
    nameCell.append(label, document.createElement('br'), range);
    const wattsCell = document.createElement('td');
    wattsCell.className = 'number';
    wattsCell.append(watts);
    row.append(tickCell, nameCell, wattsCell);
    body.append(row);
    tick.addEventListener('change', () => plan());
    watts.addEventListener('change', () => plan());
  }
  return plan();
}

let planAsked = 0;

async function plan() {
  // a tick and a typed power can ask at once: only the last question's answer is shown
  const asked = ++planAsked;
  const ticked = [...$('planner-rows').querySelectorAll('tr')]
    .filter((row) => row.querySelector('input[type=checkbox]').checked)
    .map((row) => ({ key: row.dataset.key, watts: Number(row.querySelector('input.watts').value) }));
  const result = $('planner-result');
  if (ticked.length === 0) {
    result.textContent = t('prepaid.planner.none');
    result.dataset.fits = '';
    return;
  }
  const limit = Number($('planner-limit').value) || DEFAULT_LIMIT_W;
  try {
    const answer = await api.send('POST', '/api/prepaid/appliances/plan', { appliances: ticked, limitWatts: limit });
    if (asked !== planAsked) return;
    result.dataset.fits = String(answer.fits);
    result.textContent = t(answer.fits ? 'prepaid.planner.fits' : 'prepaid.planner.tooMuch', {
      total: number(answer.totalWatts, 0), limit: number(answer.limitWatts, 0),
      left: number(Math.abs(answer.headroomWatts), 0),
    });
  } catch (e) {
    result.dataset.fits = '';
    result.textContent = e.body?.error ?? t('error.load');
  }
}
