// What the charger page works out itself, as pure functions (Node's tests import them as they are): the charging
// speed and the km added from the car's consumption, the consumption as typed, an address's chargers from the four
// answers that each know part of them, and the plan as the page draws it.

/** The consumption the household has not set: 25 kWh per 100 km (the manual's "250" is a slip, see its example). */
export const DEFAULT_CONSUMPTION = 25;
export const LEAST_CONSUMPTION = 5;
export const MOST_CONSUMPTION = 60;

/**
 * The charging speed as the manual shows it: how many km of driving each hour of charging adds, whole km, rounded
 * down (never promising more). km/h = kW / (kWh/100 km) × 100 = W / (10 × kWh/100 km): the manual's own example,
 * 21.2 kW at 25 kWh/100 km, is 84.8, shown as 84 km/h.
 */
export function kmPerHour(watts, kwhPer100Km) {
  if (!(kwhPer100Km > 0) || !(watts > 0)) return 0;
  return Math.floor(watts / (10 * kwhPer100Km));
}

/** The km of driving a session's energy added, whole km, rounded down: 1,750 Wh at 25 kWh/100 km is 7 km. */
export function kmAdded(wattHours, kwhPer100Km) {
  if (!(kwhPer100Km > 0) || !(wattHours > 0)) return 0;
  return Math.floor(wattHours / (10 * kwhPer100Km));
}

/**
 * A consumption as typed ("18,5" or "18.5", spaces allowed): { value } from 5 to 60 kWh/100 km, else { error } with
 * the text key that says what is wrong (empty, not a number, out of range).
 */
export function parseConsumption(text) {
  const compact = String(text ?? '').replace(/\s/g, '').replace(',', '.');
  if (compact === '') return { error: 'charger.consumption.required' };
  if (!/^\d+(\.\d+)?$/.test(compact)) return { error: 'charger.consumption.notNumber' };
  const value = Number(compact);
  if (value < LEAST_CONSUMPTION || value > MOST_CONSUMPTION) return { error: 'charger.consumption.range' };
  return { value };
}

/**
 * An address's chargers, each once, from what each answer knows:
 * - devices: the address's list (GET …/devices), where a charger entered in the app is named by its id;
 * - adapters: how each is connected (GET …/adapters), those of the server's settings by their own name;
 * - chargers: the OCPP charge points' live state (GET …/chargers);
 * - control: the control loop's view (GET …/control), with the last reading of any other charger.
 * The list's chargers come first, in its order, then those of the server's settings. `live` is the OCPP state when
 * the charger is a charge point (`ocpp`; it is connected then, its adapter listed or not), else the loop's last
 * reading, else null.
 */
export function mergeChargers({ devices = [], adapters = [], chargers = [], control = null } = {}) {
  const ofAdapter = new Map(adapters.filter((a) => a.kind === 'charger').map((a) => [a.device, a]));
  const ofOcpp = new Map(chargers.map((c) => [c.device, c]));
  const ofLoop = new Map((control?.devices ?? []).map((d) => [d.name, d]));
  const names = [
    ...devices.filter((d) => d.kind === 'EV_CHARGER').map((d) => ({ device: String(d.id), label: d.label || null })),
    ...[...ofAdapter.values()].filter((a) => a.configured).map((a) => ({ device: a.device, label: null })),
  ];
  const seen = new Set();
  const merged = [];
  for (const { device, label } of names) {
    if (seen.has(device)) continue;
    seen.add(device);
    const adapter = ofAdapter.get(device) ?? null;
    const ocpp = ofOcpp.get(device) ?? null;
    const loop = ofLoop.get(device) ?? null;
    let live = null;
    if (ocpp) {
      live = {
        status: ocpp.status, powerWatts: ocpp.powerWatts ?? 0, sessionWh: ocpp.sessionWh ?? 0,
        phases: ocpp.phases ?? null, offeredAmps: ocpp.offeredAmps ?? null, socPercent: ocpp.socPercent ?? null,
        online: Boolean(ocpp.online), at: ocpp.lastSeen ?? null, error: ocpp.error ?? null,
        errorDetail: ocpp.errorDetail ?? null, session: ocpp.transactionId != null,
      };
    } else if (loop?.charger) {
      const r = loop.charger;
      live = {
        status: r.status, powerWatts: r.powerWatts, sessionWh: r.sessionWh, phases: r.phases,
        offeredAmps: r.offeredAmps, socPercent: null, online: loop.state === 'ok', at: r.at, error: null,
        errorDetail: null, session: r.status === 'CHARGING' || r.status === 'PAUSED',
      };
    }
    merged.push({
      device,
      label,
      configured: Boolean(adapter?.configured),
      // a charge point registered for the address is connected, whether or not its adapter is listed
      adapter: adapter ? { type: adapter.type, describe: adapter.describe ?? null, error: adapter.error ?? null }
        : ocpp ? { type: 'ocpp16', describe: null, error: null } : null,
      ocpp: Boolean(ocpp),
      live,
      // why the loop has no reading: the charger did not answer, or its adapter could not be started
      problem: loop?.state === 'error' || loop?.state === 'not-started' ? loop.error : adapter?.error ?? null,
    });
  }
  return merged;
}

function number(...candidates) {
  for (const c of candidates) if (c !== undefined && c !== null && c !== '' && !Number.isNaN(Number(c))) return Number(c);
  return null;
}

/**
 * The plan's answer (GET …/plan) as the page draws it: { state: 'unavailable' } without one (the server has no
 * planner yet: 404), { state: 'noGoal', missing } when the goal is not complete, else { state: 'plan', quarters,
 * neededWh, plannedWh, reachesTarget, reason, cost } with each quarter's { start, powerW, energyWh, solarWh, price }.
 * A quarter's solar share may come as a fraction of its energy (solarShare, 0–1, or a percentage above 1) or in Wh.
 */
export function planView(answer) {
  if (!answer) return { state: 'unavailable' };
  if (answer.state === 'noGoal') return { state: 'noGoal', missing: Array.isArray(answer.missing) ? answer.missing : [] };
  const quarters = (Array.isArray(answer.quarters) ? answer.quarters : []).map((q) => {
    const energyWh = number(q.energyWh, q.wh, q.energy) ?? 0;
    let solarWh = number(q.solarWh);
    const share = number(q.solarShare, q.solar);
    if (solarWh === null && share !== null) solarWh = Math.round(energyWh * (share > 1 ? share / 100 : share));
    return {
      start: q.start,
      powerW: number(q.powerW, q.powerWatts, q.power) ?? 0,
      energyWh,
      solarWh: Math.min(solarWh ?? 0, energyWh),
      price: number(q.price, q.priceEurPerKwh, q.pricePerKwh),
    };
  });
  const cents = number(answer.costCents);
  return {
    state: 'plan',
    quarters,
    neededWh: number(answer.neededWh),
    plannedWh: number(answer.plannedWh) ?? quarters.reduce((sum, q) => sum + q.energyWh, 0),
    reachesTarget: Boolean(answer.reachesTarget),
    reason: answer.reason ?? null,
    cost: cents !== null ? cents / 100 : number(answer.cost, answer.costEur),
  };
}

/** The preferences as PUT …/preferences takes them, from the last ones read and the changes given. */
export function preferencesBody(saved, changes = {}) {
  const merged = { ...saved, ...changes };
  return {
    mode: String(merged.mode ?? 'now').toLowerCase(),
    targetSoc: merged.targetSoc ?? null,
    departure: merged.departure ? String(merged.departure).slice(0, 5) : null,
    normalUpTo: merged.normalUpTo ?? null,
    batteryKwh: merged.batteryKwh ?? null,
    soc: merged.soc ?? null,
    consumptionKwh100Km: merged.consumptionKwh100Km ?? DEFAULT_CONSUMPTION,
  };
}
