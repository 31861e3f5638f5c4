// reasons.js: the control loop's decisions and their reasons in words, each figure in the unit its name says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clockTime, decisionText, duration, energy, figure, kilowatts, reasonText,
} from '../../main/resources/static/js/reasons.js';
import { plain, speak } from './texts.mjs';

const paused = { key: 'ev.paused.surplusBelowMinimum', values: { surplusW: 1100, minimumW: 1380, forSeconds: 300 } };

test('the issue\'s example in three languages: 1.1 kW surplus, below the 1.4 kW minimum for 5 min', async () => {
  await speak('en');
  assert.equal(reasonText(paused), 'Paused: 1.1 kW surplus, below the 1.4 kW minimum for 5 min');
  await speak('nl');
  assert.equal(reasonText(paused), 'Gepauzeerd: 1,1 kW overschot, onder het minimum van 1,4 kW, al 5 min');
  await speak('fr');
  assert.equal(reasonText(paused), 'En pause : 1,1 kW de surplus, sous le minimum de 1,4 kW depuis 5 min');
});

test('a plan short of its target: kWh, the departure as a Brussels time, the peak limit, the charge reached', async () => {
  await speak('en');
  // 07:00 in Brussels on Wednesday 25 November 2026 is 06:00 UTC; seen the evening before, it names the day
  const departure = Date.parse('2026-11-25T06:00:00Z') / 1000;
  const evening = Date.parse('2026-11-24T17:06:00Z');
  const reason = { key: 'ev.plan.short.peakLimit',
    values: { neededWh: 42000, fitsWh: 25800, departureEpochSecond: departure, peakLimitW: 2500, reachableSocPercent: 53 } };
  assert.equal(reasonText(reason, evening),
    'Needs 42 kWh, at most 25.8 kWh fit before Wed 07:00 within the 2.5 kW peak limit: 53% at departure');
  // the same morning it is the time alone
  assert.equal(clockTime(departure, Date.parse('2026-11-25T05:00:00Z')), '07:00');
  await speak('nl');
  assert.equal(plain(reasonText(reason, evening)), 'Heeft 42 kWh nodig, er past hoogstens 25,8 kWh vóór wo 07:00 '
    + 'binnen de piekgrens van 2,5 kW: 53% bij vertrek');
});

test('each unit by its suffix: W, Wh, Seconds, Percent, Cents, and plain numbers', async () => {
  await speak('nl');
  assert.equal(kilowatts(11040), '11 kW');
  assert.equal(kilowatts(1380), '1,4 kW');
  assert.equal(energy(250), '250 Wh');
  assert.equal(energy(999), '999 Wh');
  assert.equal(energy(1000), '1 kWh');
  assert.equal(energy(25800), '25,8 kWh');
  assert.equal(duration(45), '45 s');
  assert.equal(duration(300), '5 min');
  assert.equal(duration(90), '1 min 30 s');
  assert.equal(duration(3600), '1 u');
  assert.equal(duration(3900), '1 u 5 min');
  assert.equal(plain(figure('costCents', 960)), '€ 9,60');
  assert.equal(figure('targetPercent', 80), '80%');
  assert.equal(figure('phases', 3), '3');
  await speak('fr');
  assert.equal(plain(figure('targetPercent', 80)), '80 %');
  assert.equal(plain(figure('costCents', 594)), '5,94 €');
  assert.equal(duration(3900), '1 h 5 min');
});

test('other reasons carry their own units: the figures go in as they are', async () => {
  await speak('en');
  assert.equal(reasonText({ key: 'smartCharging.reason.normalChargingAbove', values: { percent: 31, maximumPercent: 30 } }),
    'Normal charging is set to 31 %; at most 30 % qualifies.');
  assert.equal(reasonText(null), '');
});

test('what the loop did: the current and phases, a pause, a stop, and what could not be applied', async () => {
  await speak('en');
  assert.equal(decisionText({ action: 'offer', amps: 16, phases: 3, outcome: 'applied' }), '16 A on 3 phases');
  assert.equal(decisionText({ action: 'offer', amps: 7.5, phases: 1, outcome: 'applied' }), '7.5 A on one phase');
  assert.equal(decisionText({ action: 'pause', amps: 0, phases: 3, outcome: 'applied' }), 'Paused');
  assert.equal(decisionText({ action: 'stop', amps: 0, phases: 0, outcome: 'applied' }), 'Session stopped');
  assert.equal(decisionText({ action: 'offer', amps: 10, phases: 3, outcome: 'CP-1: SetChargingProfile timed out' }),
    '10 A on 3 phases (not applied: CP-1: SetChargingProfile timed out)');
  assert.equal(decisionText({ action: 'device-failed', outcome: 'timed out' }), 'The charger did not answer');
  await speak('nl');
  assert.equal(decisionText({ action: 'offer', amps: 7.5, phases: 1, outcome: 'applied' }), '7,5 A op één fase');
});
