// An address's settings (#settings/<locationId>), as the gear next to the address opens them: the postal address
// and EANs, the tariffs with their history, the devices installed, and the account: profile, password, API tokens
// and logging out.
import * as api from './api.js';
import * as format from './format.js';
import { clearErrors, onSubmit, showError } from './form.js';
import { t } from './i18n.js';
import { reloadMeters, session, signedOut } from './session.js';
import * as tariffForm from './tariff-form.js';

/** The kinds of device the server knows, in the order the list offers them. */
export const KINDS = ['P1_READER', 'DIGITAL_METER', 'GAS_METER', 'WATER_METER', 'INVERTER', 'BATTERY',
  'HEAT_BATTERY', 'EV_CHARGER'];

let place = null; // the address shown: GET /api/locations/{id}

export function init() {
  const address = document.getElementById('settings-address');
  onSubmit(address, async (fields) => {
    place = await api.send('PUT', `/api/locations/${place.id}`, fields);
    fillAddress();
    saved(address);
    await reloadMeters(place.meter);
  });

  tariffForm.mount();

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

export async function render(meterId, locationId) {
  // without an id, the address the switcher shows
  const id = locationId ?? session.meters.find((m) => m.id === meterId)?.location;
  if (id === undefined) {
    location.hash = '#add-address';
    return;
  }
  for (const form of document.querySelectorAll('#settings form')) clearErrors(form);
  for (const notice of document.querySelectorAll('#settings [data-saved]')) notice.hidden = true;
  document.getElementById('token-issued').hidden = true;
  for (const option of document.querySelectorAll('#device-form [data-kind]')) {
    option.textContent = t(kindKey(option.dataset.kind));
  }
  place = await api.location(id);
  fillAddress();
  const account = await api.get('/api/account');
  session.account = account;
  const profile = document.getElementById('profile-form');
  profile.elements.name.value = account.name ?? '';
  profile.elements.email.value = account.email;
  // an account made through Google or Apple has no password yet: it sets one without a current one
  profile.ownerDocument.querySelector('#password-form [name=current]').closest('label').hidden = !account.hasPassword;
  showVerified(account);
  await Promise.all([tariffForm.render(place), devices(), tokens()]);
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
  const all = await api.devices(place.id);
  list.replaceChildren(...all.map((d) => {
    const id = d.ean ? t('settings.device.eanOf', { ean: d.ean }) : d.serial ? t('settings.device.serialOf', { serial: d.serial }) : '';
    const since = t('settings.device.activeSince', { date: format.date(d.activeSince, { dateStyle: 'short' }) });
    const row = item(d.label ? `${t(kindKey(d.kind))}: ${d.label}` : t(kindKey(d.kind)),
      [id, since].filter(Boolean).join(' · '));
    row.dataset.kind = d.kind;
    row.append(removeButton(async () => {
      await api.send('DELETE', `/api/locations/${place.id}/devices/${d.id}`);
      await devices();
    }, 'settings.device.remove'));
    return row;
  }));
  if (all.length === 0) list.replaceChildren(item(t('settings.device.none'), ''));
}

async function tokens() {
  const list = document.getElementById('token-list');
  const all = (await api.get('/api/account/tokens')).filter((token) => !token.revoked);
  list.replaceChildren(...all.map((token) => {
    const used = token.lastUsed
      ? t('account.tokens.lastUsed', { when: format.brussels(token.lastUsed, { dateStyle: 'medium', timeStyle: 'short' }) })
      : t('account.tokens.unused');
    const row = item(token.name,
      `${t('account.tokens.created', { when: format.brussels(token.created, { dateStyle: 'medium' }) })} · ${used}`);
    row.append(removeButton(async () => {
      await api.send('DELETE', `/api/account/tokens/${token.id}`);
      await tokens();
    }, 'account.tokens.revoke'));
    return row;
  }));
  if (all.length === 0) list.replaceChildren(item(t('account.tokens.none'), ''));
}

function item(title, detail, className = '') {
  const li = document.createElement('li');
  li.className = className;
  const text = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = title;
  text.append(strong);
  if (detail) {
    const small = document.createElement('small');
    small.textContent = detail;
    text.append(small);
  }
  li.append(text);
  return li;
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
