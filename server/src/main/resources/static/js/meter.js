// The meter page: each register the Fluvius meter shows, with its live value and what it means, as the
// Fluvius digital meter manual words it; then the tariff, the breaker, the limiter and the coupled gas and
// water meters. Values follow every telegram.
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { follow } from './live.js';
import { showNoLiveSource } from './no-live-source.js';

let shownMeter = null;
let shown = null;

export async function render(meterId) {
  showNoLiveSource(document.getElementById('meter'), meterId).catch((e) => console.warn(e));
  if (shownMeter !== meterId) shown = null; // another address: its own telegrams only
  shownMeter = meterId;
  follow(meterId, show);
  show(shown);
}

/** A number with the meter's three decimals, in the user's language. */
function three(value) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);
}

function kwh(wh) {
  return t('format.kwh', { value: three(wh / 1000) });
}

function kw(watts) {
  return t('format.kw', { value: three(watts / 1000) });
}

function when(instant) {
  return format.brussels(instant, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Fills one register's value; raw is what the API said, kept for the tests and screen readers. */
function put(code, text, raw) {
  const element = document.querySelector(`#meter [data-register="${code}"] .register-value`);
  element.textContent = text;
  element.dataset.raw = raw === null || raw === undefined ? '' : String(raw);
}

function show(summary) {
  shown = summary ?? shown;
  const section = document.getElementById('meter');
  const time = document.getElementById('meter-time');
  if (!shown) {
    time.textContent = t('live.waiting');
    return;
  }
  const s = shown;
  section.dataset.time = s.time ?? '';
  time.textContent = t('meter.at', {
    time: format.brussels(s.time ?? s.receivedAt, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  });
  const m = s.meter ?? {};
  document.getElementById('meter-serial').textContent = m.equipmentId ? t('meter.serial', { serial: m.equipmentId }) : '';

  const r = s.registers;
  const missing = t('meter.unknown');
  put('1.8.1', r ? kwh(r.importDay) : missing, r?.importDay);
  put('1.8.2', r ? kwh(r.importNight) : missing, r?.importNight);
  put('2.8.1', r ? kwh(r.exportDay) : missing, r?.exportDay);
  put('2.8.2', r ? kwh(r.exportNight) : missing, r?.exportNight);
  put('1.7.0', s.importW === null || s.importW === undefined ? missing : kw(s.importW), s.importW);
  put('2.7.0', s.exportW === null || s.exportW === undefined ? missing : kw(s.exportW), s.exportW);
  const peak = m.monthPeak;
  put('1.6.0', !peak ? missing
    : peak.at ? t('meter.peakAt', { value: kw(peak.watts), time: when(peak.at) }) : kw(peak.watts), peak?.watts);
  put('96.14.0', s.tariff === 'day' ? t('meter.tariff.day') : s.tariff === 'night' ? t('meter.tariff.night') : missing,
    s.tariff);
  put('96.3.10', breaker(m.breaker), m.breaker);
  put('17.0.0', m.limiterW === null || m.limiterW === undefined ? missing
    : m.limited ? kw(m.limiterW) : t('meter.limiter.none', { value: kw(m.limiterW) }), m.limiterW);
  coupled(m.coupled ?? []);
}

function breaker(state) {
  switch (state) {
    case 'connected': return t('meter.breaker.connected');
    case 'disconnected': return t('meter.breaker.disconnected');
    case 'ready_for_connection': return t('meter.breaker.ready');
    default: return t('meter.unknown');
  }
}

const MEDIUM = {
  gas: 'meter.medium.gas', water: 'meter.medium.water', heat: 'meter.medium.heat',
  hot_water: 'meter.medium.hotWater', other: 'meter.medium.other',
};

function coupled(devices) {
  const list = document.getElementById('meter-coupled');
  list.replaceChildren();
  if (devices.length === 0) {
    const item = document.createElement('li');
    item.textContent = t('meter.coupled.none');
    list.append(item);
    return;
  }
  for (const d of devices) {
    const item = document.createElement('li');
    item.className = 'coupled';
    item.dataset.channel = String(d.channel);
    item.dataset.medium = d.medium;
    item.dataset.serial = d.serial ?? '';
    const head = document.createElement('strong');
    head.textContent = `${t('meter.coupled.channel', { channel: d.channel })} · ${t(MEDIUM[d.medium] ?? MEDIUM.other)}`;
    const serial = document.createElement('span');
    serial.className = 'coupled-serial';
    serial.textContent = d.serial ?? t('meter.unknown');
    item.append(head, ' ', serial);
    if (d.serialSays) {
      const says = document.createElement('span');
      says.className = 'hint';
      says.textContent = t(d.serialSays === 'gas' ? 'meter.coupled.serialGas' : 'meter.coupled.serialWater');
      item.append(document.createElement('br'), says);
    }
    if (d.reading !== null && d.reading !== undefined) {
      const reading = document.createElement('span');
      reading.className = 'coupled-reading';
      const value = d.unit === 'm3' ? t('meter.m3', { value: three(d.reading) }) : `${three(d.reading)} ${d.unit ?? ''}`;
      reading.textContent = t('meter.coupled.reading', { value, time: when(d.readAt) });
      item.append(document.createElement('br'), reading);
    }
    list.append(item);
  }
}
