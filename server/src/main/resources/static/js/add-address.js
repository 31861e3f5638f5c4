// Adding an address (#add-address), the "+" of the dashboard, in four steps: the name and postal address; the
// EANs, checked as they are typed; where the data comes from (a meter this server reads, or Fluvius' data only);
// then, where iLusmart asks for a Fluvius mandate, the Mijn Fluvius export is uploaded here, and how to open the
// P1 port is explained. It ends on the new address's dashboard.
import * as api from './api.js';
import * as format from './format.js';
import { clearErrors, fieldMessage, onSubmit } from './form.js';
import { locale, t } from './i18n.js';
import { reloadMeters } from './session.js';

const STEPS = ['add-address-form', 'add-ean-form', 'add-source-form', 'add-import-form'];
/** How long the EAN check waits after the last key, so a number typed quickly is checked once. */
const TYPING_PAUSE_MS = 250;
/** How often the import's progress is asked for. */
const POLL_MS = 400;

let fields = {};
let created = null; // the address made in step 3
let started = false; // whether the form was shown since the last address was made
let shownStep = 1;

export function init() {
  onSubmit(form(1), async (values) => {
    fields = { ...fields, ...values };
    step(2);
  });

  const eans = form(2);
  for (const name of ['eanElectricity', 'eanGas']) {
    let timer = null;
    eans.elements[name].addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => checkEan(name), TYPING_PAUSE_MS);
    });
  }
  onSubmit(eans, async (values) => {
    const results = await Promise.all(['eanElectricity', 'eanGas'].map(checkEan));
    if (results.every(Boolean)) {
      fields = { ...fields, ...values };
      step(3);
    }
  });

  const source = form(3);
  source.elements.meter.addEventListener('change', () => { source.elements.source.value = 'configured'; });
  source.elements.address.addEventListener('input', () => {
    if (!['tcp', 'homewizard'].includes(source.elements.source.value)) source.elements.source.value = 'tcp';
  });
  onSubmit(source, async (values) => {
    try {
      created = await api.send('POST', '/api/locations', {
        ...fields, source: values.source, meter: values.source === 'configured' ? values.meter : null,
        address: ['tcp', 'homewizard'].includes(values.source) ? values.address : null,
      });
    } catch (e) {
      // an EAN the server refuses is shown where it was typed
      const parameter = e?.body?.parameter;
      if (parameter === 'eanElectricity' || parameter === 'eanGas') {
        step(2);
        fieldMessage(form(2), parameter, api.problem(e));
        return;
      }
      if (parameter === 'name') step(1);
      if (parameter === 'address') {
        fieldMessage(form(3), 'address', api.problem(e));
        return;
      }
      throw e;
    }
    await reloadMeters(created.meter);
    step(4);
  });

  const upload = form(4);
  onSubmit(upload, async () => {
    const file = upload.elements.file.files[0];
    if (!file) {
      fieldMessage(upload, 'file', t('add.import.choose'));
      return;
    }
    await importFile(file);
  });
  document.getElementById('add-done').addEventListener('click', () => {
    started = false;
    location.hash = '#dashboard';
  });
  for (const back of document.querySelectorAll('#add-address [data-back]')) {
    back.addEventListener('click', () => step(Number(back.closest('form').dataset.step) - 1));
  }
}

export async function render() {
  // what was typed stays when the page is shown again (another language, a look at another page) until the address
  // is made; a new address starts empty
  if (!started || (created && shownStep !== 4)) {
    shownStep = 1;
    fields = {};
    created = null;
    for (const id of STEPS) document.getElementById(id).reset();
    document.getElementById('add-import-progress').hidden = true;
    document.getElementById('add-import-state').textContent = '';
    started = true;
  }
  for (const id of STEPS) clearErrors(document.getElementById(id));
  step(shownStep);
  // the meters this server reads that no address shows yet
  const free = await api.get('/api/locations/free-meters').catch(() => []);
  const source = form(3);
  source.elements.meter.replaceChildren(...free.map((id) => {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = id;
    return option;
  }));
  source.elements.meter.closest('label').hidden = free.length === 0;
  source.querySelector('[value=configured]').disabled = free.length === 0;
  document.getElementById('add-no-free').hidden = free.length > 0;
  if (free.length > 0 && !source.elements.source.value) source.elements.source.value = 'configured';
}

function form(number) {
  return document.getElementById(STEPS[number - 1]);
}

function step(number) {
  shownStep = number;
  STEPS.forEach((id, i) => { document.getElementById(id).hidden = i !== number - 1; });
  for (const li of document.querySelectorAll('#add-steps li')) {
    const n = Number(li.dataset.step);
    li.className = n === number ? 'current' : n < number ? 'done' : '';
  }
  form(number).querySelector('input:not([type=radio]), select')?.focus();
}

/**
 * Asks the server about the EAN in a field: its answer (valid and what it supplies, or what is wrong, in the
 * user's language) is shown under the field. True when the field is empty or the EAN is good.
 */
async function checkEan(name) {
  const eans = form(2);
  const text = eans.elements[name].value.replace(/[\s.]/g, '');
  if (text === '') {
    fieldMessage(eans, name, '');
    return true;
  }
  try {
    const ean = await api.get(`/api/ean/${encodeURIComponent(text)}`);
    if (eans.elements[name].value.replace(/[\s.]/g, '') !== text) return false; // typed on meanwhile
    const wrongKind = (name === 'eanGas' && ean.kind === 'ELECTRICITY')
      || (name === 'eanElectricity' && ean.kind === 'GAS');
    if (wrongKind) {
      fieldMessage(eans, name, t(name === 'eanGas' ? 'add.ean.notGas' : 'add.ean.notElectricity'));
      return false;
    }
    fieldMessage(eans, name, t(`add.ean.kind.${ean.kind}`), true);
    return true;
  } catch (e) {
    if (eans.elements[name].value.replace(/[\s.]/g, '') === text) {
      fieldMessage(eans, name, api.problem(e) ?? t('error.load'));
    }
    return false;
  }
}

/** Uploads the export to the new address's meter and follows the import until it is done or refused. */
async function importFile(file) {
  await followImport(created.meter, file, document.getElementById('add-import-progress'),
    document.getElementById('add-import-state'));
}

/**
 * Uploads a Mijn Fluvius export to a meter and follows the import on a progress bar and in a status line until it
 * is done; throws the server's refusal (with the line of the file it concerns) otherwise. The settings of an
 * address use it too.
 */
export async function followImport(meter, file, bar, state) {
  delete state.dataset.state;
  const body = new FormData();
  body.append('file', file);
  bar.hidden = false;
  bar.removeAttribute('value'); // moving while the file goes up
  state.textContent = t('add.import.sending');
  const started = await api.send('POST', `${api.meterPath(meter)}/imports`, body);
  for (;;) {
    const job = await api.get(`${api.meterPath(meter)}/imports/${encodeURIComponent(started.id)}`);
    if (job.totalBytes) {
      bar.max = job.totalBytes;
      bar.value = job.bytesRead ?? 0;
    }
    if (job.state === 'failed') {
      bar.hidden = true;
      state.textContent = '';
      const error = job.errorLine ? t('add.import.failedAt', { line: job.errorLine, error: job.error }) : job.error;
      throw Object.assign(new Error(error), { body: { error } });
    }
    if (job.state === 'done') {
      bar.value = bar.max;
      state.textContent = t('add.import.done', {
        quarters: new Intl.NumberFormat(locale()).format(job.quarters ?? 0),
        from: format.brussels(job.first, { dateStyle: 'long' }),
        // the end of the last quarter is midnight after the last day
        to: format.brussels(new Date(Date.parse(job.last) - 1).toISOString(), { dateStyle: 'long' }),
      });
      state.dataset.state = 'done';
      return;
    }
    state.textContent = t('add.import.reading', { rows: job.rowsRead ?? 0 });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
