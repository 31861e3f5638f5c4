// The web app's entry: asks who is signed in, picks the language and the address, then shows the view the
// address names: #<view>/<more>, e.g. #dashboard or #overview/<day|week|month|year>/<YYYY-MM-DD>, so a page can
// be linked. Each view is a module with render(meterId, ...rest) and optionally init(navigate); it owns the
// <section class="view" id="<view>"> of index.html and the nav link id="nav-<view>".
// Nobody signed in: only the sign-in views (login, register, forgot, reset) are shown, and any other address
// leads to the login; a 401 from any later call leads there too.
import * as api from './js/api.js';
import * as dashboard from './js/dashboard.js';
import {
  currentLanguage, initialLanguage, rememberLanguage, storedLanguage, t, useLanguage,
} from './js/i18n.js';
import { showPlaceName, unscroll } from './js/place-name.js';
import { connect, session } from './js/session.js';
import * as tabbar from './js/tabbar.js';

// The dashboard comes with the app; every other view is loaded the first time it is shown (and all of them once the
// first view has its figures), so that a start reads and runs only what the dashboard needs.
const VIEWS = {
  dashboard: () => Promise.resolve(dashboard),
  overview: () => import('./js/overview.js'),
  meter: () => import('./js/meter.js'),
  capacity: () => import('./js/capacity.js'),
  advice: () => import('./js/advice.js'),
  charger: () => import('./js/charger.js'),
  battery: () => import('./js/battery.js'),
  heat: () => import('./js/heat.js'),
  prepaid: () => import('./js/prepaid.js'),
  'prepaid-help': () => import('./js/prepaid-help.js'),
  notifications: () => import('./js/notifications.js'),
  login: () => import('./js/login.js'),
  register: () => import('./js/register.js'),
  forgot: () => import('./js/forgot.js'),
  reset: () => import('./js/reset.js'),
  verify: () => import('./js/verify.js'),
  settings: () => import('./js/settings.js'),
  'add-address': () => import('./js/add-address.js'),
  help: () => import('./js/help.js'),
  fleet: () => import('./js/fleet.js'),
};
const loaded = new Map();

/** The view's module, loaded and given its init(navigate) the first time. */
function viewModule(name) {
  if (!loaded.has(name)) {
    loaded.set(name, VIEWS[name]().then((view) => {
      view.init?.((...rest) => { location.hash = `#${[name, ...rest].join('/')}`; });
      return view;
    }));
  }
  return loaded.get(name);
}

/** Every view, loaded while nothing else happens, so that the next page opens at once. */
function loadTheOtherViews() {
  const later = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 200));
  later(() => {
    for (const name of Object.keys(VIEWS)) viewModule(name).catch((e) => console.warn(e));
  });
}

/** The views of someone not signed in; a signed-in user asking for one goes to the dashboard. */
const SIGN_IN = new Set(['login', 'register', 'forgot', 'reset', 'verify']);
/** The views that need no meter: a new account has no address yet, a fleet's operator may have none. */
const WITHOUT_METER = new Set(['add-address', 'settings', 'help', 'fleet']);
/** The views the address switcher shows above. */
const WITH_PLACES = new Set(['dashboard', 'overview']);
const METER = 'meterkast.meter';

let meterId = null;
let started = false;
let viewShown = null;
/** Settles once the first view has rendered (or failed to): what is not on the first view's path waits for it. */
let firstViewShown;
const firstView = new Promise((resolve) => { firstViewShown = resolve; });

function route() {
  const [view, ...rest] = location.hash.replace(/^#/, '').split('/');
  const first = session.account ? 'dashboard' : 'login';
  return { view: view in VIEWS ? view : first, rest };
}

/** Shows the view of hash; when it is the one in the address already, the promise ends once it has rendered. */
function go(hash) {
  if (location.hash === hash) return show();
  location.hash = hash;
  return Promise.resolve();
}

function selectView() {
  const { view, rest } = route();
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== view;
  for (const link of document.querySelectorAll('.bar nav a')) {
    link.classList.toggle('active', link.id === `nav-${view}`);
  }
  document.getElementById('nav-profile').classList.toggle('active', view === 'settings' && rest[0] === 'account');
  tabbar.select(view);
  document.body.dataset.signedIn = String(Boolean(session.account));
  document.getElementById('places').hidden = !(session.account && meterId && WITH_PLACES.has(view));
}

async function show() {
  if (!started) return;
  const { view, rest } = route();
  if (!session.account && !SIGN_IN.has(view)) return go('#login');
  // a reset or verification link opened while signed in still does its work
  if (session.account && SIGN_IN.has(view) && view !== 'reset' && view !== 'verify') return go('#dashboard');
  if (session.account && !meterId && !WITHOUT_METER.has(view)) return go('#add-address');
  selectView();
  showPlaceName(meterId);
  // another page opens at its top, with the menu in sight (see place-name.js)
  const another = view !== viewShown;
  viewShown = view;
  if (another) unscroll(view, true);
  try {
    hideError();
    await (await viewModule(view)).render(meterId, ...rest);
    if (another) unscroll(view, false);
  } catch (e) {
    if (e.status === 401) return;
    showError(api.problem(e) ?? t('error.load'), e);
  } finally {
    firstViewShown();
  }
}

function showError(text, cause) {
  const box = document.getElementById('error');
  box.textContent = text;
  // a cost asked of an address without a tariff (409): a link to the settings, where the tariff form is
  if (cause?.status === 409 && /\/(bill|costs|capacity)/.test(cause.message) && meterId) {
    const place = session.meters.find((m) => m.id === meterId);
    const link = document.createElement('a');
    link.href = place?.location !== undefined ? `#settings/${place.location}` : '#settings';
    link.textContent = t('tariff.enterLink');
    box.append(' ', link);
  }
  box.hidden = false;
  if (cause && cause.status !== 409) console.error(cause);
}

function hideError() {
  document.getElementById('error').hidden = true;
}

/** The account's addresses in the switcher; the meter remembered, else the one named, else the first. */
async function loadMeters(wanted) {
  session.meters = await api.meters();
  const ids = session.meters.map((m) => m.id);
  const remembered = localStorage.getItem(METER);
  meterId = ids.includes(wanted) ? wanted : ids.includes(remembered) ? remembered : (ids[0] ?? null);
  const select = document.getElementById('place');
  select.replaceChildren(...session.meters.map((m) => {
    const option = document.createElement('option');
    option.value = m.id;
    option.textContent = m.locationName;
    return option;
  }));
  if (meterId) {
    select.value = meterId;
    localStorage.setItem(METER, meterId);
    const place = session.meters.find((m) => m.id === meterId);
    document.getElementById('place-settings').href = `#settings/${place.location}`;
    dashboard.startLive(meterId);
  } else {
    dashboard.stopLive();
  }
  // the Prepaid page is in the menu of a Prepaid household only
  // the Prepaid menu entry after the first view: its module and question are not on that view's path
  const offered = meterId;
  firstView.then(() => viewModule('prepaid')).then((prepaid) => prepaid.offer(offered), (e) => console.warn(e));
}

async function signedIn(account) {
  session.account = account;
  // the fleet's page is in the menu of an administrator only (the API refuses it to anyone else)
  document.getElementById('nav-fleet').hidden = !account.administrator;
  if (account.language && account.language !== currentLanguage()) {
    await useLanguage(account.language, true);
    document.getElementById('language').value = account.language;
  } else if (account.language) {
    rememberLanguage(account.language); // so that the next start asks for its texts at once (early.js)
  }
  await loadMeters();
  const { view } = route();
  // an operator without an address of their own stays on the fleet's page
  if (!meterId && view === 'fleet' && account.administrator) return go(location.hash);
  await go(!meterId ? '#add-address' : SIGN_IN.has(view) ? '#dashboard' : location.hash || '#dashboard');
}

async function signedOut() {
  if (!session.account && !meterId) return;
  session.account = null;
  session.meters = [];
  meterId = null;
  document.getElementById('nav-fleet').hidden = true;
  dashboard.stopLive();
  const { view } = route();
  if (!SIGN_IN.has(view)) go('#login');
  else selectView();
}

async function start() {
  // who is signed in is asked at once, while the texts load
  const asked = api.session().then((answer) => ({ answer }), (error) => ({ error }));
  // the right view at once, before the texts and the meter have loaded
  selectView();
  const select = document.getElementById('language');
  // a device without a language of its own waits for the session: a signed-in account's language is then loaded
  // instead of the browser's, rather than after it
  const stored = storedLanguage();
  const first = stored ?? (await asked).answer?.account?.language ?? initialLanguage();
  await useLanguage(first, false);
  select.value = currentLanguage();
  select.addEventListener('change', async () => {
    await useLanguage(select.value, true);
    // the account keeps its language, for its e-mails and for the next device it signs in on
    if (session.account) {
      session.account = await api.send('PUT', '/api/account', { language: select.value }).catch(() => session.account);
    }
    await show();
  });
  document.getElementById('place').addEventListener('change', async (e) => {
    await loadMeters(e.target.value);
    await show();
  });

  // the profile (a link) and logging out stay at the top right on every page, with or without an address
  document.getElementById('header-logout').addEventListener('click', async () => {
    await api.send('POST', '/api/account/logout').catch(() => null);
    await signedOut();
  });
  connect({ signedIn, signedOut, reloadMeters: async (wanted) => loadMeters(wanted) });
  api.whenSignedOut(signedOut);
  tabbar.init();
  window.addEventListener('hashchange', show);
  // the browser's own scroll to the fragment's section comes when the page has loaded
  window.addEventListener('load', () => unscroll(route().view, false));

  try {
    const { answer, error } = await asked;
    if (error) throw error;
    session.providers = answer.providers ?? [];
    session.registration = answer.registration ?? 'open';
    started = true;
    if (answer.account) await signedIn(answer.account);
    else await show();
  } catch (e) {
    showError(t('error.load'), e);
  }
}

// the other views and the service worker once the first view has its figures (start() ends when it has rendered),
// or after a few seconds whatever happened: installing the worker fetches the whole shell (ECharts' 1 MB too), and
// reading the views takes the page's one thread, either of which would otherwise hold up the first view's figures
const AT_THE_LATEST_MS = 5000;
Promise.race([start(), new Promise((resolve) => setTimeout(resolve, AT_THE_LATEST_MS))]).finally(() => {
  firstViewShown();
  loadTheOtherViews();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch((e) => console.warn(e));
});
