// An address's chargers with their live state, as the dashboard's tiles and the charger page show them: the devices
// list, their adapters, the OCPP charge points' state and the control loop's readings, merged (see ev.js).
import * as api from './api.js';
import { mergeChargers } from './ev.js';
import { t } from './i18n.js';

const path = (locationId, rest) => `/api/locations/${encodeURIComponent(locationId)}/${rest}`;

/**
 * The address's chargers, with the answers they were made of (to refresh their state later). The live state (OCPP
 * charge points, the loop's readings) is asked only when the address has a charger; `withLoop`
 * false leaves the loop's view out (another address's chargers, listed by name and OCPP state only); `devices` is the
 * address's list when the caller has it already.
 */
export async function chargersOf(locationId, { withLoop = true, devices = null } = {}) {
  const [list, adapters] = await Promise.all([
    devices ?? api.get(path(locationId, 'devices')), api.get(path(locationId, 'adapters')),
  ]);
  const named = { devices: list, adapters, chargers: mergeChargers({ devices: list, adapters }), control: null };
  if (named.chargers.length === 0) return named;
  return refresh(locationId, named, withLoop);
}

/** The chargers' live state again: the charge points' state and (unless told not to) the loop's view. */
export async function refresh(locationId, known, withLoop = true) {
  const [chargers, control] = await Promise.all([
    api.get(path(locationId, 'chargers')),
    withLoop ? api.get(path(locationId, 'control')) : Promise.resolve(null),
  ]);
  const { devices, adapters } = known;
  return { devices, adapters, chargers: mergeChargers({ devices, adapters, chargers, control }), control };
}

/** A charger's name: its label in the address's list, else the name of the server's settings, else its kind. */
export function chargerName(charger) {
  if (charger.label) return charger.label;
  return charger.configured ? charger.device : t('settings.device.kind.EV_CHARGER');
}

/** The manual's status in the page's language ("Laden", "Chargement"), or "waiting" before a first reading. */
export function statusText(charger) {
  return charger.live ? t(`charger.status.${charger.live.status}`) : t('charger.waiting');
}

/** The status's class for its badge: starting, standby, connected, charging, paused, error, or waiting. */
export function statusClass(charger) {
  const status = charger.live?.status;
  return {
    STARTING: 'starting', STANDBY: 'standby', EV_CONNECTED: 'connected', CHARGING: 'charging', PAUSED: 'paused',
    ERROR: 'error',
  }[status] ?? 'waiting';
}

/** Why a charger shows an error, in words: the charge point's reason, else what the loop or its adapter said. */
export function problemText(charger) {
  const live = charger.live;
  if (live?.error) {
    const key = `charger.error.${live.error}`;
    const text = t(key, { detail: live.errorDetail ?? '' });
    return text === key ? live.error : text;
  }
  if (charger.problem) return t('charger.problem', { error: charger.problem });
  return '';
}
