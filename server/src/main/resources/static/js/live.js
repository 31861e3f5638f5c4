// The app's one live stream (/live, server-sent events): the meter's telegrams and its inverter's readings. Every
// view that follows them (the dashboard, the meter and capacity pages, the Prepaid gauge) listens here, and the
// stream follows the address chosen, so a page never holds two connections to the same stream. The last summary is
// kept, so a view opened later shows it at once. EventSource reconnects by itself when a stream ends (the server
// ends each after a while); when the server refuses one (too many streams open: 429 or 503), it does not, so the
// stream is opened again later, a little later each time, and the latest values are fetched meanwhile.
import * as api from './api.js';

let source = null;
let followed = null;
let last = null;
let retry = null;
let retryDelay = 0;
const FIRST_RETRY_MS = 30_000;
const LAST_RETRY_MS = 300_000;
const listeners = new Set();
const solarListeners = new Set();

/**
 * Follows the meter's stream (closing another meter's) and calls listener, once registered however often it is
 * passed, with every telegram's summary, starting with the latest one known.
 */
export function follow(meterId, listener) {
  if (followed !== meterId) {
    stop();
    followed = meterId;
    open(meterId);
    // 204 (null) while the meter has sent nothing: an address without a live source
    api.latest(meterId).then((summary) => { if (summary && followed === meterId && !last) tell(summary); }, () => {});
  }
  if (listener) {
    listeners.add(listener);
    if (last) listener(last);
  }
}

/** Opens the meter's stream, and opens it again later if the server refuses it. */
function open(meterId) {
  const stream = new EventSource(api.liveUrl(meterId));
  source = stream;
  stream.addEventListener('open', () => { retryDelay = 0; });
  stream.addEventListener('telegram', (event) => tell(JSON.parse(event.data)));
  stream.addEventListener('solar', (event) => {
    const reading = JSON.parse(event.data);
    for (const l of solarListeners) l(reading);
  });
  stream.addEventListener('error', () => {
    // CONNECTING: the browser tries again by itself; CLOSED: an error answer, after which it never does
    if (stream.readyState !== EventSource.CLOSED || source !== stream) return;
    source = null;
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : FIRST_RETRY_MS, LAST_RETRY_MS);
    retry = setTimeout(() => {
      retry = null;
      if (followed !== meterId) return;
      api.latest(meterId).then((summary) => { if (summary && followed === meterId) tell(summary); }, () => {});
      open(meterId);
    }, retryDelay);
  });
}

/**
 * A page left for another is kept a while by the browser (its back/forward cache), and would keep its stream open:
 * the browser opens at most six connections to a server, so a few pages left would hold them all and the next page's
 * requests would wait. The stream is closed when the page is left, and opened again if it is shown again.
 */
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    source?.close();
    source = null;
    clearTimeout(retry);
    retry = null;
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted || !followed || source) return;
    const meterId = followed;
    api.latest(meterId).then((summary) => { if (summary && followed === meterId) tell(summary); }, () => {});
    open(meterId);
  });
}

/** Calls listener with each reading of the followed meter's inverter, { time, watts }. */
export function followSolar(listener) {
  solarListeners.add(listener);
}

/** Closes the stream (signed out, or before another meter's) and forgets its last summary. */
export function stop() {
  source?.close();
  source = null;
  clearTimeout(retry);
  retry = null;
  retryDelay = 0;
  followed = null;
  last = null;
}

/** The last summary received, or null. */
export function latest() {
  return last;
}

function tell(summary) {
  last = summary;
  for (const listener of listeners) listener(summary);
}
