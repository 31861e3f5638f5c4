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

/**
 * Brussels' offset from UTC at an instant, in minutes: 120 in summer time, 60 in winter time. It tells the two
 * 02:00 hours of the October day apart.
 */
export function offsetMinutes(instant) {
  const at = new Date(instant);
  const p = parts(at);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** Whether the period of the given kind holding a date also holds today (or a later day): nothing after it to see. */
export function isCurrentOrLater(kind, isoDate, todayIso = today()) {
  return period(kind, isoDate).to > todayIso;
}

/** The quarter hours [from, to) as instants, 15 minutes apart: 96 on most days, 92 and 100 on the clock changes. */
export function quartersBetween(from, to) {
  const out = [];
  for (let t = from.getTime(); t < to.getTime(); t += 900_000) out.push(new Date(t));
  return out;
}

/** An instant as Brussels wall-clock time, "2026-10-25 02:00", and its offset from UTC, "+02:00". */
export function wallClock(instant) {
  const p = parts(new Date(instant));
  const offset = offsetMinutes(instant);
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return { local: `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`, offset: `${offset < 0 ? '-' : '+'}${hh}:${mm}` };
}

/** The Brussels date "YYYY-MM-DD" of an instant. */
export function dateOf(instant) {
  const p = parts(new Date(instant));
  return `${p.year}-${p.month}-${p.day}`;
}
