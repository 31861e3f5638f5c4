// The first questions to the server, asked as soon as the page has been read instead of once the app's thirty
// modules have loaded and run: who is signed in (and, when someone is, their addresses, asked the moment the
// answer says so), and the texts of the language this device used before. index.html loads this module on its
// own (async, it imports nothing); api.js and i18n.js take each answer once, in place of asking again.
const LANGUAGES = ['nl', 'fr', 'en'];
const asked = new Map();

const language = (() => {
  try {
    return localStorage.getItem('meterkast.language');
  } catch {
    return null;
  }
})();

/** Asks for path; seen (if given) reads a copy of the answer before anyone takes it. */
function ask(path, seen) {
  const headers = { Accept: 'application/json' };
  if (LANGUAGES.includes(language)) headers['Accept-Language'] = language;
  const response = fetch(path, { headers }).then((r) => {
    if (seen && r.ok) seen(r.clone());
    return r;
  });
  response.catch(() => {}); // whoever takes it sees the failure; not taken, it is no error of the page
  asked.set(path, response);
}

/** The answer to a request asked early, once (null when it was not asked, or was taken already). */
export function take(path) {
  const response = asked.get(path) ?? null;
  asked.set(path, undefined);
  return response;
}

/**
 * The months the dashboard lists, as api.js asks them: the last twelve, this one included, in Brussels time
 * ({ first: 'YYYY-MM', last: 'YYYY-MM' }); now is a Date.
 */
export function dashboardMonths(now) {
  const p = {};
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit' });
  for (const { type, value } of format.formatToParts(now)) p[type] = value;
  const year = Number(p.year);
  const month = Number(p.month);
  const back = new Date(Date.UTC(year, month - 1 - 11, 1));
  const first = `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}`;
  return { first, last: `${p.year}-${p.month}` };
}

/**
 * The address the app will show: the one this device showed last when the account still has it, else its first
 * (as app.js chooses); null without one.
 */
export function shownMeter(meters, remembered) {
  const ids = (meters ?? []).map((m) => m.id);
  return ids.includes(remembered) ? remembered : (ids[0] ?? null);
}

/**
 * The dashboard's own first questions, asked the moment the addresses are known rather than once the modules have
 * run: the live value, and the tariff, then (only with one, as the dashboard asks) the months' costs.
 */
function askDashboard(meters) {
  let remembered = null;
  try {
    remembered = localStorage.getItem('meterkast.meter');
  } catch {
    // no storage: the first address
  }
  const id = shownMeter(meters, remembered);
  const view = location.hash.replace(/^#/, '').split('/')[0];
  if (id === null || (view !== '' && view !== 'dashboard')) return;
  const meter = `/api/meters/${encodeURIComponent(id)}`;
  ask(`${meter}/latest`);
  ask(`${meter}/tariffs`, (copy) => copy.json().then((tariffs) => {
    const { first, last } = dashboardMonths(new Date());
    const months = `${meter}/costs/months?from=${first}&to=${last}`;
    if (tariffs?.versions?.length > 0 && !asked.has(months)) ask(months);
  }).catch(() => {}));
}

// only in a page (the modules' unit tests import it in Node)
if (typeof window !== 'undefined') {
  ask('/api/session', (copy) => copy.json().then((answer) => {
    // asked only once someone is signed in, so that it is not refused; and not when the app has asked already
    if (answer?.account && !asked.has('/api/meters')) {
      ask('/api/meters', (meters) => meters.json().then(askDashboard).catch(() => {}));
    }
  }).catch(() => {}));
  if (LANGUAGES.includes(language)) ask(`i18n/${language}.json`);
}
