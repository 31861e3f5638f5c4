// The capacity page: the quarter hour in progress as it rises and where it is heading, with a warning when it
// is heading above this month's peak; this month's peak by the meter and by our quarters; the last 13 months'
// peaks as bars with the 12-month average and what it costs a year.
import * as api from './api.js';
import * as charts from './charts.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { follow } from './live.js';
import { today } from './time.js';
import { showNoLiveSource } from './no-live-source.js';

const ORANGE = '#f28c28';
const GREY = '#9aa5b1';
const MINIMUM_KW = 2.5;
const QUARTER_MS = 15 * 60 * 1000;

let meter = null;
let months = [];
let summary = null;
let quarterShown = null;
let chart = null;
let shown = 0; // counts renders, so an older answer arriving late does not overwrite a newer one

export function init() {
  window.addEventListener('resize', () => chart && chart.resize());
}

export async function render(meterId) {
  showNoLiveSource(document.getElementById('capacity'), meterId).catch((e) => console.warn(e));
  await charts.ready();
  if (meter !== meterId) summary = null; // another address: its own telegrams only
  meter = meterId;
  follow(meterId, onSummary);
  live();
  await loadMonths();
}

/** Each telegram's summary, from the app's live stream. */
function onSummary(s) {
  summary = s;
  live();
}

function hhmm(instant) {
  return format.brussels(instant, { hour: '2-digit', minute: '2-digit' });
}

function when(instant) {
  return format.brussels(instant, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

/** The running quarter: updated with every telegram. */
function live() {
  const card = document.getElementById('capacity-quarter');
  const q = summary?.quarter;
  const warning = document.getElementById('quarter-warning');
  if (!q) {
    card.dataset.state = 'waiting';
    document.getElementById('quarter-source').textContent = t('live.waiting');
    warning.hidden = true;
    return;
  }
  card.dataset.state = 'live';
  card.dataset.time = summary.time ?? '';
  card.dataset.projectedW = String(q.projectedW);
  document.getElementById('quarter-title').textContent =
    t('capacity.quarter.title', { from: hhmm(q.start), to: hhmm(q.end) });
  document.getElementById('quarter-average').textContent = format.kw(q.averageW);
  document.getElementById('quarter-projected').textContent = format.kw(q.projectedW);
  document.getElementById('quarter-power').textContent = format.kw(q.powerW);
  document.getElementById('quarter-source').textContent = t(
    q.source === 'meter' ? 'capacity.source.meter' : 'capacity.source.registers',
    { start: hhmm(q.start), end: hhmm(q.end) });
  document.getElementById('quarter-projection').textContent =
    t('capacity.projection', { power: format.kw(q.powerW), projected: format.kw(q.projectedW) });
  gauge(q);
  warning.hidden = !q.headingAbovePeak;
  if (q.headingAbovePeak) {
    warning.textContent = t('capacity.warning', {
      projected: format.kw(q.projectedW), peak: format.kw(q.monthPeakW), end: hhmm(q.end),
    });
  }
  const peak = summary.meter?.monthPeak;
  const meterPeak = document.getElementById('month-peak-meter');
  meterPeak.textContent = !peak ? t('meter.unknown')
    : peak.at ? t('meter.peakAt', { value: format.kw(peak.watts), time: when(peak.at) }) : format.kw(peak.watts);
  meterPeak.dataset.raw = peak ? String(peak.watts) : '';
  // a quarter has closed: our own month peak may have grown
  if (quarterShown && quarterShown !== q.start && meter) loadMonths();
  quarterShown = q.start;
}

/** The quarter as a bar: so far (solid), heading to (light), the month's peak as a mark, all on one scale. */
function gauge(q) {
  const peakW = Math.max(q.monthPeakW ?? 0, MINIMUM_KW * 1000);
  const top = Math.max(q.projectedW, peakW, 1) * 1.15;
  const percent = (w) => `${Math.min(100, (100 * w) / top).toFixed(1)}%`;
  document.getElementById('gauge-so-far').style.width = percent(q.averageW);
  document.getElementById('gauge-projected').style.width = percent(q.projectedW);
  document.getElementById('gauge-peak').style.left = percent(peakW);
  document.getElementById('gauge').classList.toggle('above', q.headingAbovePeak);
}

/** The last 13 months from the capacity tariff's own calculation, this month last. */
async function loadMonths() {
  const run = ++shown;
  const thisMonth = today().slice(0, 7);
  const answer = await api.get(`${api.meterPath(meter)}/capacity?to=${thisMonth}&months=13`);
  if (run !== shown) return;
  months = answer;
  const current = months[months.length - 1];
  const ours = document.getElementById('month-peak-ours');
  // our peak is a quarter by its start; the meter stamps its peak with the quarter's end: both shown as the end
  ours.textContent = current?.peakW == null ? t('capacity.none')
    : t('meter.peakAt', {
      value: format.kw(current.peakW), time: when(new Date(Date.parse(current.peakQuarter) + QUARTER_MS).toISOString()),
    });
  ours.dataset.raw = current?.peakW ?? '';
  const average = document.getElementById('capacity-average');
  average.textContent = t('capacity.averageValue', {
    value: format.kw(Number(current.averageKw) * 1000), months: current.monthsInAverage,
  });
  average.dataset.raw = String(current.averageKw);
  document.getElementById('capacity-yearly').textContent =
    current.yearlyInclVat == null ? t('summary.noCost') : format.euro(current.yearlyInclVat);
  document.getElementById('capacity-monthly').textContent =
    current.monthlyInclVat == null ? t('summary.noCost') : format.euro(current.monthlyInclVat);
  document.getElementById('capacity-rate').textContent = current.tariffPerKwYear == null ? ''
    : t('capacity.rate', { rate: format.euro(current.tariffPerKwYear) });
  draw(months.filter((m) => m.peakW != null || m.meterPeakW != null), Number(current.averageKw));
}

/** "2026-01" as "jan. 26": thirteen of them fit under a phone's chart. */
function shortMonth(yearMonth) {
  const [y, m] = yearMonth.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, 1)));
}

function draw(withPeak, averageKw) {
  const element = document.getElementById('capacity-chart');
  if (!chart) chart = window.echarts.init(element); // loaded by render(), before any draw
  const kwOf = (w) => (w == null ? null : w / 1000);
  chart.setOption({
    animation: false,
    // the legend under the chart, the axis name alone above it, the rotated month labels inside the grid's room,
    // and the two lines' labels in the right margin, clear of the bars
    grid: { left: 8, right: 84, top: 32, bottom: 36, containLabel: true },
    legend: { bottom: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '–' : format.kw(v * 1000)) },
    xAxis: {
      type: 'category',
      data: withPeak.map((m) => shortMonth(m.month)),
      axisLabel: { interval: 0, rotate: withPeak.length > 6 ? 45 : 0, fontSize: 10 },
    },
    yAxis: {
      type: 'value', name: t('capacity.chart.axis'), nameLocation: 'end', nameGap: 12,
      nameTextStyle: { align: 'left', fontSize: 11 }, axisLabel: { formatter: (v) => v.toLocaleString(locale()) },
    },
    series: [
      {
        type: 'bar', name: t('capacity.chart.ours'), color: ORANGE,
        data: withPeak.map((m) => kwOf(m.peakW)),
        markLine: {
          symbol: 'none', silent: true,
          data: [
            { yAxis: averageKw, name: t('capacity.average'), lineStyle: { color: '#1f2a36', type: 'solid' },
              label: { formatter: () => format.kw(averageKw * 1000), position: 'end', fontSize: 10 } },
            { yAxis: MINIMUM_KW, name: t('capacity.chart.minimum'), lineStyle: { color: GREY, type: 'dashed' },
              // its label would sit on the average's when the two lines are close: the average's wins
              label: {
                show: Math.abs(averageKw - MINIMUM_KW) > 0.4, formatter: () => t('capacity.chart.minimum'),
                position: 'end', fontSize: 10, color: GREY, width: 76, overflow: 'break',
              } },
          ],
        },
      },
      { type: 'bar', name: t('capacity.chart.meter'), color: GREY, data: withPeak.map((m) => kwOf(m.meterPeakW)) },
    ],
  }, true);
  // what the chart shows, for screen readers and for the browser tests, which cannot look inside the canvas
  element.dataset.bars = String(withPeak.length);
  element.dataset.months = withPeak.map((m) => m.month).join(' ');
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', t('capacity.chart.label', { bars: withPeak.length }));
}
