// The overview: one period (day, week, month, year) as bars of net offtake, red where offtake exceeds injection
// and green where injection does, the solar production as a line over them (when the meter has an inverter), with
// the period's totals and cost below.
import * as api from './api.js';
import * as charts from './charts.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { fill, totalOf } from './dashboard.js';
import { addDays, period, startOf, step, today } from './time.js';

// The bucket each period is drawn in: a day by the hour (23, 24 or 25 of them), a year by the month.
const BUCKET = { day: 'hour', week: 'day', month: 'day', year: 'month' };
const RED = '#d64541';
const GREEN = '#2e9e5b';
const SOLAR = '#f5a000';

let chart = null;
let state = { kind: 'day', date: null };
let onChange = () => {};
let shown = 0; // counts renders, so an older answer arriving late does not overwrite a newer one

export function init(navigate) {
  onChange = navigate;
  const chartElement = document.getElementById('chart');
  document.getElementById('previous').addEventListener('click', () => move(-1));
  document.getElementById('next').addEventListener('click', () => move(1));
  document.getElementById('date').addEventListener('change', (e) => {
    if (e.target.value) onChange(state.kind, e.target.value);
  });
  for (const button of document.querySelectorAll('[data-period]')) {
    button.addEventListener('click', () => onChange(button.dataset.period, state.date));
  }
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
  window.addEventListener('resize', () => chart && chart.resize());
}

function move(direction) {
  onChange(state.kind, step(state.kind, state.date, direction));
}

export async function render(meterId, kind, date) {
  await charts.ready();
  state = { kind: BUCKET[kind] ? kind : 'day', date: date || today() };
  const run = ++shown;
  const { from, to } = period(state.kind, state.date);
  for (const button of document.querySelectorAll('[data-period]')) {
    button.setAttribute('aria-selected', String(button.dataset.period === state.kind));
  }
  document.getElementById('date').value = state.date;
  document.getElementById('period-title').textContent = title(state.kind, from, to);

  // the bill counts the period so far: the fixed fees of days still to come are not yet owed
  const tomorrow = addDays(today(), 1);
  const billTo = to < tomorrow ? to : tomorrow;
  const [bucketList, periodBill] = await Promise.all([
    api.buckets(meterId, BUCKET[state.kind], startOf(from), startOf(to)),
    from < billTo ? api.bill(meterId, from, billTo).catch(() => null) : Promise.resolve({ totalInclVat: 0 }),
  ]);
  if (run !== shown) return;
  draw(bucketList);
  fill(document.getElementById('period-summary'), totalOf(bucketList), periodBill);
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

function label(kind, bucket) {
  switch (kind) {
    case 'week': return format.brussels(bucket.start, { weekday: 'short', day: 'numeric' });
    case 'month': return format.brussels(bucket.start, { day: 'numeric' });
    case 'year': return format.brussels(bucket.start, { month: 'short' });
    default: return format.brussels(bucket.start, { hour: '2-digit', minute: '2-digit' });
  }
}

function draw(bucketList) {
  const element = document.getElementById('chart');
  if (!chart) chart = window.echarts.init(element); // loaded by render(), before any draw
  const net = bucketList.map((b) => {
    const e = api.energyOf(b);
    return (e.offtake - e.injection) / 1000;
  });
  const produced = bucketList.some((b) => b.productionWh !== null && b.productionWh !== undefined);
  const series = [{
    type: 'bar',
    name: t('chart.net'),
    z: 2, zlevel: 0, // set, or ECharts 5.3 warns "z / z2 / zlevel of displayable is invalid" on an axis tooltip
    data: net.map((value) => ({ value, itemStyle: { color: value > 0 ? RED : GREEN } })),
  }];
  if (produced) {
    series.push({
      type: 'line',
      name: t('solar.chart'),
      data: bucketList.map((b) => (b.productionWh ?? 0) / 1000),
      color: SOLAR,
      lineStyle: { width: 2.5 },
      symbol: 'none',
      smooth: true,
      z: 3,
      zlevel: 0,
    });
  }
  chart.setOption({
    animation: false,
    legend: produced ? { data: [t('solar.chart')], top: 0, right: 12, textStyle: { fontSize: 11 } } : { show: false },
    grid: { left: 48, right: 12, top: produced ? 32 : 24, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => format.kwh(v * 1000, true),
    },
    xAxis: { type: 'category', data: bucketList.map((b) => label(state.kind, b)), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: t('chart.axis'), axisLabel: { formatter: (v) => v.toLocaleString(locale()) } },
    series,
  }, true);
  // what the chart shows, for screen readers and for the browser tests, which cannot look inside the canvas
  element.dataset.bars = String(bucketList.length);
  element.dataset.red = String(net.filter((v) => v > 0).length);
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('chart.label', { bars: bucketList.length }));
}
