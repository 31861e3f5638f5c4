// The first questions to the server, asked as soon as the page has been read instead of once the app's modules
// have loaded and run: who is signed in, the account's addresses and the dashboard's first figures, all in one
// question (/api/start) rather than a chain of four, each waiting for the last and for the page's busy thread; and
// the texts of the language this device used before. index.html loads this module on its own (async, it imports
// nothing); api.js and i18n.js take each answer once, in place of asking again.
const LANGUAGES = ['nl', 'fr', 'en'];
/** An answer not taken within this time is left: the app asks afresh rather than show old figures. */
const FRESH_MS = 30_000;
const asked = new Map();
const bodies = new Map();

const language = (() => {
  try {
    return localStorage.getItem('meterkast.language');
  } catch {
    return null;
  }
})();

function headers() {
  const h = { Accept: 'application/json' };
  if (LANGUAGES.includes(language)) h['Accept-Language'] = language;
  return h;
}

/** Keeps an answer (a promise of a Response) for whoever asks path first. */
function keep(path, response) {
  response.catch(() => {}); // whoever takes it sees the failure; not taken, it is no error of the page
  asked.set(path, { response, at: Date.now() });
}

/** The answer to a request asked early, once (null when it was not asked, was taken already, or is old). */
export function take(path) {
  const kept = asked.get(path);
  asked.delete(path);
  return kept && Date.now() - kept.at < FRESH_MS ? kept.response : null;
}

/**
 * The body of an answer that came within /api/start's, once (null for a 204), or undefined when there is none: it is
 * taken as it is, without a Response to read again (reading one is asynchronous: another wait on the page's thread).
 */
export function takeBody(path) {
  const kept = bodies.get(path);
  bodies.delete(path);
  return kept && Date.now() - kept.at < FRESH_MS ? kept.body : undefined;
}

/**
 * The answers in /api/start's answer, each under the path the app asks it by (api.js's paths), as [path, body]:
 * the session always; the addresses when someone is signed in; for the dashboard, the live value (null: none yet,
 * that endpoint's 204), the tariff and, when the server could make them, the months' costs, under the months it
 * counted (the dashboard's last twelve in Brussels: should the device's clock count others, nobody takes them and
 * the dashboard asks its own).
 */
export function answersOf(start) {
  const answers = [['/api/session', start.session]];
  if (start.meters) answers.push(['/api/meters', start.meters]);
  const figures = start.dashboard;
  if (figures) {
    const meter = `/api/meters/${encodeURIComponent(figures.meter)}`;
    answers.push([`${meter}/latest`, figures.latest ?? null], [`${meter}/tariffs`, figures.tariffs]);
    if (figures.months) answers.push([`${meter}/costs/months?from=${figures.from}&to=${figures.to}`, figures.months]);
  }
  return answers;
}

/** A body as the server would have answered it: JSON. */
function response(body) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

/**
 * The app's first questions in one (/api/start), asked at once: the session, the addresses and, when the dashboard is
 * the page opened, its first figures for the address this device showed last (the server picks the account's first
 * when that one is gone, as app.js does) and its last twelve months, counted by the server: the page's first use of
 * the time zone's rules (Intl) costs tens of milliseconds, which the question need not wait for. Without that answer
 * the session is asked on its own, and the rest by the app as it goes.
 */
function askStart() {
  let remembered = null;
  try {
    remembered = localStorage.getItem('meterkast.meter');
  } catch {
    // no storage: the account's first address
  }
  const view = location.hash.replace(/^#/, '').split('/')[0];
  const query = new URLSearchParams();
  if (remembered) query.set('meter', remembered);
  if (view === '' || view === 'dashboard') query.set('months', '12');
  const answer = fetch(`/api/start?${query}`, { headers: headers() })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`/api/start: ${r.status}`))));
  // the other answers are in place before anyone reads the session, so that whoever asks next finds them
  answer.then((start) => {
    for (const [path, body] of answersOf(start)) {
      if (path !== '/api/session') bodies.set(path, { body, at: Date.now() });
    }
  }, () => {});
  keep('/api/session', answer.then((start) => response(start.session),
    () => fetch('/api/session', { headers: headers() })));
}

// only in a page (the modules' unit tests import it in Node)
if (typeof window !== 'undefined') {
  askStart();
  if (LANGUAGES.includes(language)) {
    keep(`i18n/${language}.json`, fetch(`i18n/${language}.json`, { headers: headers() }));
  }
}
