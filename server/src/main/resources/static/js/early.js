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

// only in a page (the modules' unit tests import it in Node)
if (typeof window !== 'undefined') {
  ask('/api/session', (copy) => copy.json().then((answer) => {
    // asked only once someone is signed in, so that it is not refused; and not when the app has asked already
    if (answer?.account && !asked.has('/api/meters')) ask('/api/meters');
  }).catch(() => {}));
  if (LANGUAGES.includes(language)) ask(`i18n/${language}.json`);
}
