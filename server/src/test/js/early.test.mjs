// early.js: the dashboard's first questions must be the very paths the app asks later, or nobody takes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../main/resources/static/js/api.js';
import { answersOf, dashboardMonths } from '../../main/resources/static/js/early.js';
import { addMonths, today } from '../../main/resources/static/js/time.js';

test('the twelve months the dashboard lists, counted in Brussels time', () => {
  // 31 December 23:30 UTC is already 1 January in Brussels: the year turns there, not in UTC
  assert.deepEqual(dashboardMonths(new Date('2026-12-31T23:30:00Z')), { first: '2026-02', last: '2027-01' });
  assert.deepEqual(dashboardMonths(new Date('2026-12-07T04:00:00Z')), { first: '2026-01', last: '2026-12' });
  assert.deepEqual(dashboardMonths(new Date('2027-03-31T21:59:00Z')), { first: '2026-04', last: '2027-03' });
});

test('the same months as the dashboard asks today', () => {
  // dashboard.js: thisMonth = today().slice(0, 7), first = addMonths(`${thisMonth}-01`, -11).slice(0, 7)
  const thisMonth = today().slice(0, 7);
  assert.deepEqual(dashboardMonths(new Date()), { first: addMonths(`${thisMonth}-01`, -11).slice(0, 7), last: thisMonth });
});

/** The paths api.js fetches for the calls given, each answered with an empty 200. */
async function pathsAsked(calls) {
  const asked = [];
  const real = globalThis.fetch;
  globalThis.fetch = async (path) => {
    asked.push(path);
    return new Response('{}', { status: 200 });
  };
  try {
    for (const call of calls) await call();
  } finally {
    globalThis.fetch = real;
  }
  return asked;
}

test("/api/start's parts are kept under the very paths the app asks them by", async () => {
  const months = { first: '2026-01', last: '2026-12' };
  const start = {
    session: { account: { id: 1 } },
    meters: [{ id: 'home 2' }],
    dashboard: { meter: 'home 2', latest: { netW: 5 }, tariffs: { versions: [{}] }, months: [{ month: '2026-12' }] },
  };
  const answers = answersOf(start, months);
  const asked = await pathsAsked([
    api.session, api.meters, () => api.latest('home 2'), () => api.tariffs('home 2'),
    () => api.monthCosts('home 2', months.first, months.last),
  ]);
  assert.deepEqual(answers.map(([path]) => path), asked);
  assert.deepEqual(answers.map(([, body]) => body),
    [start.session, start.meters, start.dashboard.latest, start.dashboard.tariffs, start.dashboard.months]);
});

test('a part the server left out is not kept: the app asks for it itself', () => {
  const months = { first: '2026-01', last: '2026-12' };
  // nobody signed in: the session only
  assert.deepEqual(answersOf({ session: { account: null }, meters: null, dashboard: null }, months).map(([p]) => p),
    ['/api/session']);
  // no tariff, so no months; a meter that has sent nothing: /latest's 204, kept as null
  const answers = answersOf({
    session: {}, meters: [{ id: 'm' }], dashboard: { meter: 'm', latest: null, tariffs: { versions: [] }, months: null },
  }, months);
  assert.deepEqual(answers, [
    ['/api/session', {}], ['/api/meters', [{ id: 'm' }]], ['/api/meters/m/latest', null],
    ['/api/meters/m/tariffs', { versions: [] }]]);
});
