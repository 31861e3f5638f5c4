// The meter page: each register the Fluvius meter shows, with its live value and what it means, as the
// Fluvius digital meter manual words it; then the tariff, the breaker, the limiter and the coupled gas and
// water meters. Values follow every telegram. The registers come from one table (meter-registers.js).
import * as format from './format.js';
import { t, translatePage } from './i18n.js';
import { follow } from './live.js';
import { CARDS, REGISTERS, reading, three, when } from './meter-registers.js';
import { showNoLiveSource } from './no-live-source.js';

let shownMeter = null;
let shown = null;

/** The register cards, from the table of registers: one block per register, its value filled by show(). */
export function init() {
  const box = document.getElementById('meter-registers');
  box.replaceChildren(...CARDS.map((card) => {
    const article = element('article', 'card');
    article.append(element('h2', null, `${card.key}.title`));
    for (const r of card.registers) {
      const block = element('div', 'register');
      block.dataset.register = r.code;
      const head = element('p', 'register-head');
      head.append(element('span', 'obis'), ' ', element('span', 'register-name', `${r.key}.name`));
      head.firstChild.textContent = r.code;
      block.append(head, element('p', 'register-value'), element('p', 'register-text', `${r.key}.text`));
      article.append(block);
    }
    if (card.note) article.append(element('p', 'register-text', card.note));
    return article;
  }));
  translatePage(box);
}

function element(tag, className, i18nKey) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (i18nKey) e.dataset.i18n = i18nKey;
  return e;
}

export async function render(meterId) {
  showNoLiveSource(document.getElementById('meter'), meterId).catch((e) => console.warn(e));
  if (shownMeter !== meterId) shown = null; // another address: its own telegrams only
  shownMeter = meterId;
  follow(meterId, show);
  show(shown);
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
  for (const register of REGISTERS) {
    const { text, raw } = reading(register, s);
    const value = section.querySelector(`[data-register="${register.code}"] .register-value`);
    value.textContent = text;
    value.dataset.raw = raw;
  }
  coupled(m.coupled ?? []);
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
