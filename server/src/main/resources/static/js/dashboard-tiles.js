// The dashboard's tiles, under the figures: a tile per battery, heat battery or EV charger of the address, in the
// order the iLusmart app shows them. Loaded once the figures are in (dashboard.js), so that the dashboard's first
// paint reads none of these modules.
import * as api from './api.js';
import { chargerName, chargersOf, refresh, statusClass, statusText } from './chargers.js';
import * as format from './format.js';
import { t } from './i18n.js';
import { session } from './session.js';

// The modules a household may have, in the order the iLusmart app shows their tiles.
const MODULES = ['BATTERY', 'HEAT_BATTERY', 'EV_CHARGER'];
const TILE_POLL_MS = 5000;
let tilePoll = null;

/**
 * A tile per battery, heat battery or EV charger of the address. A charger connected to Meterkast (it has an
 * adapter, entered in the settings or in the server's) shows its live status and power, asked again every few
 * seconds while the dashboard is shown, and opens the charger page; the other devices have no live connection yet,
 * and their tile says so rather than inventing a state.
 */
export async function showTiles(meterId, current) {
  if (tilePoll) clearInterval(tilePoll);
  tilePoll = null;
  const box = document.getElementById('modules');
  const here = session.meters.find((m) => m.id === meterId);
  if (!here) return;
  const devices = await api.devices(here.location);
  if (!current()) return;
  let known = await chargersOf(here.location, { devices });
  if (!current()) return;
  const others = devices.filter((d) => MODULES.includes(d.kind) && d.kind !== 'EV_CHARGER');
  // the batteries and heat batteries with their live state (storage-tiles.js), else as installed devices
  // (loaded here, after the figures, so that the dashboard's first paint does not wait for it)
  const storage = await import('./storage-tiles.js')
    .then(({ storageTiles }) => storageTiles(here.location, devices, current)).catch((e) => {
    console.warn(e);
    return others.map(deviceTile);
  });
  if (!current()) return;
  const tiles = [...storage, ...known.chargers.map(chargerTile)];
  box.replaceChildren(...tiles);
  box.hidden = tiles.length === 0;
  if (!known.chargers.some((c) => c.adapter)) return;
  const poll = setInterval(async () => {
    if (!current() || document.getElementById('dashboard').hidden) {
      clearInterval(poll);
      return;
    }
    if (document.hidden) return;
    try {
      known = await refresh(here.location, known);
    } catch {
      return; // the next poll tries again; a lost session is handled by api.js
    }
    if (!current()) return;
    for (const charger of known.chargers) {
      const tile = box.querySelector(`[data-device="${CSS.escape(charger.device)}"]`);
      if (tile) showChargerState(tile, charger);
    }
  }, TILE_POLL_MS);
  tilePoll = poll;
}

function tileTitle(text) {
  const title = document.createElement('h3');
  title.textContent = text;
  return title;
}

/** A battery or heat battery: no live connection yet. */
function deviceTile(d) {
  const tile = document.createElement('article');
  tile.className = 'card tile';
  tile.dataset.kind = d.kind;
  const status = document.createElement('p');
  status.className = 'tile-status';
  status.textContent = t('modules.notConnected');
  tile.append(tileTitle(d.label || t(`settings.device.kind.${d.kind}`)), status, since(d.activeSince));
  return tile;
}

function since(activeSince) {
  const line = document.createElement('p');
  line.className = 'hint';
  if (activeSince) {
    line.textContent = t('modules.since', {
      date: format.date(activeSince, { day: 'numeric', month: 'long', year: 'numeric' }),
    });
  }
  return line;
}

/** An EV charger: its status and power when Meterkast reaches it, opening the charger page. */
function chargerTile(charger) {
  if (!charger.adapter) {
    const tile = document.createElement('article');
    tile.className = 'card tile';
    tile.dataset.kind = 'EV_CHARGER';
    tile.dataset.device = charger.device;
    const status = document.createElement('p');
    status.className = 'tile-status';
    status.textContent = t('modules.notConnected');
    tile.append(tileTitle(chargerName(charger)), status);
    return tile;
  }
  const tile = document.createElement('a');
  tile.className = 'card tile charger-tile';
  tile.href = `#charger/${encodeURIComponent(charger.device)}`;
  tile.dataset.kind = 'EV_CHARGER';
  tile.dataset.device = charger.device;
  const state = document.createElement('p');
  state.className = 'tile-status';
  const badge = document.createElement('span');
  badge.className = 'status-badge';
  badge.dataset.field = 'status';
  const power = document.createElement('span');
  power.className = 'tile-power';
  power.dataset.field = 'power';
  state.append(badge, ' ', power);
  const more = document.createElement('p');
  more.className = 'hint';
  more.textContent = t('modules.charger.open');
  tile.append(tileTitle(chargerName(charger)), state, more);
  showChargerState(tile, charger);
  return tile;
}

function showChargerState(tile, charger) {
  const badge = tile.querySelector('[data-field=status]');
  if (!badge) return;
  badge.textContent = statusText(charger);
  badge.className = `status-badge ${statusClass(charger)}`;
  tile.dataset.status = charger.live?.status ?? '';
  tile.querySelector('[data-field=power]').textContent = charger.live ? format.kw(charger.live.powerWatts) : '';
}
