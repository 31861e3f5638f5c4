// The app's one live stream (/live, server-sent events): the meter's telegrams and its inverter's readings. Every
// view that follows them (the dashboard, the meter and capacity pages, the Prepaid gauge) listens here, and the
// stream follows the address chosen, so a page never holds two connections to the same stream. The last summary is
// kept, so a view opened later shows it at once. EventSource reconnects by itself.
import * as api from './api.js';

let source = null;
let followed = null;
let last = null;
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
    source = new EventSource(api.liveUrl(meterId));
    source.addEventListener('telegram', (event) => tell(JSON.parse(event.data)));
    source.addEventListener('solar', (event) => {
      const reading = JSON.parse(event.data);
      for (const l of solarListeners) l(reading);
    });
    api.latest(meterId).then((summary) => { if (followed === meterId && !last) tell(summary); }, () => {});
  }
  if (listener) {
    listeners.add(listener);
    if (last) listener(last);
  }
}

/** Calls listener with each reading of the followed meter's inverter, { time, watts }. */
export function followSolar(listener) {
  solarListeners.add(listener);
}

/** Closes the stream (signed out, or before another meter's) and forgets its last summary. */
export function stop() {
  source?.close();
  source = null;
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
