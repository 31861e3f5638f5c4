// early.js: the dashboard's first questions must be the very paths the app asks later, or nobody takes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../main/resources/static/js/api.js';
import { answersOf } from '../../main/resources/static/js/early.js';
import { addMonths, today } from '../../main/resources/static/js/time.js';

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
  // the months as dashboard.js counts them today; the server counts the same in Brussels (StartApiTest)
  const last = today().slice(0, 7);
  const first = addMonths(`${last}-01`, -11).slice(0, 7);
  const start = {
    session: { account: { id: 1 } },
    meters: [{ id: 'home 2' }],
    dashboard: {
      meter: 'home 2', latest: { netW: 5 }, tariffs: { versions: [{}] }, from: first, to: last,
      months: [{ month: last }],
    },
  };
  const answers = answersOf(start);
  const asked = await pathsAsked([
    api.session, api.meters, () => api.latest('home 2'), () => api.tariffs('home 2'),
    () => api.monthCosts('home 2', first, last),
  ]);
  assert.deepEqual(answers.map(([path]) => path), asked);
  assert.deepEqual(answers.map(([, body]) => body),
    [start.session, start.meters, start.dashboard.latest, start.dashboard.tariffs, start.dashboard.months]);
});

test('a part the server left out is not kept: the app asks for it itself', () => {
  // nobody signed in: the session only
  assert.deepEqual(answersOf({ session: { account: null }, meters: null, dashboard: null }).map(([p]) => p),
    ['/api/session']);
  // no tariff, so no months; a meter that has sent nothing: /latest's 204, kept as null
  const answers = answersOf({
    session: {}, meters: [{ id: 'm' }],
    dashboard: { meter: 'm', latest: null, tariffs: { versions: [] }, from: '2026-01', to: '2026-12', months: null },
  });
  assert.deepEqual(answers, [
    ['/api/session', {}], ['/api/meters', [{ id: 'm' }]], ['/api/meters/m/latest', null],
    ['/api/meters/m/tariffs', { versions: [] }]]);
});
