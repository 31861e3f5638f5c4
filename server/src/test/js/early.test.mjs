// early.js: the dashboard's first questions must be the very paths the app asks later, or nobody takes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardMonths, shownMeter } from '../../main/resources/static/js/early.js';
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

test('the address shown: the one remembered while the account has it, else the first', () => {
  const meters = [{ id: 'home' }, { id: 'mum' }];
  assert.equal(shownMeter(meters, 'mum'), 'mum');
  assert.equal(shownMeter(meters, 'gone'), 'home');
  assert.equal(shownMeter(meters, null), 'home');
  assert.equal(shownMeter([], 'home'), null);
});
