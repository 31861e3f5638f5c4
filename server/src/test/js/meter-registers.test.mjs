// meter-registers.js: the meter page's registers come from one table, each read from the live summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS, reading, REGISTERS } from '../../main/resources/static/js/meter-registers.js';
import { plain, speak } from './texts.mjs';

const SUMMARY = {
  time: '2026-12-07T13:15:02Z',
  importW: 2150,
  exportW: 0,
  tariff: 'night',
  registers: { importDay: 1234567, importNight: 2345678, exportDay: 345678, exportNight: 4567 },
  meter: {
    breaker: 'connected', limiterW: 2300, limited: true,
    monthPeak: { watts: 4321, at: '2026-12-03T18:15:00Z' },
  },
};

const byCode = (code) => REGISTERS.find((r) => r.code === code);

test('the ten registers of the Fluvius manual, in its five cards, each once', () => {
  assert.deepEqual(REGISTERS.map((r) => r.code),
    ['1.8.1', '1.8.2', '1.7.0', '1.6.0', '2.8.1', '2.8.2', '2.7.0', '96.14.0', '96.3.10', '17.0.0']);
  assert.deepEqual(CARDS.map((c) => c.key),
    ['meter.readings', 'meter.now', 'meter.peak', 'meter.injection', 'meter.status']);
  assert.equal(new Set(REGISTERS.map((r) => r.key)).size, REGISTERS.length);
});

test('every register has its name and its text in each language', async () => {
  for (const language of ['nl', 'fr', 'en']) {
    await speak(language);
    const { t } = await import('../../main/resources/static/js/i18n.js');
    for (const r of REGISTERS) {
      for (const part of ['name', 'text']) {
        assert.notEqual(t(`${r.key}.${part}`), `${r.key}.${part}`, `${language}: ${r.key}.${part}`);
      }
    }
    for (const c of CARDS) assert.notEqual(t(`${c.key}.title`), `${c.key}.title`, `${language}: ${c.key}.title`);
  }
});

test('values with the meter\'s three decimals, in Dutch', async () => {
  await speak('nl');
  assert.deepEqual(reading(byCode('1.8.1'), SUMMARY), { text: '1.234,567 kWh', raw: '1234567' });
  assert.deepEqual(reading(byCode('2.8.2'), SUMMARY), { text: '4,567 kWh', raw: '4567' });
  assert.deepEqual(reading(byCode('1.7.0'), SUMMARY), { text: '2,150 kW', raw: '2150' });
  assert.deepEqual(reading(byCode('2.7.0'), SUMMARY), { text: '0,000 kW', raw: '0' });
  assert.equal(reading(byCode('96.14.0'), SUMMARY).text, 'Nacht (2)');
  assert.equal(reading(byCode('17.0.0'), SUMMARY).text, '2,300 kW');
  const peak = reading(byCode('1.6.0'), SUMMARY);
  assert.equal(peak.raw, '4321');
  assert.match(plain(peak.text), /^4,321 kW .*3 december 2026.*19:15$/);
});

test('what the meter has not said is "unknown", with no raw value', async () => {
  await speak('en');
  const { t } = await import('../../main/resources/static/js/i18n.js');
  for (const r of REGISTERS) {
    assert.deepEqual(reading(r, {}), { text: t('meter.unknown'), raw: '' }, r.code);
    assert.deepEqual(reading(r, null), { text: t('meter.unknown'), raw: '' }, r.code);
  }
});

test('a limiter that is not limiting says so', async () => {
  await speak('en');
  const { t } = await import('../../main/resources/static/js/i18n.js');
  const free = { meter: { limiterW: 9999000, limited: false } };
  assert.equal(reading(byCode('17.0.0'), free).text, t('meter.limiter.none', { value: '9,999.000 kW' }));
});
