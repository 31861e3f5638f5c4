// Numbers, money and dates in the user's language, through Intl: "+129,44 kWh", "€ 38,83", "januari 2026".
import { locale, t } from './i18n.js';
import { ZONE } from './time.js';

const kept = new Map();

/**
 * An Intl formatter for the language shown, made once per kind, language and options and then kept: making one
 * costs about 70 µs (it loads the locale's rules), using one about 1 µs, and the dashboard formats some fifty values
 * a render, the live circle two a second.
 */
function formatter(Kind, options) {
  const key = `${Kind.name} ${locale()} ${JSON.stringify(options)}`;
  let made = kept.get(key);
  if (!made) {
    made = new Kind(locale(), options);
    kept.set(key, made);
  }
  return made;
}

export function kwh(wh, signed = false) {
  const value = formatter(Intl.NumberFormat, {
    minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(wh / 1000);
  return t('format.kwh', { value });
}

export function kw(watts) {
  const value = formatter(Intl.NumberFormat, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(watts / 1000);
  return t('format.kw', { value });
}

/** Whole watts, for the solar circle: "1.234 W". */
export function watts(value) {
  return t('solar.watts', { value: formatter(Intl.NumberFormat, { maximumFractionDigits: 0 }).format(value) });
}

/** A number with the given decimals (whole by default): "2.300", "0,5". */
export function number(value, digits = 0) {
  return formatter(Intl.NumberFormat, { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

/**
 * How many days something lasts, in words: "less than a day", "about a day", "about 12 days" (whole days, rounded
 * down, never promising more than there is); "–" when unknown.
 */
export function days(value) {
  if (value === null || value === undefined) return '–';
  const count = Number(value);
  if (count < 1) return t('prepaid.days.lessThanOne');
  if (count < 2) return t('prepaid.days.aboutOne');
  return t('prepaid.days', { days: number(Math.floor(count)) });
}

/**
 * The calendar day a ledger or bucket line that ends at an instant belongs to: a day's line ends at the next
 * Brussels midnight, which is still that day's line, not the next day's.
 */
export function dayEndingAt(instant, options = { day: 'numeric', month: 'short' }) {
  return brussels(new Date(new Date(instant).getTime() - 1), options);
}

export function euro(amount) {
  return formatter(Intl.NumberFormat, { style: 'currency', currency: 'EUR' }).format(amount);
}

/** "2026-01" as "januari 2026"; the month is a calendar month, so it is formatted in UTC to stay that month. */
export function month(yearMonth) {
  const [y, m] = yearMonth.split('-').map(Number);
  return formatter(Intl.DateTimeFormat, { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, 1)));
}

/** An instant as Brussels wall-clock time with the given Intl options. */
export function brussels(instant, options) {
  return formatter(Intl.DateTimeFormat, { timeZone: ZONE, ...options }).format(new Date(instant));
}

/** A calendar date "2026-10-25" with the given Intl options. */
export function date(isoDate, options) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return formatter(Intl.DateTimeFormat, { timeZone: 'UTC', ...options }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A price per kWh as typed in a tariff: "€ 0,3125/kWh", up to five decimals, never rounded to the cent. */
export function perKwh(price) {
  const value = formatter(Intl.NumberFormat, {
    style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 5,
  }).format(price);
  return t('format.perKwh', { value });
}
