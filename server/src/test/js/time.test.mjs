// time.js: calendar dates in Brussels, where a day lasts 23, 24 or 25 hours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, addMonths, period, startOf, step, today, ZONE } from '../../main/resources/static/js/time.js';

test('the zone is Brussels', () => {
  assert.equal(ZONE, 'Europe/Brussels');
});

test('today is an ISO date of Brussels', () => {
  const expected = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  assert.match(today(), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(today(), expected);
});

test('adding days crosses months, years and leap days', () => {
  assert.equal(addDays('2026-01-31', 1), '2026-02-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  // the days around a change of clock are whole days too
  assert.equal(addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(addDays('2026-10-25', 1), '2026-10-26');
});

test('adding months lands on the first of the month', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-01');
  assert.equal(addMonths('2026-12-15', 1), '2027-01-01');
  assert.equal(addMonths('2026-01-01', -1), '2025-12-01');
  assert.equal(addMonths('2026-05-01', 12), '2027-05-01');
});

test('a day starts at Brussels midnight: 23:00 UTC in winter, 22:00 UTC in summer', () => {
  assert.equal(startOf('2026-01-15').toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(startOf('2026-07-01').toISOString(), '2026-06-30T22:00:00.000Z');
});

test('the 23-hour and the 25-hour day', () => {
  // 29 March 2026: the clock goes from 02:00 to 03:00
  const spring = (startOf('2026-03-30') - startOf('2026-03-29')) / 3600_000;
  assert.equal(spring, 23);
  // 25 October 2026: the clock goes from 03:00 back to 02:00
  const autumn = (startOf('2026-10-26') - startOf('2026-10-25')) / 3600_000;
  assert.equal(autumn, 25);
  assert.equal(startOf('2026-10-25').toISOString(), '2026-10-24T22:00:00.000Z');
  assert.equal(startOf('2026-10-26').toISOString(), '2026-10-25T23:00:00.000Z');
});

test('a period holds the date: day, week from Monday, month, year', () => {
  assert.deepEqual(period('day', '2026-12-07'), { from: '2026-12-07', to: '2026-12-08' });
  // 7 December 2026 is a Monday, 13 December a Sunday
  assert.deepEqual(period('week', '2026-12-07'), { from: '2026-12-07', to: '2026-12-14' });
  assert.deepEqual(period('week', '2026-12-13'), { from: '2026-12-07', to: '2026-12-14' });
  // a week over the year's end
  assert.deepEqual(period('week', '2027-01-01'), { from: '2026-12-28', to: '2027-01-04' });
  assert.deepEqual(period('month', '2026-02-17'), { from: '2026-02-01', to: '2026-03-01' });
  assert.deepEqual(period('year', '2026-06-30'), { from: '2026-01-01', to: '2027-01-01' });
});

test('a step goes one period back or forward', () => {
  assert.equal(step('day', '2026-03-01', -1), '2026-02-28');
  assert.equal(step('week', '2026-12-07', 1), '2026-12-14');
  assert.equal(step('month', '2026-01-31', 1), '2026-02-01');
  assert.equal(step('year', '2026-05-01', -1), '2025-05-01');
});
