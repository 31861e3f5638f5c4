// Calendar dates as "YYYY-MM-DD" strings, in Brussels time as the server counts them: a day starts at Brussels
// midnight and lasts 23, 24 or 25 hours. Date arithmetic is done in UTC, where every day has 24 hours.
export const ZONE = 'Europe/Brussels';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant) {
  const p = {};
  for (const { type, value } of PARTS.formatToParts(instant)) p[type] = value;
  return p;
}

/** Today's date in Brussels. */
export function today() {
  const p = parts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

function utc(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function iso(utcDate) {
  return utcDate.toISOString().slice(0, 10);
}

export function addDays(isoDate, days) {
  const d = utc(isoDate);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

export function addMonths(isoDate, months) {
  const d = utc(isoDate);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** The instant Brussels midnight starts the given date: one or two hours before UTC midnight. */
export function startOf(isoDate) {
  const midnight = utc(isoDate).getTime();
  for (const hours of [1, 2, 0]) {
    const candidate = new Date(midnight - hours * 3600_000);
    const p = parts(candidate);
    if (`${p.year}-${p.month}-${p.day}` === isoDate && p.hour === '00') return candidate;
  }
  throw new Error(`no Brussels midnight on ${isoDate}`);
}

/** The period of the given kind holding a date: [from, to) as dates, to exclusive. */
export function period(kind, isoDate) {
  switch (kind) {
    case 'week': {
      const monday = addDays(isoDate, -((utc(isoDate).getUTCDay() + 6) % 7));
      return { from: monday, to: addDays(monday, 7) };
    }
    case 'month': {
      const first = isoDate.slice(0, 8) + '01';
      return { from: first, to: addMonths(first, 1) };
    }
    case 'year': {
      const first = isoDate.slice(0, 4) + '-01-01';
      return { from: first, to: addMonths(first, 12) };
    }
    default:
      return { from: isoDate, to: addDays(isoDate, 1) };
  }
}

/** The date one period before (step -1) or after (step 1). */
export function step(kind, isoDate, direction) {
  switch (kind) {
    case 'week': return addDays(isoDate, 7 * direction);
    case 'month': return addMonths(isoDate, direction);
    case 'year': return addMonths(isoDate, 12 * direction);
    default: return addDays(isoDate, direction);
  }
}
