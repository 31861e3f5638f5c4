// The server's JSON API; every call names the meter it asks about.
async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error(`${path}: ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

const meter = (id) => `/api/meters/${encodeURIComponent(id)}`;

export const meters = () => get('/api/meters');
export const latest = (id) => get(`${meter(id)}/latest`);
export const buckets = (id, size, from, to) =>
  get(`${meter(id)}/buckets?size=${size}&from=${from.toISOString()}&to=${to.toISOString()}`);
export const monthCosts = (id, from, to) => get(`${meter(id)}/costs/months?from=${from}&to=${to}`);
export const bill = (id, from, to) => get(`${meter(id)}/bill?from=${from}&to=${to}`);
export const liveUrl = (id) => `${meter(id)}/live`;

/** Offtake and injection in Wh of one bucket, day and night together. */
export function energyOf(bucket) {
  const e = bucket.energy;
  return { offtake: e.importDay + e.importNight, injection: e.exportDay + e.exportNight };
}
