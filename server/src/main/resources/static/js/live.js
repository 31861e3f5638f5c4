// One live stream per page for the views that follow every telegram (the meter and capacity pages): the last
// summary is kept, so a view opened later shows it at once. EventSource reconnects by itself.
import * as api from './api.js';

let source = null;
let followed = null;
let last = null;
const listeners = new Set();

/** Calls listener with every telegram's summary of the meter, starting with the latest one known. */
export function follow(meterId, listener) {
  listeners.add(listener);
  if (followed !== meterId) {
    if (source) source.close();
    followed = meterId;
    last = null;
    source = new EventSource(api.liveUrl(meterId));
    source.addEventListener('telegram', (event) => tell(JSON.parse(event.data)));
    api.latest(meterId).then((summary) => { if (!last) tell(summary); }, () => {});
  }
  if (last) listener(last);
}

/** The last summary received, or null. */
export function latest() {
  return last;
}

function tell(summary) {
  last = summary;
  for (const listener of listeners) listener(summary);
}
