// The server's JSON API; every call names the meter it asks about.
import { take, takeBody } from './early.js';
import { currentLanguage } from './i18n.js';

let onSignedOut = () => {};

/** What to do when the server answers 401: the session ended (logged out elsewhere, expired, server restarted). */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

// the server words its errors in the language the app shows, not the browser's
const baseHeaders = () => ({ Accept: 'application/json', 'Accept-Language': currentLanguage() });

/** A GET; the answer asked while the page loaded (early.js) when there is one. */
export async function get(path) {
  const body = takeBody(path);
  if (body !== undefined) return body;
  const response = await (take(path) ?? fetch(path, { headers: baseHeaders() }));
  return answer(path, response);
}

/**
 * A POST, PUT or DELETE with a JSON body (or FormData as is). The session's CSRF token goes along as the
 * X-XSRF-TOKEN header, read from the XSRF-TOKEN cookie the server sets.
 */
export async function send(method, path, body) {
  const headers = baseHeaders();
  const token = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  if (token) headers['X-XSRF-TOKEN'] = decodeURIComponent(token.slice('XSRF-TOKEN='.length));
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  return answer(path, response);
}

/** The JSON of a good answer (null when empty); otherwise an Error with the status and the server's message. */
async function answer(path, response) {
  if (!response.ok) {
    // a wrong password at login is the login form's own error, not a lost session
    if (response.status === 401 && path !== '/api/account/login') onSignedOut();
    const error = new Error(`${path}: ${response.status}`);
    error.status = response.status;
    error.body = await response.json().catch(() => null);
    throw error;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const meter = (id) => `/api/meters/${encodeURIComponent(id)}`;

export const meters = () => get('/api/meters');
export const meterPath = meter;
export const latest = (id) => get(`${meter(id)}/latest`);
export const buckets = (id, size, from, to) =>
  get(`${meter(id)}/buckets?size=${size}&from=${from.toISOString()}&to=${to.toISOString()}`);
export const monthCosts = (id, from, to) => get(`${meter(id)}/costs/months?from=${from}&to=${to}`);
export const bill = (id, from, to) => get(`${meter(id)}/bill?from=${from}&to=${to}`);
export const session = () => get('/api/session');
export const tariffs = (id) => get(`${meter(id)}/tariffs`);
export const location = (id) => get(`/api/locations/${encodeURIComponent(id)}`);
export const devices = (id) => get(`/api/locations/${encodeURIComponent(id)}/devices`);
export const liveUrl = (id) => `${meter(id)}/live`;

/** Offtake and injection in Wh of one bucket, day and night together, and its solar production (or null). */
export function energyOf(bucket) {
  const e = bucket.energy;
  return {
    offtake: e.importDay + e.importNight,
    injection: e.exportDay + e.exportNight,
    production: bucket.productionWh ?? null,
  };
}

/**
 * The server's own words for a refused request (the problem detail's detail, in the app's language), or null when it
 * gave none (network down, a proxy's error page).
 */
export function problem(error) {
  return error?.body?.detail ?? error?.body?.error ?? null;
}
