// The registers the meter page shows, in one table: each with its code on the meter's display, its texts (the
// i18n keys <key>.name and <key>.text, worded as the Fluvius digital meter manual words them), the card it is
// shown in, and how its value is read from the live summary. Pure: no page needed, so it is tested in Node.
import * as format from './format.js';
import { locale, t } from './i18n.js';

/** A number with the meter's three decimals, in the user's language. */
export function three(value) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);
}

const kwh = (wh) => t('format.kwh', { value: three(wh / 1000) });
const kw = (watts) => t('format.kw', { value: three(watts / 1000) });
const known = (value) => value !== null && value !== undefined;

/** An instant as the meter page writes it: "7 december 2026 om 14:15". */
export function when(instant) {
  return format.brussels(instant, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

const BREAKER = {
  connected: 'meter.breaker.connected',
  disconnected: 'meter.breaker.disconnected',
  ready_for_connection: 'meter.breaker.ready',
};

/** An energy register of the summary's registers, in Wh. */
const energy = (field) => (s) => {
  const raw = s.registers?.[field];
  return { raw, text: known(raw) ? kwh(raw) : null };
};

/** A power of the summary, in W. */
const power = (field) => (s) => ({ raw: s[field], text: known(s[field]) ? kw(s[field]) : null });

/**
 * The meter page's cards, in order, and the registers in each: code (as on the meter's display), key (of its
 * texts), read (its raw value as the API gave it, kept for tests and screen readers, and its text, null when the
 * meter has not said it).
 */
export const CARDS = [
  {
    key: 'meter.readings',
    registers: [
      { code: '1.8.1', key: 'meter.r181', read: energy('importDay') },
      { code: '1.8.2', key: 'meter.r182', read: energy('importNight') },
    ],
  },
  {
    key: 'meter.now',
    registers: [{ code: '1.7.0', key: 'meter.r170', read: power('importW') }],
  },
  {
    key: 'meter.peak',
    registers: [{
      code: '1.6.0', key: 'meter.r160',
      read: (s) => {
        const peak = s.meter?.monthPeak;
        if (!peak) return { raw: undefined, text: null };
        return {
          raw: peak.watts,
          text: peak.at ? t('meter.peakAt', { value: kw(peak.watts), time: when(peak.at) }) : kw(peak.watts),
        };
      },
    }],
    note: 'meter.r160.capacity',
  },
  {
    key: 'meter.injection',
    registers: [
      { code: '2.8.1', key: 'meter.r281', read: energy('exportDay') },
      { code: '2.8.2', key: 'meter.r282', read: energy('exportNight') },
      { code: '2.7.0', key: 'meter.r270', read: power('exportW') },
    ],
  },
  {
    key: 'meter.status',
    registers: [
      {
        code: '96.14.0', key: 'meter.tariff',
        read: (s) => ({
          raw: s.tariff,
          text: s.tariff === 'day' ? t('meter.tariff.day') : s.tariff === 'night' ? t('meter.tariff.night') : null,
        }),
      },
      {
        code: '96.3.10', key: 'meter.breaker',
        read: (s) => ({ raw: s.meter?.breaker, text: BREAKER[s.meter?.breaker] ? t(BREAKER[s.meter.breaker]) : null }),
      },
      {
        code: '17.0.0', key: 'meter.limiter',
        read: (s) => {
          const m = s.meter ?? {};
          if (!known(m.limiterW)) return { raw: m.limiterW, text: null };
          return { raw: m.limiterW, text: m.limited ? kw(m.limiterW) : t('meter.limiter.none', { value: kw(m.limiterW) }) };
        },
      },
    ],
  },
];

/** Every register of the page, in the order shown. */
export const REGISTERS = CARDS.flatMap((card) => card.registers);

/**
 * A register's value from a live summary: its text ("Onbekend" when the meter has not said it) and its raw value
 * as a string ('' when none).
 */
export function reading(register, summary) {
  const { raw, text } = register.read(summary ?? {});
  return { text: text ?? t('meter.unknown'), raw: known(raw) ? String(raw) : '' };
}
