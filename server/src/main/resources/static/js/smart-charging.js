// The smart-charging discount on the charger page (docs/SMART-CHARGING.md): whether the address qualifies, with
// every unmet condition in words, the enrolment, and each month's report: sessions, energy, discount, fee and net
// result in euro.
import * as api from './api.js';
import { onSubmit } from './form.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { reasonText } from './reasons.js';

let locationId = null;
let current = () => false;
let enrolled = false;

const path = (rest) => `/api/locations/${encodeURIComponent(locationId)}/smart-charging/${rest}`;
const form = () => document.getElementById('smart-charging-enrolment');

export function init() {
  onSubmit(form(), async (entered, f) => {
    document.getElementById('smart-charging-saved').textContent = '';
    const whole = (text) => (text === '' || text === undefined ? null : Number(text));
    await api.send('PUT', path('enrolment'), {
      since: entered.since || null,
      until: entered.until || null,
      vehicle: entered.vehicle || null,
      vehicleIdTag: entered.vehicleIdTag || null,
      supplyContract: f.elements.supplyContract.checked,
      quarterHourMetering: f.elements.quarterHourMetering.checked,
      onlyThisApp: f.elements.onlyThisApp.checked,
      normalChargingPercent: whole(entered.normalChargingPercent),
      targetPercent: whole(entered.targetPercent),
    });
    document.getElementById('smart-charging-saved').textContent = t('smartCharging.page.saved');
    await load();
  });
  document.getElementById('smart-charging-month').addEventListener('change', (e) => {
    report(e.target.value).catch((error) => console.warn(error));
  });
}

/** The section for an address; `preferences` (the charger's goal) fills the levels of an enrolment not made yet. */
export async function render(location, stillCurrent, preferences) {
  locationId = location;
  current = stillCurrent;
  document.getElementById('smart-charging-saved').textContent = '';
  document.getElementById('smart-charging-report').hidden = true;
  await load();
  goalChanged(preferences);
}

/** Before an enrolment, its normal-charging level and target follow the charger's goal. */
export function goalChanged(preferences) {
  if (enrolled || !preferences) return;
  const f = form();
  f.elements.normalChargingPercent.value = preferences.normalUpTo ?? '';
  f.elements.targetPercent.value = preferences.targetSoc ?? '';
}

async function load() {
  const eligibility = await api.get(path('eligibility'));
  if (!current()) return;
  showEligibility(eligibility);
  enrolled = Boolean(eligibility.enrolment);
  fill(eligibility.enrolment);
  const months = enrolled ? await api.get(path('months')) : [];
  if (!current()) return;
  const select = document.getElementById('smart-charging-month');
  select.replaceChildren(...months.map((m) => {
    const option = document.createElement('option');
    option.value = m;
    option.textContent = format.month(m);
    return option;
  }));
  document.getElementById('smart-charging-report').hidden = months.length === 0;
  if (months.length) await report(months[0]);
}

function showEligibility(e) {
  const p = e.programme;
  document.getElementById('smart-charging-terms').textContent = p ? t('smartCharging.page.terms', {
    price: format.perKwh(p.smartPricePerKwh),
    fee: format.euro(p.monthlyFee),
    last: format.date(p.lastDay, { day: 'numeric', month: 'long', year: 'numeric' }),
  }) : '';
  const state = document.getElementById('smart-charging-state');
  state.textContent = t(e.eligible ? 'smartCharging.page.eligible' : 'smartCharging.page.notEligible');
  state.className = `status-badge ${e.eligible ? 'charging' : 'error'}`;
  const list = (id, reasons) => {
    document.getElementById(id).replaceChildren(...(reasons ?? []).map((r) => {
      const li = document.createElement('li');
      li.textContent = reasonText(r);
      li.dataset.key = r.key;
      return li;
    }));
  };
  list('smart-charging-unmet', e.unmet);
  list('smart-charging-pending', e.pending);
}

function fill(enrolment) {
  const f = form();
  const e = enrolment ?? {};
  f.elements.since.value = e.since ?? '';
  f.elements.until.value = e.until ?? '';
  f.elements.vehicle.value = e.vehicle ?? '';
  f.elements.vehicleIdTag.value = e.vehicleIdTag ?? '';
  f.elements.supplyContract.checked = Boolean(e.supplyContract);
  f.elements.quarterHourMetering.checked = Boolean(e.quarterHourMetering);
  f.elements.onlyThisApp.checked = Boolean(e.onlyThisApp);
  f.elements.normalChargingPercent.value = e.normalChargingPercent ?? '';
  f.elements.targetPercent.value = e.targetPercent ?? '';
}

/** A month's report: its totals in kWh and euro, and each session with what counted and why the rest did not. */
async function report(month) {
  const r = await api.get(path(month));
  if (!current()) return;
  const totals = document.getElementById('smart-charging-totals');
  const set = (field, text) => { totals.querySelector(`[data-field=${field}]`).textContent = text; };
  set('sessions', new Intl.NumberFormat(locale()).format(r.sessions.length));
  set('charged', format.kwh(r.chargedWh));
  set('counted', format.kwh(r.countedWh));
  set('discount', format.euro(r.discount));
  set('fee', Number(r.fee) < Number(r.fullFee)
    ? t('smartCharging.page.feeCapped', { fee: format.euro(r.fee), full: format.euro(r.fullFee) }) : format.euro(r.fee));
  set('net', format.euro(r.net));
  totals.dataset.month = month;
  const rows = r.sessions.map((s) => {
    const row = document.createElement('tr');
    const what = document.createElement('td');
    what.textContent = format.brussels(s.firstQuarter, {
      day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
    });
    for (const reason of s.excluded ?? []) {
      const why = document.createElement('small');
      why.className = 'excluded';
      why.textContent = reasonText(reason);
      what.append(document.createElement('br'), why);
    }
    const charged = document.createElement('td');
    charged.className = 'number';
    charged.textContent = format.kwh(s.chargedWh);
    const counted = document.createElement('td');
    counted.className = 'number';
    counted.textContent = format.kwh(s.countedWh);
    row.append(what, charged, counted);
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 3;
    td.className = 'empty';
    td.textContent = t('smartCharging.page.noSessions');
    row.append(td);
    rows.push(row);
  }
  document.getElementById('smart-charging-sessions').replaceChildren(...rows);
}
