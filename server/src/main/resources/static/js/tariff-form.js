// An address's tariffs in its settings: the versions in force (each can be changed or deleted), the form for every
// tariff the API takes (all-in, or the Flemish form with single, day/night or dynamic prices), a preview of what a
// change does to this month's bill, and the history of changes. The network area comes from the address's postcode
// and can be corrected: it gives the capacity tariff whatever the supplier's contract. Either form may carry a gas
// contract (a price per kWh and a fee per year, both excl. VAT); left empty, the tariff has none.
import * as api from './api.js';
import * as format from './format.js';
import { clearErrors, decimal, fieldMessage, listItem, onSubmit, showError, values } from './form.js';
import { locale, t } from './i18n.js';
import { areaOf } from './network-area.js';
import { today } from './time.js';

let place = null; // the address: GET /api/locations/{id}
let editing = null; // the validFrom of the version being changed, or null for a new one
let versions = [];

// the server names fields "tariff.offtake.day" (or "alternatives[0].tariff.offtake.day" in a comparison): the
// form's inputs are named without the prefix
const options = { field: (name) => name.replace(/^(alternatives\[\d+\]\.)?tariff\./, '') };

/** Sets the form up once: its choices show the fields they need, preview and save. */
export function mount() {
  const form = document.getElementById('tariff-form');
  form.addEventListener('change', (event) => {
    if (['form', 'offtake.type', 'injection.type'].includes(event.target.name)) showFields(form);
    if (event.target.name === 'area') areaHint(form);
  });
  document.getElementById('tariff-preview-button').addEventListener('click', async () => {
    clearErrors(form);
    try {
      await preview(form);
    } catch (e) {
      showError(form, e, options);
    }
  });
  document.getElementById('tariff-cancel').addEventListener('click', () => startNew(form));
  onSubmit(form, async (fields) => {
    const tariff = tariffOf(form, fields);
    if (!hinted(form, tariff)) return;
    if (editing) {
      await api.send('PUT', `${api.meterPath(place.meter)}/tariffs/${editing}`, tariff);
    } else {
      await api.send('POST', `${api.meterPath(place.meter)}/tariffs`, { validFrom: fields.validFrom || null, tariff });
    }
    startNew(form);
    await render(place);
  }, options);
}

/** Shows the tariffs of an address (GET /api/locations/{id}). */
export async function render(address) {
  place = address;
  const form = document.getElementById('tariff-form');
  const answer = await api.tariffs(place.meter);
  versions = answer.versions;
  if (!editing) {
    form.elements.validFrom.value = answer.changesApplyFrom;
    form.elements.area.value = current()?.tariff.area ?? areaOf(place.postalCode) ?? 'IMEWO';
  }
  form.elements.validFrom.min = '2000-01-01';
  showFields(form);
  areaHint(form);
  list(answer);
}

/** The version in force today: the last one from today or before; the first also covers the days before it. */
function current() {
  const day = today();
  return [...versions].reverse().find((v) => v.validFrom <= day) ?? versions[0];
}

function list(answer) {
  const box = document.getElementById('tariff-versions');
  const now = current();
  box.replaceChildren(...answer.versions.map((v) => {
    const row = listItem(t(v === now ? 'settings.tariff.inForce' : 'settings.tariff.from',
      { date: format.date(v.validFrom, { dateStyle: 'long' }) }), describe(v.tariff), v === now ? 'current' : '');
    row.dataset.validFrom = v.validFrom;
    const edit = button('tariff.edit', () => startEdit(v));
    const remove = button('tariff.delete', async () => {
      await api.send('DELETE', `${api.meterPath(place.meter)}/tariffs/${v.validFrom}`);
      if (editing === v.validFrom) startNew(document.getElementById('tariff-form'));
      await render(place);
    });
    remove.classList.add('remove');
    row.append(edit, remove);
    return row;
  }));
  if (answer.versions.length === 0) box.replaceChildren(listItem(t('settings.tariff.none'), ''));
  const history = document.getElementById('tariff-history');
  history.replaceChildren(...answer.changes.map((c) => listItem(
    t(c.action === 'deleted' ? 'settings.tariff.deleted' : 'settings.tariff.saved', {
      when: format.brussels(c.savedAt, { dateStyle: 'medium', timeStyle: 'short' }),
      date: format.date(c.validFrom, { dateStyle: 'long' }),
    }),
    c.tariff && c.action !== 'deleted' ? describe(c.tariff) : '')));
  if (answer.changes.length === 0) history.replaceChildren(listItem(t('settings.tariff.noChanges'), ''));
}

/** Fills the form with a version to change it; its date stays. */
function startEdit(version) {
  const form = document.getElementById('tariff-form');
  clearErrors(form);
  editing = version.validFrom;
  fill(form, version.tariff);
  form.elements.validFrom.value = version.validFrom;
  form.elements.validFrom.disabled = true;
  document.getElementById('tariff-form-title').textContent =
    t('tariff.editing', { date: format.date(version.validFrom, { dateStyle: 'long' }) });
  document.getElementById('tariff-cancel').hidden = false;
  document.getElementById('tariff-preview').hidden = true;
  showFields(form);
  areaHint(form);
  form.scrollIntoView({ block: 'start' });
}

function startNew(form) {
  editing = null;
  form.reset();
  form.elements.validFrom.disabled = false;
  document.getElementById('tariff-form-title').textContent = t('settings.tariff.new');
  document.getElementById('tariff-cancel').hidden = true;
  document.getElementById('tariff-preview').hidden = true;
  clearErrors(form);
}

function fill(form, tariff) {
  const set = (name, value) => {
    const input = form.elements[name];
    if (!input) return;
    if (input.type === 'checkbox') input.checked = Boolean(value);
    else input.value = value ?? '';
  };
  form.reset();
  set('form', tariff.form);
  set('area', tariff.area ?? areaOf(place.postalCode) ?? 'IMEWO');
  set('gas.perKwh', number(tariff.gas?.perKwh));
  set('gas.fixedPerYear', number(tariff.gas?.fixedPerYear));
  if (tariff.form === 'simple') {
    set('purchase', number(tariff.purchase));
    set('injection', number(tariff.injection));
    return;
  }
  for (const side of ['offtake', 'injection']) {
    const price = tariff[side] ?? { type: 'single', price: 0 };
    set(`${side}.type`, price.type);
    for (const key of ['price', 'day', 'night', 'factor', 'offset']) set(`${side}.${key}`, number(price[key]));
    if (price.index) set(`${side}.index`, price.index);
  }
  for (const key of ['fixedPerYear', 'greenCertificates', 'chp', 'inverterKw']) set(key, number(tariff[key]));
  set('meter', tariff.meter ?? 'DIGITAL');
  set('schedule', tariff.schedule ?? 'standard');
  set('domiciled', tariff.domiciled !== false);
  set('socialTariff', tariff.socialTariff === true);
}

/** A number as the page's language writes it, without grouping, so it reads back as typed: "0,145". */
function number(value) {
  if (value === undefined || value === null) return '';
  return new Intl.NumberFormat(locale(), { useGrouping: false, maximumFractionDigits: 10 }).format(value);
}

/** Shows the fields the chosen form and price types need; the others are kept, hidden and not sent. */
function showFields(form) {
  const kind = form.elements.form.value;
  for (const part of form.querySelectorAll('[data-kind]')) part.hidden = part.dataset.kind !== kind;
  for (const side of ['offtake', 'injection']) {
    const type = form.elements[`${side}.type`].value;
    for (const part of form.querySelectorAll(`[data-price="${side}"]`)) part.hidden = part.dataset.type !== type;
  }
}

function areaHint(form) {
  const hint = document.getElementById('tariff-area-hint');
  const derived = areaOf(place?.postalCode);
  const chosen = form.elements.area.value;
  if (!derived) hint.textContent = t('tariff.area.unknown');
  else if (derived === chosen) hint.textContent = t('tariff.area.fromPostcode', { postalCode: place.postalCode });
  else hint.textContent = t('tariff.area.changed', { postalCode: place.postalCode, area: t(`tariff.area.${derived}`) });
}

/** The tariff as the API takes it, from the form's fields (a text that is no number goes as typed: the server names it). */
function tariffOf(form, fields) {
  const gas = gasOf(fields);
  if (fields.form === 'simple') {
    return { form: 'simple', purchase: decimal(fields.purchase), injection: decimal(fields.injection) ?? 0, area: fields.area,
      ...gas };
  }
  const price = (side) => {
    const type = fields[`${side}.type`];
    if (type === 'dayNight') return { type, day: decimal(fields[`${side}.day`]), night: decimal(fields[`${side}.night`]) };
    if (type === 'dynamic') {
      return { type, index: fields[`${side}.index`], factor: decimal(fields[`${side}.factor`]),
        offset: decimal(fields[`${side}.offset`]) ?? 0 };
    }
    return { type, price: decimal(fields[`${side}.price`]) ?? (side === 'injection' ? 0 : null) };
  };
  return {
    form: 'flemish', area: fields.area, offtake: price('offtake'), injection: price('injection'),
    fixedPerYear: decimal(fields.fixedPerYear) ?? 0, greenCertificates: decimal(fields.greenCertificates) ?? 0,
    chp: decimal(fields.chp) ?? 0, meter: fields.meter, inverterKw: decimal(fields.inverterKw) ?? 0,
    schedule: fields.schedule, domiciled: form.elements.domiciled.checked, socialTariff: form.elements.socialTariff.checked,
    ...gas,
  };
}

/**
 * The gas contract, { gas: { perKwh, fixedPerYear } }, or nothing when both its fields are empty. A fee without a
 * price goes as it is: the server names the missing price under its field.
 */
function gasOf(fields) {
  const perKwh = decimal(fields['gas.perKwh']);
  const fixedPerYear = decimal(fields['gas.fixedPerYear']);
  if (perKwh === null && fixedPerYear === null) return {};
  return { gas: { perKwh, fixedPerYear: fixedPerYear ?? 0 } };
}

/**
 * The hints the browser can give before asking the server: a fixed injection price below zero. The server refuses it
 * too, in the same words' spirit; false when a hint was shown.
 */
function hinted(form, tariff) {
  const negative = [];
  if (tariff.form === 'simple' && typeof tariff.injection === 'number' && tariff.injection < 0) negative.push('injection');
  if (tariff.form === 'flemish' && tariff.injection.type !== 'dynamic') {
    for (const key of ['price', 'day', 'night']) {
      if (typeof tariff.injection[key] === 'number' && tariff.injection[key] < 0) negative.push(`injection.${key}`);
    }
  }
  for (const name of negative) fieldMessage(form, name, t('tariff.injection.negative'));
  if (negative.length) form.elements[negative[0]].focus();
  return negative.length === 0;
}

/** This month's bill under the tariff in force and under the one in the form, and the difference. */
async function preview(form) {
  const fields = values(form);
  const tariff = tariffOf(form, fields);
  if (!hinted(form, tariff)) return;
  const box = document.getElementById('tariff-preview');
  const first = `${today().slice(0, 7)}-01`;
  const next = new Date(`${first}T12:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const to = next.toISOString().slice(0, 10);
  const month = format.month(first.slice(0, 7));
  let lines;
  if (versions.length === 0) {
    // nothing to compare with: the comparison always bills the tariff in force too, and without one the server
    // refuses it (409), so it is not asked
    lines = [t('tariff.preview.noCurrent')];
  } else {
    const answer = await api.send('POST', `${api.meterPath(place.meter)}/bill/compare`,
      { from: first, to, alternatives: [{ name: 'new', tariff }] });
    lines = compared(answer, month);
  }
  box.replaceChildren(...lines.map((text, i) => {
    const p = document.createElement(i === 0 ? 'strong' : 'p');
    p.textContent = text;
    return p;
  }));
  box.hidden = false;
}

function compared(answer, month) {
  const now = answer.bills.find((b) => b.name === 'current');
  const next = answer.bills.find((b) => b.name === 'new');
  const difference = Number(next.totalInclVat) - Number(now.totalInclVat);
  const sign = difference > 0.004 ? '+' : '';
  const sum = (kinds) => (next.bill.lines ?? []).filter((l) => kinds.includes(l.kind))
    .reduce((total, l) => total + Number(l.amount), 0);
  const lines = [
    t('tariff.preview.title', { month }),
    t('tariff.preview.current', { total: format.euro(now.totalInclVat) }),
    t('tariff.preview.new', { total: format.euro(next.totalInclVat) }),
    t('tariff.preview.difference', { difference: sign + format.euro(difference) }),
    t('tariff.preview.capacity', { amount: format.euro(sum(['CAPACITY', 'CAPACITY_FIXED'])) }),
  ];
  // the gas lines of the new tariff, excl. VAT as the bill lists them
  if (next.bill.lines?.some((l) => l.kind.startsWith('GAS_'))) {
    lines.push(t('tariff.preview.gas', { amount: format.euro(sum(['GAS_ENERGY', 'GAS_FIXED_FEE'])) }));
  }
  return lines;
}

/** A tariff in one line: "purchase € 0,31/kWh · injection € 0,05/kWh", or the Flemish tariff's area and prices. */
export function describe(tariff) {
  const gas = tariff.gas ? ` · ${t('tariff.gas.describe', {
    perKwh: format.perKwh(tariff.gas.perKwh), fixed: format.euro(tariff.gas.fixedPerYear ?? 0) })}` : '';
  if (tariff.form === 'simple') {
    const text = t('settings.tariff.simple', { purchase: format.perKwh(tariff.purchase), injection: format.perKwh(tariff.injection) });
    return (tariff.area ? `${text} · ${t('tariff.withCapacity', { area: t(`tariff.area.${tariff.area}`) })}` : text) + gas;
  }
  return t('settings.tariff.flemish', { area: t(`tariff.area.${tariff.area}`), offtake: price(tariff.offtake), injection: price(tariff.injection) })
    + gas;
}

function price(form) {
  if (!form) return format.perKwh(0);
  if (form.type === 'single') return format.perKwh(form.price);
  if (form.type === 'dayNight') {
    return t('settings.tariff.dayNight', { day: format.perKwh(form.day), night: format.perKwh(form.night) });
  }
  return t('settings.tariff.dynamic', { index: t(`tariff.index.${form.index}`), factor: number(form.factor), offset: format.perKwh(form.offset) });
}

function button(key, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = t(key);
  b.dataset.action = key;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action();
    } catch (e) {
      b.disabled = false;
      showError(document.getElementById('tariff-form'), e, options);
    }
  });
  return b;
}
