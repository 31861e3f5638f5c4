// format.js: numbers, money and dates in the page's language, through Intl.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as format from '../../main/resources/static/js/format.js';
import { plain, speak } from './texts.mjs';

test('money in Dutch, French and English as each writes it', async () => {
  await speak('nl');
  assert.equal(plain(format.euro(41.07)), '€ 41,07');
  assert.equal(plain(format.euro(2341.5)), '€ 2.341,50');
  await speak('fr');
  assert.equal(plain(format.euro(41.07)), '41,07 €');
  assert.equal(plain(format.euro(2341.5)), '2 341,50 €');
  await speak('en');
  assert.equal(format.euro(41.07), '€41.07');
});

test('energy and power with two decimals, signed when asked', async () => {
  await speak('nl');
  assert.equal(format.kwh(129440), '129,44 kWh');
  assert.equal(format.kwh(129440, true), '+129,44 kWh');
  assert.equal(format.kwh(-349200, true), '-349,20 kWh');
  assert.equal(format.kwh(0, true), '0,00 kWh');
  assert.equal(format.kw(2150), '2,15 kW');
  assert.equal(plain(format.watts(2300)), '2.300 W');
  await speak('en');
  assert.equal(format.watts(2300), '2,300 W');
});

test('whole and decimal numbers', async () => {
  await speak('nl');
  assert.equal(format.number(2300), '2.300');
  assert.equal(format.number(0.5, 1), '0,5');
  await speak('fr');
  assert.equal(plain(format.number(2300)), '2 300');
});

test('how long the credit lasts, in words, never "about 0.0 days"', async () => {
  await speak('nl');
  assert.equal(format.days(0), 'minder dan een dag');
  assert.equal(format.days('0.4'), 'minder dan een dag');
  assert.equal(format.days(1.7), 'ongeveer een dag');
  assert.equal(format.days(7.9), 'ongeveer 7 dagen');
  assert.equal(format.days(null), '–');
  await speak('fr');
  assert.equal(format.days(0), "moins d'un jour");
  assert.equal(format.days(12.2), 'environ 12 jours');
  await speak('en');
  assert.equal(format.days(1), 'about a day');
});

test("a day's line ending at the next midnight is that day's", async () => {
  await speak('nl');
  // 6 December ends at 7 December 00:00 in Brussels (23:00 UTC)
  assert.match(format.dayEndingAt('2026-12-06T23:00:00Z'), /^6 dec/);
  // a day still running, its last quarter ending at 14:15
  assert.match(format.dayEndingAt('2026-12-07T13:15:00Z'), /^7 dec/);
  // the 25-hour day of 25 October ends at 26 October 00:00 (23:00 UTC)
  assert.match(format.dayEndingAt('2026-10-25T23:00:00Z'), /^25 okt/);
});

test('a month and a calendar date stay that month and that day', async () => {
  await speak('nl');
  assert.equal(format.month('2026-01'), 'januari 2026');
  assert.equal(format.date('2026-10-25', { day: 'numeric', month: 'long' }), '25 oktober');
  await speak('fr');
  assert.equal(format.month('2026-10'), 'octobre 2026');
});

test('Brussels wall-clock time, summer and winter', async () => {
  await speak('nl');
  const options = { hour: '2-digit', minute: '2-digit' };
  assert.equal(format.brussels('2026-07-01T10:00:00Z', options), '12:00');
  assert.equal(format.brussels('2026-12-01T10:00:00Z', options), '11:00');
});

test('a price per kWh keeps up to five decimals', async () => {
  await speak('nl');
  assert.equal(plain(format.perKwh(0.3125)), '€ 0,3125/kWh');
  assert.equal(plain(format.perKwh(0.3)), '€ 0,30/kWh');
});

test('a formatter kept for one language is not used for another, going back and forth', async () => {
  await speak('nl');
  assert.equal(plain(format.euro(2341.5)), '€ 2.341,50');
  await speak('en');
  assert.equal(format.euro(2341.5), '€2,341.50');
  await speak('nl');
  assert.equal(plain(format.euro(2341.5)), '€ 2.341,50');
  assert.equal(format.month('2026-01'), 'januari 2026');
  await speak('fr');
  assert.equal(format.month('2026-01'), 'janvier 2026');
});
