// The overview: one period (day, week, month, year) as bars of net offtake, red where offtake exceeds injection
// and green where injection does, the solar production as a line over them (when the meter has an inverter), with
// the period's totals and cost below; a day by the hour or by the quarter hour. Gas (m³ and kWh) and water (litres)
// have their own charts under it when the meter has them. What is shown can be downloaded as CSV.
// A bar without any measured quarter is "no data", never a zero; the stepper does not go past today's period.
import * as api from './api.js';
import * as charts from './charts.js';
import { csv } from './csv.js';
import * as format from './format.js';
import { currentLanguage, locale, t } from './i18n.js';
import { fill, hasTariff, totalOf } from './dashboard.js';
import { session } from './session.js';
import {
  addDays, isCurrentOrLater, offsetMinutes, period, quartersBetween, startOf, step, today,
} from './time.js';

// The bucket each period is drawn in: a day by the hour (23, 24 or 25 of them), a year by the month.
const BUCKET = { day: 'hour', week: 'day', month: 'day', year: 'month' };
const RED = '#d64541';
const GREEN = '#2e9e5b';
const SOLAR = '#f5a000';
const GAS = '#3b7dd8';
const GAS_KWH = '#8a5cd1';
const WATER = '#1aa3b8';

let chart = null;
let gasChart = null;
let waterChart = null;
let state = { kind: 'day', date: null, fine: false, meterId: null };
let onChange = () => {};
let shown = 0; // counts renders, so an older answer (another date, another address) never overwrites a newer one
let table = null; // what the charts show, for the CSV download

export function init(navigate) {
  onChange = navigate;
  const chartElement = document.getElementById('chart');
  document.getElementById('previous').addEventListener('click', () => move(-1));
  document.getElementById('next').addEventListener('click', () => move(1));
  document.getElementById('date').addEventListener('change', (e) => {
    if (e.target.value) onChange(...hash(state.kind, e.target.value > today() ? today() : e.target.value));
  });
  for (const button of document.querySelectorAll('#overview [data-period]')) {
    button.addEventListener('click', () => onChange(...hash(button.dataset.period, state.date)));
  }
  for (const button of document.querySelectorAll('[data-resolution]')) {
    button.addEventListener('click', () => {
      const fine = button.dataset.resolution === 'quarter';
      onChange('day', state.date, ...(fine ? ['quarter'] : []));
    });
  }
  document.getElementById('download-csv').addEventListener('click', download);
  document.addEventListener('keydown', (e) => {
    if (document.getElementById('overview').hidden || e.target.matches('input, select, textarea')) return;
    if (e.key === 'ArrowLeft') move(-1);
    if (e.key === 'ArrowRight') move(1);
  });
  // a horizontal swipe over the chart steps like the arrows: right to go back in time, as on a phone's pages
  let touchX = null;
  chartElement.addEventListener('touchstart', (e) => { touchX = e.changedTouches[0].clientX; }, { passive: true });
  chartElement.addEventListener('touchend', (e) => {
    if (touchX === null) return;
    const dx = e.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 50) move(dx > 0 ? -1 : 1);
  });
  window.addEventListener('resize', () => {
    for (const c of [chart, gasChart, waterChart]) c?.resize();
  });
}

/** The address parts of a period: a day keeps its quarter-hour resolution when stepping. */
function hash(kind, date) {
  return kind === 'day' && state.fine ? [kind, date, 'quarter'] : [kind, date];
}

function move(direction) {
  // the future holds nothing to show: the stepper stops at today's period
  if (direction > 0 && isCurrentOrLater(state.kind, state.date)) return;
  onChange(...hash(state.kind, step(state.kind, state.date, direction)));
}

export async function render(meterId, kind, date, resolution) {
  const run = ++shown;
  const kindShown = BUCKET[kind] ? kind : 'day';
  const wanted = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today();
  state = {
    kind: kindShown, date: wanted > today() ? today() : wanted, fine: kindShown === 'day' && resolution === 'quarter',
    meterId,
  };
  const { from, to } = period(state.kind, state.date);
  for (const button of document.querySelectorAll('#overview [data-period]')) {
    button.setAttribute('aria-selected', String(button.dataset.period === state.kind));
  }
  document.getElementById('resolution').hidden = state.kind !== 'day';
  for (const button of document.querySelectorAll('[data-resolution]')) {
    button.setAttribute('aria-pressed', String((button.dataset.resolution === 'quarter') === state.fine));
  }
  const dateInput = document.getElementById('date');
  dateInput.value = state.date;
  dateInput.max = today();
  document.getElementById('next').disabled = isCurrentOrLater(state.kind, state.date);
  document.getElementById('period-title').textContent = title(state.kind, from, to);
  // another address or period: nothing of the last one stays on screen while this one loads
  table = null;
  document.getElementById('download-csv').disabled = true;
  clearSummary();

  // the bill counts the period so far: the fixed fees of days still to come are not yet owed; an address without a
  // tariff has no bill (the server would refuse it, 409), so none is asked and the cost says "no tariff"
  const tomorrow = addDays(today(), 1);
  const billTo = to < tomorrow ? to : tomorrow;
  const billed = from < billTo ? hasTariff(meterId) : Promise.resolve(false);
  const [, bucketList, quarterList, periodBill] = await Promise.all([
    charts.ready(),
    api.buckets(meterId, BUCKET[state.kind], startOf(from), startOf(to)),
    state.fine ? api.get(`${api.meterPath(meterId)}/quarters?from=${startOf(from).toISOString()}`
      + `&to=${startOf(to).toISOString()}`) : Promise.resolve(null),
    billed.then((yes) => (yes ? api.bill(meterId, from, billTo).catch(() => null) : null)),
  ]);
  if (run !== shown) return;
  const bars = state.fine ? quarterBars(quarterList, startOf(from), startOf(to)) : bucketBars(bucketList);
  draw(bars);
  drawGasAndWater(bucketList);
  const measured = bucketList.reduce((sum, b) => sum + (b.quarters ?? 0), 0);
  fill(document.getElementById('period-summary'), totalOf(bucketList), periodBill, measured === 0);
  table = { bars, bucketList };
  document.getElementById('download-csv').disabled = false;
}

function clearSummary() {
  const list = document.getElementById('period-summary');
  for (const dd of list.querySelectorAll('dd')) dd.textContent = '…';
  const coverage = list.parentElement.querySelector('[data-field=coverage]');
  if (coverage) coverage.hidden = true;
}

/**
 * The bars of the buckets: each with its start, its energy, and whether anything was measured in it (a bucket
 * before the first data or after now holds no quarter: "no data", drawn as no bar, not as a zero).
 */
function bucketBars(bucketList) {
  const now = Date.now();
  return bucketList.map((b) => {
    const e = api.energyOf(b);
    const noData = (b.quarters ?? 1) === 0 || Date.parse(b.start) > now;
    return { start: b.start, end: b.end, offtake: e.offtake, injection: e.injection, production: e.production, noData };
  });
}

/** The quarter hours of the day, from /quarters (a quarter may come in segments: they are added up). */
function quarterBars(quarterList, from, to) {
  const byStart = new Map();
  for (const q of quarterList ?? []) {
    const start = Date.parse(q.quarter.start ?? q.quarter);
    const e = q.energy;
    const sum = byStart.get(start) ?? { offtake: 0, injection: 0 };
    sum.offtake += e.importDay + e.importNight;
    sum.injection += e.exportDay + e.exportNight;
    byStart.set(start, sum);
  }
  return quartersBetween(from, to).map((start) => {
    const sum = byStart.get(start.getTime());
    return {
      start: start.toISOString(), end: new Date(start.getTime() + 900_000).toISOString(),
      offtake: sum?.offtake ?? 0, injection: sum?.injection ?? 0, production: null, noData: !sum,
    };
  });
}

function title(kind, from, to) {
  switch (kind) {
    case 'week':
      return t('overview.range', {
        from: format.date(from, { day: 'numeric', month: 'short' }),
        to: format.date(step('day', to, -1), { day: 'numeric', month: 'short', year: 'numeric' }),
      });
    case 'month': return format.date(from, { month: 'long', year: 'numeric' });
    case 'year': return format.date(from, { year: 'numeric' });
    default: return format.date(from, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  }
}

/**
 * The bars' labels. On the day the clocks go back the hour 02:00 comes twice: each says whether it is summer or
 * winter time ("02:00 (zomertijd)", "02:00 (wintertijd)"), and so do its quarters.
 */
export function labels(kind, bars) {
  const plain = bars.map((b) => label(kind, b));
  if (kind !== 'day') return plain;
  const seen = new Map();
  for (const text of plain) seen.set(text, (seen.get(text) ?? 0) + 1);
  return plain.map((text, i) => (seen.get(text) > 1
    ? t(offsetMinutes(bars[i].start) > 60 ? 'chart.summerTime' : 'chart.winterTime', { time: text })
    : text));
}

function label(kind, bar) {
  switch (kind) {
    case 'week': return format.brussels(bar.start, { weekday: 'short', day: 'numeric' });
    case 'month': return format.brussels(bar.start, { day: 'numeric' });
    case 'year': return format.brussels(bar.start, { month: 'short' });
    default: return format.brussels(bar.start, { hour: '2-digit', minute: '2-digit' });
  }
}

function draw(bars) {
  const element = document.getElementById('chart');
  if (!chart) chart = window.echarts.init(element); // loaded by render(), before any draw
  const net = bars.map((b) => (b.noData ? null : (b.offtake - b.injection) / 1000));
  const produced = bars.some((b) => b.production !== null && b.production !== undefined);
  const names = labels(state.kind, bars);
  const series = [{
    type: 'bar',
    name: t('chart.net'),
    z: 2, zlevel: 0, // set, or ECharts 5.3 warns "z / z2 / zlevel of displayable is invalid" on an axis tooltip
    data: net.map((value) => (value === null ? null : { value, itemStyle: { color: value > 0 ? RED : GREEN } })),
  }];
  if (produced) {
    series.push({
      type: 'line',
      name: t('solar.chart'),
      data: bars.map((b) => (b.noData ? null : (b.production ?? 0) / 1000)),
      color: SOLAR,
      lineStyle: { width: 2.5 },
      symbol: 'none',
      smooth: true,
      z: 3,
      zlevel: 0,
    });
  }
  const empty = bars.filter((b) => b.noData).length;
  chart.setOption({
    animation: false,
    legend: produced ? { data: [t('solar.chart')], top: 0, right: 12, textStyle: { fontSize: 11 } } : { show: false },
    grid: { left: 48, right: 12, top: produced ? 32 : 24, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (v === null || v === undefined || v === '-' ? t('chart.noData') : format.kwh(v * 1000, true)),
    },
    xAxis: { type: 'category', data: names, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: t('chart.axis'), axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    series,
  }, true);
  // what the chart shows, for screen readers and for the browser tests, which cannot look inside the canvas
  element.dataset.bars = String(bars.length);
  element.dataset.red = String(net.filter((v) => v !== null && v > 0).length);
  element.dataset.empty = String(empty);
  element.dataset.labels = names.join('|');
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('chart.label', { bars: bars.length }));
  const note = document.getElementById('chart-no-data');
  note.hidden = empty === 0;
  note.textContent = empty === bars.length ? t('chart.noDataAll')
    : t('chart.noDataSome', { bars: new Intl.NumberFormat(locale()).format(empty) });
}

/**
 * Gas (m³, and kWh when the server gives the energy) and water (litres) per bucket, each in its own chart under the
 * electricity, for the same period; a chart only when the meter has such a meter (the field is not null).
 */
function drawGasAndWater(bucketList) {
  const has = (field) => bucketList.some((b) => b[field] !== null && b[field] !== undefined);
  const names = labels(state.kind, bucketList);
  const value = (b, field, scale) => ((b.quarters ?? 1) === 0 || b[field] == null ? null : b[field] / scale);

  const gasCard = document.getElementById('gas-card');
  gasCard.hidden = !has('gasLitres');
  if (!gasCard.hidden) {
    const element = document.getElementById('gas-chart');
    gasChart ??= window.echarts.init(element);
    const withKwh = has('gasWh');
    const series = [{
      type: 'bar', name: t('gas.chart.volume'), color: GAS, data: bucketList.map((b) => value(b, 'gasLitres', 1000)),
      tooltip: { valueFormatter: (v) => (v == null ? t('chart.noData') : t('gas.m3', { value: decimals(v, 3) })) },
    }];
    if (withKwh) {
      series.push({
        type: 'line', name: t('gas.chart.energy'), color: GAS_KWH, yAxisIndex: 1, symbol: 'none',
        data: bucketList.map((b) => value(b, 'gasWh', 1000)),
        tooltip: { valueFormatter: (v) => (v == null ? t('chart.noData') : format.kwh(v * 1000)) },
      });
    }
    gasChart.setOption({
      animation: false,
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 28, bottom: 32, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', name: t('gas.axis.volume'), axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
        ...(withKwh ? [{ type: 'value', name: t('chart.axis'), splitLine: { show: false },
          axisLabel: { formatter: (v) => v.toLocaleString(locale()) } }] : []),
      ],
      series,
    }, true);
    element.dataset.bars = String(bucketList.length);
    element.dataset.litres = String(bucketList.reduce((s, b) => s + (b.gasLitres ?? 0), 0));
    document.getElementById('gas-total').textContent = gasTotal(bucketList, withKwh);
  }

  const waterCard = document.getElementById('water-card');
  waterCard.hidden = !has('waterLitres');
  if (!waterCard.hidden) {
    const element = document.getElementById('water-chart');
    waterChart ??= window.echarts.init(element);
    waterChart.setOption({
      animation: false,
      legend: { show: false },
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (v == null ? t('chart.noData') : t('water.litres', { value: decimals(v, 0) })),
      },
      xAxis: { type: 'category', data: names, axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', name: t('water.axis'), axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
      series: [{ type: 'bar', name: t('water.chart'), color: WATER, data: bucketList.map((b) => value(b, 'waterLitres', 1)) }],
    }, true);
    element.dataset.bars = String(bucketList.length);
    const litres = bucketList.reduce((s, b) => s + (b.waterLitres ?? 0), 0);
    element.dataset.litres = String(litres);
    document.getElementById('water-total').textContent = t('water.litres', { value: decimals(litres, 0) });
  }
}

function gasTotal(bucketList, withKwh) {
  const litres = bucketList.reduce((s, b) => s + (b.gasLitres ?? 0), 0);
  const m3 = t('gas.m3', { value: decimals(litres / 1000, 3) });
  if (!withKwh) return m3;
  return `${m3} · ${format.kwh(bucketList.reduce((s, b) => s + (b.gasWh ?? 0), 0))}`;
}

function decimals(value, digits) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * The period shown as a CSV file: one row per bar (quarter hour, hour, day or month). In Dutch and French the
 * separator is ";" and the decimal mark a comma, as Excel in Belgium reads them; in English "," and a point.
 */
function download() {
  if (!table) return;
  const text = csv(table.bars, table.bucketList, currentLanguage(), state.fine ? 'quarter' : BUCKET[state.kind], {
    start: t('csv.start'), end: t('csv.end'), offtake: t('csv.offtake'), injection: t('csv.injection'),
    net: t('csv.net'), production: t('csv.production'), gas: t('csv.gas'), gasKwh: t('csv.gasKwh'),
    water: t('csv.water'), noData: t('chart.noData'),
  });
  const place = session.meters.find((m) => m.id === state.meterId)?.locationName ?? 'meterkast';
  const name = `${place.replace(/[^\p{L}\p{N}]+/gu, '-')}-${state.kind}${state.fine ? '-quarters' : ''}-${state.date}.csv`;
  const url = URL.createObjectURL(new Blob([`\ufeff${text}`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
