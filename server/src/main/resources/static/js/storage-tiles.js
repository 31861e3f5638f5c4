// The dashboard's tiles of the address's home batteries and heat batteries, as the iLusmart app shows them: a battery
// with its state of charge and status (charging, discharging, standby), a heat battery with its current temperature
// and status, each opening its page; asked again every few seconds while the dashboard is shown. A battery or heat
// battery of the address's list that Meterkast does not reach keeps "installed; no live connection yet".
import * as api from './api.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { statusClass, storageDevices } from './storage.js';

const POLL_MS = 5000;
let poll = null;

const path = (locationId, rest) => `/api/locations/${encodeURIComponent(locationId)}/${rest}`;

/**
 * The tiles of the address's batteries and heat batteries, in that order; their live figures follow every few
 * seconds while `current()` holds and the dashboard is shown.
 */
export async function storageTiles(locationId, devices, current) {
  if (poll) clearInterval(poll);
  poll = null;
  const wanted = devices.some((d) => d.kind === 'BATTERY' || d.kind === 'HEAT_BATTERY');
  const [batteries, boilers] = await Promise.all([
    api.get(path(locationId, 'batteries')).catch((e) => (wanted ? Promise.reject(e) : [])),
    api.get(path(locationId, 'boilers')).catch((e) => (wanted ? Promise.reject(e) : [])),
  ]);
  const all = [
    ...storageDevices('BATTERY', { devices, running: batteries }),
    ...storageDevices('HEAT_BATTERY', { devices, running: boilers }),
  ];
  const tiles = all.map(tile);
  if (all.some((d) => d.device)) {
    const timer = setInterval(async () => {
      if (!current() || document.getElementById('dashboard').hidden) {
        clearInterval(timer);
        return;
      }
      if (document.hidden) return;
      try {
        const [b, h] = await Promise.all([api.get(path(locationId, 'batteries')), api.get(path(locationId, 'boilers'))]);
        if (!current()) return;
        for (const live of [...b, ...h]) {
          const kind = b.includes(live) ? 'BATTERY' : 'HEAT_BATTERY';
          const shown = document.querySelector(`#modules [data-kind="${kind}"][data-device="${CSS.escape(live.device)}"]`);
          if (shown) showState(shown, kind, live);
        }
      } catch {
        // the next poll tries again; a lost session is handled by api.js
      }
    }, POLL_MS);
    poll = timer;
  }
  return tiles;
}

function title(text) {
  const h = document.createElement('h3');
  h.textContent = text;
  return h;
}

function tile(d) {
  const name = d.label || t(`settings.device.kind.${d.kind}`);
  if (!d.device) {
    const box = document.createElement('article');
    box.className = 'card tile';
    box.dataset.kind = d.kind;
    const status = document.createElement('p');
    status.className = 'tile-status';
    status.textContent = t('modules.notConnected');
    const since = document.createElement('p');
    since.className = 'hint';
    if (d.activeSince) {
      since.textContent = t('modules.since', {
        date: format.date(d.activeSince, { day: 'numeric', month: 'long', year: 'numeric' }),
      });
    }
    box.append(title(name), status, since);
    return box;
  }
  const battery = d.kind === 'BATTERY';
  const box = document.createElement('a');
  box.className = 'card tile storage-tile';
  box.href = `#${battery ? 'battery' : 'heat'}/${encodeURIComponent(d.device)}`;
  box.dataset.kind = d.kind;
  box.dataset.device = d.device;
  const state = document.createElement('p');
  state.className = 'tile-status';
  const figure = document.createElement('span');
  figure.className = 'tile-power';
  figure.dataset.field = battery ? 'soc' : 'temperature';
  const badge = document.createElement('span');
  badge.className = 'status-badge';
  badge.dataset.field = 'status';
  state.append(figure, ' ', badge);
  const more = document.createElement('p');
  more.className = 'hint';
  more.textContent = t(battery ? 'storageTile.battery.open' : 'storageTile.heat.open');
  box.append(title(name), state, more);
  showState(box, d.kind, d.live);
  return box;
}

/** The tile's figure (the charge, or the temperature) and its status by the manual's names. */
function showState(box, kind, live) {
  const reading = live?.reading ?? null;
  const battery = kind === 'BATTERY';
  const figure = box.querySelector(`[data-field=${battery ? 'soc' : 'temperature'}]`);
  const badge = box.querySelector('[data-field=status]');
  if (!figure || !badge) return;
  box.dataset.status = reading?.status ?? '';
  if (!reading) {
    figure.textContent = '';
    badge.textContent = t('storageTile.waiting');
    badge.className = 'status-badge waiting';
    return;
  }
  if (battery) {
    figure.textContent = t('storageTile.soc', {
      soc: new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(reading.socPercent / 100),
    });
  } else {
    figure.textContent = reading.temperatureC === null ? ''
      : `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(reading.temperatureC)}\u00a0°C`;
  }
  badge.textContent = t(`${battery ? 'batteryPage' : 'heatPage'}.status.${reading.status}`);
  badge.className = `status-badge ${statusClass(reading.status)}`;
}
