// The advice page (docs/ADVICE.md): each piece of advice the server computed from the address's own quarters, as a
// card with its figure, a sentence holding the figures behind it and a short why. The server gives keys and figures;
// every word is here in i18n and every number goes through Intl.NumberFormat in the language shown.
import * as api from './api.js';
import * as format from './format.js';
import { locale, t } from './i18n.js';
import { session } from './session.js';
import { today } from './time.js';

/** How many months back the month picker goes. */
const MONTHS = 13;
/** The least a month's peak counts in the capacity tariff, W. */
const MINIMUM_W = 2500;

let meter = null;
let month = null;
let shown = 0; // counts renders, so an older answer arriving late does not overwrite a newer one

export function init() {
  document.getElementById('advice-month').addEventListener('change', (e) => {
    month = e.target.value;
    load().catch((error) => console.warn(error));
  });
}

export async function render(meterId) {
  if (meter !== meterId) month = null;
  meter = meterId;
  fillMonths();
  await load();
}

function fillMonths() {
  const select = document.getElementById('advice-month');
  const [y, m] = today().slice(0, 7).split('-').map(Number);
  const months = [];
  for (let back = 0; back < MONTHS; back++) {
    const d = new Date(Date.UTC(y, m - 1 - back, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  month = month ?? months[0];
  select.replaceChildren(...months.map((value) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = format.month(value);
    return option;
  }));
  select.value = month;
}

async function load() {
  const mine = ++shown;
  const place = session.meters.find((p) => p.id === meter);
  const box = document.getElementById('advice-cards');
  box.setAttribute('aria-busy', 'true');
  const answer = await api.get(`/api/locations/${encodeURIComponent(place.location)}/advice?month=${month}`);
  if (mine !== shown) return;
  box.replaceChildren(...answer.advice.map(card));
  box.removeAttribute('aria-busy');
  box.dataset.month = answer.month;
}

const percent = (ratio) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 })
  .format(Number(ratio));
const watts = (value) => t('advice.watts', { value: format.number(value) });
const hour = (h) => new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
  .format(new Date(Date.UTC(2000, 0, 1, h % 24)));
const when = (instant) => format.brussels(instant, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const euroOr = (amount) => (amount === null || amount === undefined ? '–' : format.euro(amount));

/** The figure on the card, the sentence's arguments and the list under it, for each kind of advice. */
const KINDS = {
  selfConsumption: (f) => ({
    figure: f.ratio === null ? '–' : percent(f.ratio),
    args: { ratio: f.ratio === null ? '–' : percent(f.ratio), produced: format.kwh(f.producedWh),
      exported: format.kwh(f.exportedWh), used: format.kwh(f.selfConsumedWh) },
  }),
  selfSufficiency: (f) => ({
    figure: f.ratio === null ? '–' : percent(f.ratio),
    args: { ratio: f.ratio === null ? '–' : percent(f.ratio), consumed: format.kwh(f.consumedWh),
      bought: format.kwh(f.importedWh) },
  }),
  baseLoad: (f) => ({
    figure: f.watts === null ? '–' : watts(f.watts),
    args: { watts: f.watts === null ? '–' : watts(f.watts), last: f.lastMonthWatts === null ? '–' : watts(f.lastMonthWatts),
      change: f.changeWatts === null ? '–' : t('advice.watts', { value: new Intl.NumberFormat(locale(),
        { signDisplay: 'exceptZero' }).format(f.changeWatts) }),
      yearly: f.yearlyWh === null ? '–' : format.kwh(f.yearlyWh) },
  }),
  surplusHours: (f) => {
    const best = f.windows[0];
    return {
      figure: best ? t('advice.surplus.window', { from: hour(best.fromHour), to: hour(best.toHour) }) : '–',
      args: best ? { from: hour(best.fromHour), to: hour(best.toHour), surplus: format.kwh(best.typicalWh),
        days: format.number(f.coverage.measuredDays) } : { days: format.number(f.coverage.measuredDays) },
      list: f.moves.map((m) => t(m.savingPerRun === null ? 'advice.surplus.moveUnpriced' : 'advice.surplus.move', {
        appliance: t(`advice.appliance.${m.appliance}`), kwh: format.kwh(m.whPerRun), saving: euroOr(m.savingPerRun),
      })),
    };
  },
  eveningPeak: (f) => ({
    figure: f.share === null ? '–' : percent(f.share),
    args: { share: f.share === null ? '–' : percent(f.share), evening: format.kwh(f.eveningWh),
      consumed: format.kwh(f.consumedWh) },
  }),
  capacityPeaks: (f) => ({
    figure: f.top.length ? format.kw(f.top[0].watts) : '–',
    args: f.top.length ? { peak: format.kw(f.top[0].watts), when: when(f.top[0].start),
      average: format.kw(Number(f.averageKw) * 1000), month: euroOr(f.monthCost), cost: euroOr(f.peakCost),
      saving: euroOr(f.saving), second: format.kw(Math.max(f.top[1]?.watts ?? f.top[0].watts, MINIMUM_W)) } : {},
    list: f.top.map((p) => t('advice.capacity.quarter', { when: when(p.start), power: format.kw(p.watts) })),
  }),
  cheapestTariff: (f) => ({
    figure: f.cheapest ? format.euro(f.cheapest.totalInclVat) : '–',
    args: { current: f.current ? format.euro(f.current.totalInclVat) : '–',
      cheapest: f.cheapest ? format.euro(f.cheapest.totalInclVat) : '–',
      name: f.cheapest ? tariffName(f.cheapest.name) : '–', saving: euroOr(f.saving) },
  }),
  storageSaving: (f) => ({
    figure: format.euro(f.saved),
    args: { device: f.device, saved: format.euro(f.saved), moved: format.kwh(f.movedWh), month: format.month(f.month) },
  }),
};

/** A saved tariff is named by the date it applies from; the household's own as such. */
function tariffName(name) {
  return /^\d{4}-\d{2}-\d{2}$/.test(name) ? t('advice.tariff.from', { date: format.date(name, { dateStyle: 'long' }) })
    : t('advice.tariff.own');
}

function card(piece) {
  const shape = KINDS[piece.kind](piece.figures);
  const article = document.createElement('article');
  article.className = 'card advice';
  article.dataset.kind = piece.kind;
  article.dataset.key = piece.key;
  const title = document.createElement('h2');
  title.textContent = t(`advice.${piece.kind}.title`);
  const figure = document.createElement('p');
  figure.className = 'advice-figure';
  figure.textContent = piece.key === 'advice.noData' ? '–' : shape.figure;
  const text = document.createElement('p');
  text.className = 'advice-text';
  text.textContent = t(piece.key, shape.args);
  article.append(title, figure, text);
  if (shape.list?.length && piece.key !== 'advice.noData') {
    const list = document.createElement('ul');
    list.className = 'advice-list';
    list.replaceChildren(...shape.list.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
    article.append(list);
  }
  const why = document.createElement('p');
  why.className = 'hint';
  why.textContent = t(`advice.${piece.kind}.why`);
  const covered = document.createElement('p');
  covered.className = 'hint advice-coverage';
  covered.textContent = t('advice.coverage', { measured: format.number(piece.coverage.measuredDays),
    days: format.number(piece.coverage.days) });
  article.append(why, covered);
  return article;
}
