// The address's surplus order (which of the car, the battery and the boiler gets the solar surplus first), as one
// card shown on the battery page and on the heat battery page: the card is moved into whichever page shows it, so
// its form, its buttons and its texts exist once. GET/PUT /api/locations/{id}/surplus-order.
import * as api from './api.js';
import { onSubmit } from './form.js';
import { t } from './i18n.js';
import { SURPLUS_LOADS, moveInOrder } from './storage.js';

const card = { locationId: null, run: 0, order: [...SURPLUS_LOADS], ready: false };

const path = () => `/api/locations/${encodeURIComponent(card.locationId)}/surplus-order`;

function init() {
  if (card.ready) return;
  card.ready = true;
  const form = document.getElementById('heat-surplus-form');
  form.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-move]');
    if (!button) return;
    const index = Number(button.dataset.index);
    card.order = moveInOrder(card.order, index, Number(button.dataset.move));
    showOrder(index + Number(button.dataset.move), button.dataset.move);
  });
  onSubmit(form, async () => {
    document.getElementById('heat-surplus-saved').textContent = '';
    const saved = await api.send('PUT', path(), { order: card.order });
    card.order = [...(saved?.order ?? card.order)];
    showOrder();
    document.getElementById('heat-surplus-saved').textContent = t('heatPage.surplus.saved');
  });
}

/** Moves the card to the end of {@code host} and shows the address's order; a 404 says it cannot be set here. */
export async function showSurplusOrder(host, locationId) {
  init();
  const run = ++card.run;
  card.locationId = locationId;
  const article = document.getElementById('heat-surplus-card');
  if (article.parentElement !== host) host.append(article);
  document.getElementById('heat-surplus-saved').textContent = '';
  const form = document.getElementById('heat-surplus-form');
  const unavailable = document.getElementById('heat-surplus-unavailable');
  try {
    const saved = await api.get(path());
    if (run !== card.run) return;
    card.order = [...(saved?.order ?? SURPLUS_LOADS)];
    form.hidden = false;
    unavailable.hidden = true;
    showOrder();
  } catch (e) {
    if (e.status !== 404) throw e;
    form.hidden = true;
    unavailable.hidden = false;
  }
}

/** The surplus order as a list, each with buttons to move it up and down; the focus follows a moved load. */
function showOrder(focusIndex = null, direction = null) {
  const list = document.getElementById('heat-surplus-order');
  list.replaceChildren(...card.order.map((load, i) => {
    const li = document.createElement('li');
    li.dataset.load = load;
    const name = document.createElement('span');
    const what = t(`heatPage.surplus.${load}`);
    name.textContent = what;
    const up = document.createElement('button');
    up.type = 'button';
    up.className = 'secondary';
    up.dataset.move = '-1';
    up.dataset.index = String(i);
    up.textContent = '\u2191';
    up.setAttribute('aria-label', t('heatPage.surplus.up', { what }));
    up.disabled = i === 0;
    const down = document.createElement('button');
    down.type = 'button';
    down.className = 'secondary';
    down.dataset.move = '1';
    down.dataset.index = String(i);
    down.textContent = '\u2193';
    down.setAttribute('aria-label', t('heatPage.surplus.down', { what }));
    down.disabled = i === card.order.length - 1;
    li.append(name, up, down);
    return li;
  }));
  if (focusIndex !== null) {
    const again = list.querySelector(`button[data-index="${focusIndex}"][data-move="${direction}"]:not(:disabled)`)
      ?? list.querySelector(`button[data-index="${focusIndex}"]:not(:disabled)`);
    again?.focus();
  }
}
