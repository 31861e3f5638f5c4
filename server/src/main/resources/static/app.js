// The web app's entry: picks the language and the meter, then shows the view the address names:
// #<view>/<more>, e.g. #dashboard or #overview/<day|week|month|year>/<YYYY-MM-DD>, so a page can be linked.
// Each view is a module with render(meterId, ...rest) and optionally init(navigate); it owns the
// <section class="view" id="<view>"> of index.html and the nav link id="nav-<view>".
import * as api from './js/api.js';
import * as capacity from './js/capacity.js';
import * as dashboard from './js/dashboard.js';
import { currentLanguage, initialLanguage, t, useLanguage } from './js/i18n.js';
import * as meter from './js/meter.js';
import * as overview from './js/overview.js';
import * as notifications from './js/notifications.js';
import * as prepaid from './js/prepaid.js';
import * as prepaidHelp from './js/prepaid-help.js';

const VIEWS = { dashboard, overview, meter, capacity, prepaid, 'prepaid-help': prepaidHelp, notifications };
const FIRST = 'dashboard';

let meterId = null;

function route() {
  const [view, ...rest] = location.hash.replace(/^#/, '').split('/');
  return { view: view in VIEWS ? view : FIRST, rest };
}

function selectView() {
  const { view } = route();
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== view;
  for (const link of document.querySelectorAll('.bar nav a')) {
    link.classList.toggle('active', link.id === `nav-${view}`);
  }
}

async function show() {
  selectView();
  const { view, rest } = route();
  if (!meterId) return;
  try {
    hideError();
    await VIEWS[view].render(meterId, ...rest);
  } catch (e) {
    showError('error.load', e);
  }
}

function showError(key, cause) {
  const box = document.getElementById('error');
  box.textContent = t(key);
  box.hidden = false;
  if (cause) console.error(cause);
}

function hideError() {
  document.getElementById('error').hidden = true;
}

async function start() {
  // the right view at once, before the texts and the meter have loaded
  selectView();
  const select = document.getElementById('language');
  await useLanguage(initialLanguage(), false);
  select.value = currentLanguage();
  select.addEventListener('change', async () => {
    await useLanguage(select.value, true);
    await show();
  });

  for (const [name, view] of Object.entries(VIEWS)) {
    view.init?.((...rest) => { location.hash = `#${[name, ...rest].join('/')}`; });
  }
  window.addEventListener('hashchange', show);

  const list = await api.meters().catch(() => []);
  if (list.length === 0) {
    showError('error.noMeter');
    return;
  }
  // the first meter for now; choosing among several comes with accounts
  meterId = list[0].id;
  dashboard.startLive(meterId);
  await show();
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch((e) => console.warn(e));
}
start();
