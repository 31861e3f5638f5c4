// The control loop's decisions in words: a reason is a text key with named figures, and for the EV reasons (keys
// "ev.…", see docs/EV-PLAN.md) the figure's name says its unit: …W and …Wh as kW and kWh, …Seconds as a duration,
// …EpochSecond as a Brussels time, …Percent as a percentage, …Cents as euros. So ev.paused.surplusBelowMinimum with
// surplusW 1100, minimumW 1380, forSeconds 300 reads "Paused: 1.1 kW surplus, below the 1.4 kW minimum for 5 min".
// Pure: Node's tests import it as it is.
import { locale, t } from './i18n.js';
import { ZONE } from './time.js';

function decimal(value, digits) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** Watts as kW to a tenth: 1380 W is "1,4 kW". */
export function kilowatts(watts) {
  return t('format.kw', { value: decimal(watts / 1000, 1) });
}

/** Watt-hours as kWh to a tenth, or as Wh below 1 kWh: "25,8 kWh", "250 Wh". */
export function energy(wattHours) {
  if (Math.abs(wattHours) < 1000) return t('format.wh', { value: decimal(wattHours, 0) });
  return t('format.kwh', { value: decimal(wattHours / 1000, 1) });
}

/** Seconds as "45 s", "5 min", "1 min 30 s", "1 h 5 min". */
export function duration(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return t('duration.seconds', { s: whole });
  if (whole < 3600) {
    const m = Math.floor(whole / 60);
    const s = whole % 60;
    return s === 0 ? t('duration.minutes', { m }) : t('duration.minutesSeconds', { m, s });
  }
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  return m === 0 ? t('duration.hours', { h }) : t('duration.hoursMinutes', { h, m });
}

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as its Brussels time, "07:00", with its weekday when it is not on the day of `now`: "wo 07:00". */
export function clockTime(epochSecond, now = Date.now()) {
  const at = new Date(epochSecond * 1000);
  const sameDay = DAY.format(at) === DAY.format(new Date(now));
  return new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(sameDay ? {} : { weekday: 'short' }),
  }).format(at);
}

/** A figure of an EV reason, in the unit its name ends with. */
export function figure(name, value, now = Date.now()) {
  if (value === null || value === undefined) return '–';
  if (name.endsWith('EpochSecond')) return clockTime(value, now);
  if (name.endsWith('Seconds')) return duration(value);
  if (name.endsWith('Percent')) return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 })
    .format(value / 100);
  if (name.endsWith('Cents')) return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' })
    .format(value / 100);
  if (name.endsWith('Wh')) return energy(value);
  if (name.endsWith('W')) return kilowatts(value);
  return decimal(value, 2);
}

/**
 * A reason ({ key, values }) in the page's language. The EV, battery, boiler and peak-guard reasons' figures are shown
 * in their units; the other reasons' texts (smart charging's) carry their own units and get the plain numbers.
 */
export function reasonText(reason, now = Date.now()) {
  if (!reason?.key) return '';
  const values = {};
  // the EV's, the battery's, the boiler's and the peak guard's figures are named by their unit
  const ev = /^(ev|battery|boiler|peak|surplus)\./.test(reason.key);
  for (const [name, value] of Object.entries(reason.values ?? {})) {
    values[name] = ev ? figure(name, value, now) : String(value);
  }
  return t(reason.key, values);
}

/** Amperes as the charger is told them: "16 A", "7,5 A". */
export function amps(value) {
  return t('format.amps', { value: decimal(value, 1) });
}

/**
 * What the loop did, in words: "16 A on three phases", "paused", "session stopped", or what went wrong; and, when
 * it could not be applied, the device's own words after it.
 */
export function decisionText(decision) {
  let what;
  switch (decision.action) {
    case 'offer':
      what = t(decision.phases === 1 ? 'charger.decision.offerOnePhase' : 'charger.decision.offer',
        { amps: amps(decision.amps), phases: decision.phases });
      break;
    case 'pause': what = t('charger.decision.pause'); break;
    case 'stop': what = t('charger.decision.stop'); break;
    case 'device-failed': what = t('charger.decision.deviceFailed'); break;
    case 'policy-failed': what = t('charger.decision.policyFailed', { policy: decision.policy ?? '' }); break;
    default: what = decision.action ?? '';
  }
  if (decision.outcome && decision.outcome !== 'applied' && decision.action !== 'device-failed'
    && decision.action !== 'policy-failed') {
    what = t('charger.decision.notApplied', { what, outcome: decision.outcome });
  }
  return what;
}
