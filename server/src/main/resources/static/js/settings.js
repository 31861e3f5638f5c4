// An address's settings (#settings/<locationId>[/source|/import]), as the gear next to the address opens them: the
// postal address and EANs, its live source (given, changed or stopped), a Mijn Fluvius export to upload, the tariffs
// with their history, the devices installed, removing the address; and the account: profile, password, API tokens
// and logging out (#settings/account shows these alone, also for an account without an address).
import * as api from './api.js';
import * as format from './format.js';
import { clearErrors, listItem, onSubmit, showError } from './form.js';
import { t } from './i18n.js';
import { reloadMeters, session, signedOut } from './session.js';
import * as tariffForm from './tariff-form.js';
import { followImport } from './add-address.js';
import { adapterDetails, adapterKind } from './device-adapter.js';

/** The kinds of device the server knows, in the order the list offers them. */
export const KINDS = ['P1_READER', 'DIGITAL_METER', 'GAS_METER', 'WATER_METER', 'INVERTER', 'BATTERY',
  'HEAT_BATTERY', 'EV_CHARGER'];

let place = null; // the address shown: GET /api/locations/{id}
/** The cards of the address, left out when the account alone is shown. */
const ADDRESS_CARDS = ['settings-address', 'settings-source', 'settings-import', 'settings-tariffs', 'settings-devices',
  'settings-remove'];

export function init() {
  const address = document.getElementById('settings-address');
  onSubmit(address, async (fields) => {
    place = await api.send('PUT', `/api/locations/${place.id}`, fields);
    fillAddress();
    saved(address);
    await reloadMeters(place.meter);
  });

  tariffForm.mount();

  const source = document.getElementById('settings-source-form');
  onSubmit(source, async (fields) => {
    await api.send('PUT', `/api/locations/${place.id}/source`, { source: fields.source, address: fields.address });
    place = await api.location(place.id);
    fillSource();
    saved(source);
    await devices();
  });
  document.getElementById('settings-source-remove').addEventListener('click', async () => {
    if (!window.confirm(t('settings.source.removeConfirm', { address: place.liveAddress }))) return;
    try {
      clearErrors(source);
      await api.send('DELETE', `/api/locations/${place.id}/source`);
      place = await api.location(place.id);
      fillSource();
      await devices();
    } catch (e) {
      showError(source, e);
    }
  });

  const upload = document.getElementById('settings-import');
  onSubmit(upload, async () => {
    const file = upload.elements.file.files[0];
    if (!file) {
      showError(upload, { body: { parameter: 'file', error: t('add.import.choose') } });
      return;
    }
    await followImport(place.meter, file, document.getElementById('settings-import-progress'),
      document.getElementById('settings-import-state'));
    place = await api.location(place.id);
    await devices();
  });

  document.getElementById('settings-remove-button').addEventListener('click', async () => {
    const card = document.getElementById('settings-remove');
    if (!window.confirm(t('settings.remove.confirm', { name: place.name }))) return;
    try {
      clearErrors(card);
      await api.send('DELETE', `/api/locations/${place.id}`);
      await reloadMeters();
      location.hash = session.meters.length ? '#dashboard' : '#add-address';
    } catch (e) {
      showError(card, e);
    }
  });

  const device = document.getElementById('device-form');
  device.elements.kind.replaceChildren(...KINDS.map((kind) => {
    const option = document.createElement('option');
    option.value = kind;
    option.dataset.kind = kind;
    return option;
  }));
  onSubmit(device, async (fields) => {
    await api.send('POST', `/api/locations/${place.id}/devices`, {
      kind: fields.kind, label: fields.label, serial: fields.serial || null, ean: fields.ean || null,
      activeSince: fields.activeSince || null,
    });
    device.reset();
    device.closest('details').open = false;
    await devices();
  });

  const profile = document.getElementById('profile-form');
  onSubmit(profile, async ({ name, email }) => {
    session.account = await api.send('PUT', '/api/account', { name, email });
    showVerified(session.account);
    saved(profile);
  });
  // a link by e-mail proves the address (an administrator named by the operator needs it)
  document.getElementById('verify-email').addEventListener('click', async () => {
    try {
      clearErrors(profile);
      await api.send('POST', '/api/account/email-verification');
      document.getElementById('verify-sent').hidden = false;
    } catch (e) {
      showError(profile, e);
    }
  });

  const password = document.getElementById('password-form');
  onSubmit(password, async ({ current, password: next }) => {
    await api.send('PUT', '/api/account/password', { current, password: next });
    password.reset();
    saved(password);
  });

  const token = document.getElementById('token-form');
  onSubmit(token, async ({ name }) => {
    const issued = await api.send('POST', '/api/account/tokens', { name });
    token.reset();
    // the server keeps only its hash: this is the one time it can be read
    document.getElementById('token-secret').textContent = issued.token;
    document.getElementById('token-issued').hidden = false;
    await tokens();
  });

  document.getElementById('logout').addEventListener('click', async () => {
    await api.send('POST', '/api/account/logout').catch(() => null);
    await signedOut();
  });
}

export async function render(meterId, locationId, part) {
  // without an id, the address the switcher shows; "account" (or no address at all): the account alone
  const id = locationId === 'account' ? undefined : locationId ?? session.meters.find((m) => m.id === meterId)?.location;
  const section = document.getElementById('settings');
  section.dataset.accountOnly = String(id === undefined);
  for (const card of ADDRESS_CARDS) document.getElementById(card)?.toggleAttribute('data-address-only', true);
  document.getElementById('nav-profile').classList.toggle('active', id === undefined);
  for (const form of document.querySelectorAll('#settings form')) clearErrors(form);
  for (const notice of document.querySelectorAll('#settings [data-saved]')) notice.hidden = true;
  clearErrors(document.getElementById('settings-remove'));
  document.getElementById('token-issued').hidden = true;
  for (const option of document.querySelectorAll('#device-form [data-kind]')) {
    option.textContent = t(kindKey(option.dataset.kind));
  }
  if (id === undefined) {
    place = null;
    document.getElementById('settings-name').textContent = '';
  } else {
    place = await api.location(id);
    fillAddress();
    fillSource();
    document.getElementById('settings-import-progress').hidden = true;
    document.getElementById('settings-import-state').textContent = '';
    document.getElementById('settings-import').reset();
  }
  const account = await api.get('/api/account');
  session.account = account;
  const profile = document.getElementById('profile-form');
  profile.elements.name.value = account.name ?? '';
  profile.elements.email.value = account.email;
  // an account made through Google or Apple has no password yet: it sets one without a current one
  profile.ownerDocument.querySelector('#password-form [name=current]').closest('label').hidden = !account.hasPassword;
  showVerified(account);
  // the whole installation's backup: every household's data, so the server's administrators only
  document.getElementById('backup-card').hidden = !account.administrator;
  await Promise.all(place ? [tariffForm.render(place), devices(), tokens()] : [tokens()]);
  // a link to one card of the page (the live source, an export, the profile) shows that card
  const target = { source: 'settings-source', import: 'settings-import' }[part]
    ?? (place ? null : 'profile-form');
  if (target) document.getElementById(target).scrollIntoView({ block: 'start' });
}

/** The address's live source: what it is read from, and the form to give, change or stop it. */
function fillSource() {
  const state = document.getElementById('settings-source-state');
  const form = document.getElementById('settings-source-form');
  const own = place.live === 'tcp' || place.live === 'homewizard';
  // a meter this server reads (or the simulated household) keeps the source its administrator gave it
  const operators = place.configured;
  state.textContent = own ? t('settings.source.current', { address: place.liveAddress })
    : operators ? t('settings.source.configured') : t('settings.source.none');
  state.dataset.live = place.live ?? '';
  form.hidden = operators;
  form.elements.source.value = own ? place.live : 'tcp';
  form.elements.address.value = own ? place.liveAddress : '';
  document.getElementById('settings-source-remove').hidden = !own;
  document.getElementById('settings-remove-hint').textContent = t(operators
    ? 'settings.remove.kept' : 'settings.remove.withData');
}

function showVerified(account) {
  document.getElementById('email-verified').hidden = !account.emailVerified;
  document.getElementById('email-unverified').hidden = Boolean(account.emailVerified);
  document.getElementById('verify-sent').hidden = true;
}

function fillAddress() {
  const form = document.getElementById('settings-address');
  for (const name of ['name', 'street', 'postalCode', 'city', 'eanElectricity', 'eanGas']) {
    form.elements[name].value = place[name] ?? '';
  }
  document.getElementById('settings-name').textContent = place.name;
}

function saved(form) {
  form.querySelector('[data-saved]').hidden = false;
}

/** The i18n key of a device kind: "settings.device.kind.P1_READER". */
export function kindKey(kind) {
  return `settings.device.kind.${kind}`;
}

async function devices() {
  const list = document.getElementById('device-list');
  const [all, adapters, types] = await Promise.all([api.devices(place.id),
    api.get(`/api/locations/${place.id}/adapters`), api.get('/api/device-types')]);
  const firstDay = place.firstData ? brusselsDay(place.firstData) : null;
  const created = all.filter((d) => d.kind === 'P1_READER' || d.kind === 'DIGITAL_METER');
  list.replaceChildren(...all.map((d) => {
    const id = d.ean ? t('settings.device.eanOf', { ean: d.ean }) : d.serial ? t('settings.device.serialOf', { serial: d.serial }) : '';
    // the reader and the digital meter entered with the address are active since the first data stored, which an
    // export may date years before the address was made
    const day = created.includes(d) && firstDay && firstDay < d.activeSince ? firstDay : d.activeSince;
    const since = t('settings.device.activeSince', { date: format.date(day, { dateStyle: 'short' }) });
    const row = listItem(deviceName(d), [id, since].filter(Boolean).join(' · '));
    row.dataset.since = day;
    row.dataset.kind = d.kind;
    if (adapterKind(d.kind)) {
      row.firstElementChild.append(adapterDetails(place, d, adapters.find((a) => a.device === String(d.id)), types,
        devices));
    }
    row.append(removeButton(async () => {
      await api.send('DELETE', `/api/locations/${place.id}/devices/${d.id}`);
      await devices();
    }, 'settings.device.remove'));
    return row;
  }));
  // the inverter whose production the solar circle shows, when it was not entered as a device
  const meter = session.meters.find((m) => m.id === place.meter);
  if (meter?.hasInverter && !all.some((d) => d.kind === 'INVERTER')) {
    const row = listItem(`${t(kindKey('INVERTER'))}: ${t('settings.device.inverter.feeds')}`, firstDay
      ? t('settings.device.activeSince', { date: format.date(firstDay, { dateStyle: 'short' }) }) : '');
    row.dataset.kind = 'INVERTER';
    list.append(row);
  }
  // chargers, batteries and boilers of the server's own settings: listed, changed only by the operator
  for (const a of adapters.filter((adapter) => adapter.configured && ['charger', 'battery', 'boiler'].includes(adapter.kind))) {
    const row = listItem(`${t(`device.kind.${a.kind}`)}: ${a.device}`, `${a.describe ?? a.type} · ${t('device.configured')}`);
    row.dataset.kind = a.kind;
    list.append(row);
  }
  if (list.children.length === 0) list.replaceChildren(listItem(t('settings.device.none'), ''));
}

/**
 * A device's name in the page's language: a P1 reader is named by what it reads (the server's own description of
 * a source is not for the household), others by their kind and the name or model the household gave.
 */
function deviceName(d) {
  if (d.kind === 'P1_READER') {
    const address = place.liveAddress;
    return `${t(kindKey(d.kind))}: ${t(`settings.device.p1.${place.live ?? 'none'}`, { address })}`;
  }
  return d.label ? `${t(kindKey(d.kind))}: ${d.label}` : t(kindKey(d.kind));
}

/** The day in Brussels of an instant, "2025-03-29". */
function brusselsDay(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(instant));
}

async function tokens() {
  const list = document.getElementById('token-list');
  const all = (await api.get('/api/account/tokens')).filter((token) => !token.revoked);
  list.replaceChildren(...all.map((token) => {
    const used = token.lastUsed
      ? t('account.tokens.lastUsed', { when: format.brussels(token.lastUsed, { dateStyle: 'medium', timeStyle: 'short' }) })
      : t('account.tokens.unused');
    const row = listItem(token.name,
      `${t('account.tokens.created', { when: format.brussels(token.created, { dateStyle: 'medium' }) })} · ${used}`);
    row.append(removeButton(async () => {
      await api.send('DELETE', `/api/account/tokens/${token.id}`);
      await tokens();
    }, 'account.tokens.revoke'));
    return row;
  }));
  if (all.length === 0) list.replaceChildren(listItem(t('account.tokens.none'), ''));
}

function removeButton(action, key) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'remove';
  button.textContent = t(key);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      button.disabled = false;
      const box = document.getElementById('error');
      box.textContent = api.problem(e) ?? t('error.load');
      box.hidden = false;
    }
  });
  return button;
}
