// storage.js: which device of the address's list is which running battery or boiler, the state-of-charge curve, the
// figures of a day, the decisions in words, the surplus order and the boiler's temperatures as typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  batteryFigures, moveInOrder, parsePreferences, socCurve, statusClass, storageDecisionText, storageDevices,
} from '../../main/resources/static/js/storage.js';
import { plain, speak } from './texts.mjs';

const reading = (status, socPercent) => ({ at: '2026-11-24T09:00:00Z', status, socPercent, powerWatts: 1200 });

test('a list device whose id runs is that one; a battery of the settings has its own tile; the rest are unreached', () => {
  const devices = [
    { id: 7, kind: 'BATTERY', label: 'Garage', activeSince: '2025-06-01' },
    { id: 9, kind: 'BATTERY', label: '', activeSince: '2026-01-01' },
    { id: 3, kind: 'HEAT_BATTERY', label: 'Boiler', activeSince: '2024-03-01' },
    { id: 4, kind: 'EV_CHARGER', label: 'Oprit' },
  ];
  const running = [
    { device: 'battery', reading: reading('CHARGING', 62) },
    { device: '9', reading: reading('STANDBY', 100) },
  ];
  const merged = storageDevices('BATTERY', { devices, running });
  assert.deepEqual(merged.map((d) => [d.device, d.id ?? null, d.label, d.activeSince]), [
    ['9', null, null, '2026-01-01'],
    ['battery', null, null, null],
    [null, 7, 'Garage', '2025-06-01'],
  ]);
  assert.equal(merged[1].live.reading.socPercent, 62);
  assert.equal(merged[2].live, null);
  // the heat battery of the list has no boiler running: it is listed without a connection
  const heat = storageDevices('HEAT_BATTERY', { devices, running: [] });
  assert.deepEqual(heat.map((d) => [d.device, d.id, d.label]), [[null, 3, 'Boiler']]);
  // a running boiler with no list row at all still gets its tile
  assert.deepEqual(storageDevices('HEAT_BATTERY', { devices: [], running: [{ device: 'boiler', reading: null }] })
    .map((d) => [d.device, d.label]), [['boiler', null]]);
});

test('the status badges: the manual\'s statuses, and waiting before a reading', () => {
  assert.equal(statusClass('CHARGING'), 'charging');
  assert.equal(statusClass('DISCHARGING'), 'discharging');
  assert.equal(statusClass('STANDBY'), 'standby');
  assert.equal(statusClass('IDLE'), 'standby');
  assert.equal(statusClass('HEATING'), 'charging');
  assert.equal(statusClass('ERROR'), 'error');
  assert.equal(statusClass(undefined), 'waiting');
});

test('the state-of-charge curve leaves a gap where a quarter was not measured, not a zero', () => {
  const day = { quarters: [
    { start: '2026-11-23T23:00:00Z', measured: true, socPercent: 40 },
    { start: '2026-11-23T23:15:00Z', measured: false, socPercent: null },
    { start: '2026-11-23T23:30:00Z', measured: true, socPercent: 42.5 },
  ] };
  assert.deepEqual(socCurve(day), [
    [Date.parse('2026-11-23T23:00:00Z'), 40],
    [Date.parse('2026-11-23T23:15:00Z'), null],
    [Date.parse('2026-11-23T23:30:00Z'), 42.5],
  ]);
  assert.deepEqual(socCurve(null), []);
});

test('a day\'s figures: no data is null, not zero; without a tariff no saving', () => {
  const day = { noData: false, priced: true, chargedWh: 500, deliveredWh: 500, saving: { euros: 0.13 },
    coverage: { quarters: 96, measuredQuarters: 2 } };
  assert.deepEqual(batteryFigures(day), { noData: false, priced: true, storedWh: 500, deliveredWh: 500,
    savingEuros: 0.13, measured: 2, quarters: 96 });
  const empty = batteryFigures({ noData: true, chargedWh: null, saving: null, coverage: { quarters: 100, measuredQuarters: 0 } });
  assert.equal(empty.storedWh, null);
  assert.equal(empty.savingEuros, null);
  assert.equal(empty.quarters, 100);
  assert.equal(batteryFigures({ noData: false, priced: false, chargedWh: 300, deliveredWh: 0, saving: null }).priced, false);
});

test('the decisions about a battery and a boiler in words, in three languages', async () => {
  const kw = (w) => `${(w / 1000).toFixed(1)} kW`;
  await speak('nl');
  assert.equal(storageDecisionText({ action: 'charge', watts: 2500, outcome: 'applied' }, kw), 'Laden aan 2.5 kW');
  assert.equal(storageDecisionText({ action: 'discharge', watts: -1800, outcome: 'applied' }, kw), 'Ontladen aan 1.8 kW');
  assert.equal(storageDecisionText({ action: 'off', watts: 0, outcome: 'applied' }, kw), 'Uitgeschakeld');
  await speak('fr');
  assert.equal(plain(storageDecisionText({ action: 'heat', watts: 2400, outcome: 'applied' }, kw)), 'Chauffer à 2.4 kW');
  await speak('en');
  assert.equal(storageDecisionText({ action: 'hold', watts: 0, outcome: 'applied' }, kw), 'Neither charge nor discharge');
  // what went wrong applying it follows it, as on the charger page
  assert.match(storageDecisionText({ action: 'release', watts: 0, outcome: 'timed out' }, kw), /timed out/);
});

test('the surplus order: one place up or down, unchanged at either end', () => {
  const order = ['EV', 'BATTERY', 'BOILER'];
  assert.deepEqual(moveInOrder(order, 2, -1), ['EV', 'BOILER', 'BATTERY']);
  assert.deepEqual(moveInOrder(order, 0, 1), ['BATTERY', 'EV', 'BOILER']);
  assert.deepEqual(moveInOrder(order, 0, -1), order);
  assert.deepEqual(moveInOrder(order, 2, 1), order);
  assert.deepEqual(order, ['EV', 'BATTERY', 'BOILER']);
});

test('the boiler\'s temperatures as typed: a comma or a point, a °C, the floor below the maximum', () => {
  assert.deepEqual(parsePreferences({ floorC: '45', maxC: '60', legionella: true }),
    { value: { floorC: 45, maxC: 60, legionella: true } });
  assert.deepEqual(parsePreferences({ floorC: '42,5 °C', maxC: ' 58.5', legionella: false }),
    { value: { floorC: 42.5, maxC: 58.5, legionella: false } });
  assert.deepEqual(parsePreferences({ floorC: 'warm', maxC: '', legionella: true }),
    { errors: { floorC: 'heatPage.preferences.notNumber', maxC: 'heatPage.preferences.required' } });
  assert.deepEqual(parsePreferences({ floorC: '60', maxC: '55', legionella: true }),
    { errors: { maxC: 'heatPage.preferences.order' } });
});
