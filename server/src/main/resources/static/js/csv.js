// The overview's period as CSV text, one row per bar shown (quarter hour, hour, day or month). Dutch and French use
// ";" between fields and a decimal comma, as Excel with Belgian settings opens a CSV file; English uses "," and a
// decimal point. A bar without measured data has empty energy fields, never a zero. Kept free of the page, so it
// can be tested on its own.
import { wallClock } from './time.js';

const COMMA_LANGUAGES = new Set(['nl', 'fr']);

/**
 * @param bars       [{ start, end, offtake, injection, production, noData }] with energy in Wh
 * @param buckets    the server's buckets of the same period (gas and water come from them), or null
 * @param language   'nl', 'fr' or 'en'
 * @param size       'quarter', 'hour', 'day' or 'month': gas and water are added unless the bars are quarters
 * @param headers    the column names in the language: start, end, offtake, injection, net, production, gas,
 *                   gasKwh, water
 */
export function csv(bars, buckets, language, size, headers) {
  const comma = COMMA_LANGUAGES.has(language);
  const separator = comma ? ';' : ',';
  const number = (value, digits) => {
    if (value === null || value === undefined) return '';
    const text = value.toFixed(digits);
    return comma ? text.replace('.', ',') : text;
  };
  const perBucket = size !== 'quarter' && buckets && buckets.length === bars.length ? buckets : null;
  const has = (field) => Boolean(perBucket?.some((b) => b[field] !== null && b[field] !== undefined));
  const withProduction = bars.some((b) => b.production !== null && b.production !== undefined);
  const columns = [
    [headers.start, (b) => wallClock(b.start).local],
    ['UTC', (b) => wallClock(b.start).offset],
    [headers.end, (b) => wallClock(b.end).local],
    [headers.offtake, (b) => (b.noData ? '' : number(b.offtake / 1000, 3))],
    [headers.injection, (b) => (b.noData ? '' : number(b.injection / 1000, 3))],
    [headers.net, (b) => (b.noData ? '' : number((b.offtake - b.injection) / 1000, 3))],
  ];
  if (withProduction) columns.push([headers.production, (b) => (b.noData ? '' : number((b.production ?? 0) / 1000, 3))]);
  if (has('gasLitres')) columns.push([headers.gas, (b, i) => number(gasOf(perBucket[i], 'gasLitres', 1000), 3)]);
  if (has('gasWh')) columns.push([headers.gasKwh, (b, i) => number(gasOf(perBucket[i], 'gasWh', 1000), 3)]);
  if (has('waterLitres')) columns.push([headers.water, (b, i) => number(gasOf(perBucket[i], 'waterLitres', 1), 0)]);
  const quote = (text) => (text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [columns.map(([name]) => quote(name)).join(separator)];
  bars.forEach((bar, i) => lines.push(columns.map(([, cell]) => quote(cell(bar, i))).join(separator)));
  return `${lines.join('\r\n')}\r\n`;
}

function gasOf(bucket, field, scale) {
  return (bucket.quarters ?? 1) === 0 || bucket[field] == null ? null : bucket[field] / scale;
}
