// ev.js: the charging speed and km added from the car's consumption, the consumption as typed, an address's
// chargers merged from the answers that each know part of them, and the plan as the page draws it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  kmAdded, kmPerHour, mergeChargers, parseConsumption, planView, preferencesBody,
} from '../../main/resources/static/js/ev.js';

test('km/h as the manual shows it: 21.2 kW at 25 kWh/100 km is 84 km/h', () => {
  // 21,200 W / (10 × 25) = 84.8 km/h, shown whole and rounded down as the manual's 84
  assert.equal(kmPerHour(21200, 25), 84);
  // the manual's printed default, 250 kWh/100 km, would make it 8 km/h: the slip its example gives away
  assert.equal(kmPerHour(21200, 250), 8);
  // 11 kW at 18.5 kWh/100 km: 11,000 / 185 = 59.46
  assert.equal(kmPerHour(11000, 18.5), 59);
  // 7.4 kW on one phase at 16 kWh/100 km: 7,400 / 160 = 46.25
  assert.equal(kmPerHour(7400, 16), 46);
  assert.equal(kmPerHour(0, 25), 0);
  assert.equal(kmPerHour(11000, 0), 0, 'no consumption, no speed rather than Infinity');
});

test('km added this session, rounded down', () => {
  // 1,750 Wh at 25 kWh/100 km = 7 km (the manual's "+7 km")
  assert.equal(kmAdded(1750, 25), 7);
  // 1,749 Wh is 6.996 km: not yet 7
  assert.equal(kmAdded(1749, 25), 6);
  // 42 kWh at 20 kWh/100 km = 210 km
  assert.equal(kmAdded(42000, 20), 210);
  assert.equal(kmAdded(0, 25), 0);
});

test('the consumption as typed: comma or point, 5 to 60, each refusal with its own text', () => {
  assert.deepEqual(parseConsumption('18,5'), { value: 18.5 });
  assert.deepEqual(parseConsumption(' 18.5 '), { value: 18.5 });
  assert.deepEqual(parseConsumption('5'), { value: 5 });
  assert.deepEqual(parseConsumption('60'), { value: 60 });
  assert.deepEqual(parseConsumption(''), { error: 'charger.consumption.required' });
  assert.deepEqual(parseConsumption('4,9'), { error: 'charger.consumption.range' });
  assert.deepEqual(parseConsumption('250'), { error: 'charger.consumption.range' });
  assert.deepEqual(parseConsumption('60.1'), { error: 'charger.consumption.range' });
  assert.deepEqual(parseConsumption('twenty'), { error: 'charger.consumption.notNumber' });
  assert.deepEqual(parseConsumption('-20'), { error: 'charger.consumption.notNumber' });
});

test('chargers: the list\'s first, then those of the server\'s settings; live from OCPP, else from the loop', () => {
  const merged = mergeChargers({
    devices: [
      { id: 7, kind: 'EV_CHARGER', label: 'Carport' },
      { id: 8, kind: 'BATTERY', label: 'Accu' },
      { id: 9, kind: 'EV_CHARGER', label: '' },
      { id: 10, kind: 'EV_CHARGER', label: 'Garage' },
    ],
    adapters: [
      { device: '7', kind: 'charger', type: 'ocpp16', configured: false, describe: 'OCPP CP-1', error: null },
      { device: '9', kind: 'charger', type: 'sim', configured: false, describe: 'simulated charger 9', error: null },
      { device: 'driveway', kind: 'charger', type: 'sim', configured: true, describe: 'simulated', error: null },
      { device: 'inverter', kind: 'inverter', type: 'sim', configured: true },
    ],
    chargers: [{
      device: '7', status: 'CHARGING', online: true, powerWatts: 11040, sessionWh: 1750, transactionId: 3,
      phases: 3, offeredAmps: 16, socPercent: 55, lastSeen: '2026-11-24T17:06:00Z', error: null,
    }],
    control: {
      devices: [
        { name: '9', kind: 'charger', state: 'ok', charger: {
          at: '2026-11-24T17:06:01Z', status: 'PAUSED', powerWatts: 0, phases: 1, sessionWh: 400, offeredAmps: 0 } },
        { name: 'driveway', kind: 'charger', state: 'error', error: 'did not answer in 2 s', charger: null },
      ],
    },
  });
  assert.deepEqual(merged.map((c) => c.device), ['7', '9', '10', 'driveway']);
  const [carport, nine, garage, driveway] = merged;
  assert.equal(carport.label, 'Carport');
  assert.equal(carport.ocpp, true);
  assert.deepEqual(carport.live, {
    status: 'CHARGING', powerWatts: 11040, sessionWh: 1750, phases: 3, offeredAmps: 16, socPercent: 55,
    online: true, at: '2026-11-24T17:06:00Z', error: null, errorDetail: null, session: true,
  });
  assert.equal(nine.label, null, 'an empty label is no name');
  assert.equal(nine.ocpp, false);
  assert.equal(nine.live.status, 'PAUSED');
  assert.equal(nine.live.session, true, 'paused is a session still running');
  assert.equal(nine.live.phases, 1);
  assert.equal(garage.adapter, null, 'not connected');
  assert.equal(garage.live, null);
  assert.equal(driveway.configured, true);
  assert.equal(driveway.live, null);
  assert.equal(driveway.problem, 'did not answer in 2 s');
});

test('a charger of the list once, even when its adapter is listed as well', () => {
  const merged = mergeChargers({
    devices: [{ id: 7, kind: 'EV_CHARGER', label: 'Carport' }],
    adapters: [{ device: '7', kind: 'charger', type: 'sim', configured: false }],
  });
  assert.equal(merged.length, 1);
  assert.equal(merged[0].adapter.type, 'sim');
  assert.equal(merged[0].live, null, 'no state asked');
});

test('a charge point registered for the address is connected, its adapter listed or not', () => {
  const [wallbox] = mergeChargers({
    devices: [{ id: 12, kind: 'EV_CHARGER', label: 'Carport' }],
    adapters: [],
    chargers: [{ device: '12', status: 'ERROR', online: false, powerWatts: 0, sessionWh: 0, transactionId: null,
      error: 'offline' }],
  });
  assert.deepEqual(wallbox.adapter, { type: 'ocpp16', describe: null, error: null });
  assert.equal(wallbox.live.status, 'ERROR');
  assert.equal(wallbox.live.error, 'offline');
  assert.equal(wallbox.live.session, false);
});

test('the plan: none (404), a goal not complete, or quarters with their sun and grid parts', () => {
  assert.deepEqual(planView(null), { state: 'unavailable' });
  assert.deepEqual(planView({ state: 'noGoal', missing: ['departure', 'batteryKwh'] }),
    { state: 'noGoal', missing: ['departure', 'batteryKwh'] });
  const plan = planView({
    quarters: [
      { start: '2026-11-24T21:00:00Z', powerW: 10000, energyWh: 2500, price: 0.2, solarShare: 0 },
      { start: '2026-11-24T21:15:00Z', powerWatts: 2000, energyWh: 500, price: 0.3, solarShare: 0.5 },
      { start: '2026-11-24T21:30:00Z', power: 4000, energyWh: 1000, solarShare: 25 },
      { start: '2026-11-24T21:45:00Z', powerW: 4000, energyWh: 1000, solarWh: 1200 },
    ],
    neededWh: 42000,
    reachesTarget: false,
    reason: { key: 'ev.plan.short.time', values: { neededWh: 42000 } },
    cost: 9.6,
  });
  assert.equal(plan.state, 'plan');
  assert.deepEqual(plan.quarters.map((q) => q.powerW), [10000, 2000, 4000, 4000]);
  // a share as a fraction (0.5 of 500 Wh), as a percentage (25 of 1,000 Wh), or in Wh, never above the quarter's
  assert.deepEqual(plan.quarters.map((q) => q.solarWh), [0, 250, 250, 1000]);
  assert.deepEqual(plan.quarters.map((q) => q.price), [0.2, 0.3, null, null]);
  assert.equal(plan.plannedWh, 5000, 'the quarters added up when the answer does not say');
  assert.equal(plan.neededWh, 42000);
  assert.equal(plan.reachesTarget, false);
  assert.equal(plan.cost, 9.6);
  assert.equal(planView({ quarters: [], costCents: 594, plannedWh: 25800 }).cost, 5.94);
});

test('preferences sent whole, the departure as HH:MM and the mode in lower case', () => {
  const saved = {
    mode: 'PLAN', targetSoc: 80, departure: '07:30:00', normalUpTo: 30, batteryKwh: 60.5, soc: 40,
    consumptionKwh100Km: 18.5,
  };
  assert.deepEqual(preferencesBody(saved, { consumptionKwh100Km: 20 }), {
    mode: 'plan', targetSoc: 80, departure: '07:30', normalUpTo: 30, batteryKwh: 60.5, soc: 40,
    consumptionKwh100Km: 20,
  });
  assert.deepEqual(preferencesBody({ mode: 'NOW' }, { mode: 'solar' }), {
    mode: 'solar', targetSoc: null, departure: null, normalUpTo: null, batteryKwh: null, soc: null,
    consumptionKwh100Km: 25,
  });
});
