// What the battery and heat battery pages and their dashboard tiles work out themselves, as pure functions (Node's
// tests import them as they are): which device of the address's list is which running battery or boiler, the
// status's badge, the day's state-of-charge curve, the figures of a day or period, the decisions in words, the
// surplus order moved by a button, and the boiler's temperatures as typed.
import { decisionText } from './reasons.js';
import { t } from './i18n.js';

/**
 * The address's batteries (kind 'BATTERY') or heat batteries ('HEAT_BATTERY'), each once, from:
 * - devices: the address's list (GET …/devices), where a device entered in the app is named by its id;
 * - running: the server's batteries or boilers (GET …/batteries, …/boilers), each by its name with its last reading.
 * A device of the list whose id runs is that one, with its label and "active since"; then the running devices of the
 * server's settings (such as the demo's `battery`), by their names; then the devices of the list Meterkast does not
 * reach (device null), which have no live connection. As the chargers, a device of the settings is never guessed to
 * be one of the list.
 */
export function storageDevices(kind, { devices = [], running = [] } = {}) {
  const byName = new Map(running.map((r) => [r.device, r]));
  const listed = [];
  const unreached = [];
  const used = new Set();
  for (const row of devices.filter((d) => d.kind === kind)) {
    const live = byName.get(String(row.id));
    if (live) {
      used.add(live.device);
      listed.push({ kind, device: live.device, label: row.label || null, activeSince: row.activeSince ?? null, live });
    } else {
      unreached.push({ kind, device: null, id: row.id, label: row.label || null, activeSince: row.activeSince ?? null,
        live: null });
    }
  }
  const configured = running.filter((r) => !used.has(r.device))
    .map((live) => ({ kind, device: live.device, label: null, activeSince: null, live }));
  return [...listed, ...configured, ...unreached];
}

/** The badge's class of a battery's or boiler's status: standby, charging, discharging, heating, error, or waiting. */
export function statusClass(status) {
  return {
    STANDBY: 'standby', CHARGING: 'charging', DISCHARGING: 'discharging', IDLE: 'standby', HEATING: 'charging',
    ERROR: 'error',
  }[status] ?? 'waiting';
}

/**
 * The day's state-of-charge curve as [start (ms), % at the quarter's end or null] per quarter, in order: an
 * unmeasured quarter is a gap in the line, not a fall to zero.
 */
export function socCurve(day) {
  return (day?.quarters ?? []).map((q) => [Date.parse(q.start), q.measured ? q.socPercent : null]);
}

/** A day's or period's stored and delivered Wh and its saving in €, null where nothing was measured or priced. */
export function batteryFigures(span) {
  const noData = Boolean(span?.noData);
  return {
    noData,
    priced: span?.priced !== false,
    storedWh: noData ? null : (span?.chargedWh ?? null),
    deliveredWh: noData ? null : (span?.deliveredWh ?? null),
    savingEuros: noData ? null : (span?.saving?.euros ?? null),
    measured: span?.coverage?.measuredQuarters ?? 0,
    quarters: span?.coverage?.quarters ?? 0,
  };
}

/** The kind of each decision about a battery or boiler, in words with its power; else as the charger page says it. */
export function storageDecisionText(decision, kw) {
  const power = kw(Math.abs(decision.watts ?? 0));
  let what;
  switch (decision.action) {
    case 'charge': what = t('batteryPage.decision.charge', { power }); break;
    case 'discharge': what = t('batteryPage.decision.discharge', { power }); break;
    case 'hold': what = t('batteryPage.decision.hold'); break;
    case 'release': what = t('batteryPage.decision.release'); break;
    case 'heat': what = decision.watts ? t('heatPage.decision.heatAt', { power }) : t('heatPage.decision.heat'); break;
    case 'off': what = t('heatPage.decision.off'); break;
    default: return decisionText(decision);
  }
  if (decision.outcome && decision.outcome !== 'applied') {
    what = t('charger.decision.notApplied', { what, outcome: decision.outcome });
  }
  return what;
}

/** The flexible loads that share the solar surplus, as the server names them. */
export const SURPLUS_LOADS = ['EV', 'BATTERY', 'BOILER'];

/** The order with the load at `index` moved one place up (-1) or down (1); unchanged at either end. */
export function moveInOrder(order, index, direction) {
  const to = index + direction;
  if (index < 0 || index >= order.length || to < 0 || to >= order.length) return [...order];
  const out = [...order];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/**
 * The boiler's preferences as typed: { value: { floorC, maxC, legionella } } or { errors: { field: key } } with the
 * text key of what is wrong. Temperatures in whole or decimal degrees ("45", "52,5"); the floor below the maximum.
 * The server checks its own bounds again.
 */
export function parsePreferences({ floorC, maxC, legionella }) {
  const errors = {};
  const read = (text, field) => {
    const compact = String(text ?? '').replace(/\s/g, '').replace(',', '.').replace(/°C?$/i, '');
    if (compact === '') {
      errors[field] = 'heatPage.preferences.required';
      return null;
    }
    if (!/^\d+(\.\d+)?$/.test(compact)) {
      errors[field] = 'heatPage.preferences.notNumber';
      return null;
    }
    return Number(compact);
  };
  const floor = read(floorC, 'floorC');
  const max = read(maxC, 'maxC');
  if (floor !== null && max !== null && floor >= max) errors.maxC = 'heatPage.preferences.order';
  if (Object.keys(errors).length) return { errors };
  return { value: { floorC: floor, maxC: max, legionella: Boolean(legionella) } };
}
