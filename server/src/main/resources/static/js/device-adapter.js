// The adapter of a charger or an inverter entered at an address (settings page, device list): one small form per
// device whose fields are the settings its adapter type declares (GET /api/device-types), saved with
// PUT /api/locations/{id}/devices/{device}/adapter and removed with DELETE. A secret is never shown again; left
// empty, the one saved is kept. Devices of the server's own settings are only listed.
import * as api from './api.js';
import { clearErrors, onSubmit, showError } from './form.js';
import { t } from './i18n.js';

/** The adapter kind of a device kind of the address's list, or null where no adapter can reach it yet. */
export function adapterKind(deviceKind) {
  return { EV_CHARGER: 'charger', INVERTER: 'inverter', BATTERY: 'battery', HEAT_BATTERY: 'boiler' }[deviceKind] ?? null;
}

/** A setting's label: the web app's text where it has one, else the setting's own name. */
function label(name) {
  const key = `device.setting.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/** The input for one declared setting, in its label, with what the adapter takes when it is left empty. */
function field(setting, value) {
  const wrapper = document.createElement('label');
  wrapper.append(`${label(setting.name)}${setting.required ? ' *' : ''}`);
  const input = document.createElement('input');
  input.name = `values.${setting.name}`;
  if (setting.kind === 'BOOLEAN') {
    input.type = 'checkbox';
    input.value = 'true';
    input.checked = (value ?? setting.defaultValue) === 'true';
    wrapper.prepend(input);
    return wrapper;
  }
  input.type = setting.secret ? 'password' : 'text';
  if (setting.kind === 'INTEGER' || setting.kind === 'DECIMAL') input.inputMode = 'decimal';
  if (setting.secret) {
    input.autocomplete = 'new-password';
    input.placeholder = t(value === true ? 'device.secret.kept' : 'device.secret.new');
  } else {
    input.value = value ?? '';
    if (setting.defaultValue) input.placeholder = setting.defaultValue;
  }
  if (setting.required && !setting.secret) input.required = true;
  wrapper.append(input);
  return wrapper;
}

/**
 * A <details> with the device's adapter form.
 *
 * @param place   the address
 * @param device  the device of the list ({id, kind})
 * @param adapter its adapter as GET /api/locations/{id}/adapters gives it, or undefined
 * @param types   every adapter type with its settings
 * @param changed called after a save or a removal
 */
export function adapterDetails(place, device, adapter, types, changed) {
  const kind = adapterKind(device.kind);
  const ofKind = types.filter((type) => type.kind === kind);
  const details = document.createElement('details');
  details.className = 'device-adapter';
  const summary = document.createElement('summary');
  summary.textContent = adapter
    ? t('device.adapter.summary', { type: adapter.type, state: adapter.error ?? adapter.describe ?? '' })
    : t('device.adapter.connect');
  details.append(summary);

  const form = document.createElement('form');
  form.noValidate = true;
  const typeLabel = document.createElement('label');
  typeLabel.append(t('device.adapter.type'));
  const select = document.createElement('select');
  select.name = 'type';
  select.replaceChildren(...ofKind.map((type) => {
    const option = document.createElement('option');
    option.value = type.type;
    option.textContent = t(`device.type.${type.type}`) === `device.type.${type.type}` ? type.type
      : t(`device.type.${type.type}`);
    return option;
  }));
  if (adapter) select.value = adapter.type;
  typeLabel.append(select);
  const fields = document.createElement('div');
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('data-error', '');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = t('device.adapter.save');
  form.append(typeLabel, fields, error, save);

  const render = () => {
    const type = ofKind.find((candidate) => candidate.type === select.value);
    const same = adapter && adapter.type === select.value;
    fields.replaceChildren(...(type?.settings ?? []).map((setting) => field(setting,
      setting.secret ? (same && adapter.secrets.includes(setting.name)) : same ? adapter.values[setting.name] : undefined)));
  };
  select.addEventListener('change', render);
  render();

  onSubmit(form, async (entered) => {
    const values = {};
    for (const [name, value] of Object.entries(entered)) {
      if (name.startsWith('values.') && value !== '') values[name.slice('values.'.length)] = value;
    }
    for (const box of form.querySelectorAll('input[type=checkbox]')) {
      values[box.name.slice('values.'.length)] = box.checked ? 'true' : 'false';
    }
    await api.send('PUT', `/api/locations/${place.id}/devices/${device.id}/adapter`, { type: select.value, values });
    await changed();
  });
  details.append(form);

  if (adapter) {
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = t('device.adapter.remove');
    remove.addEventListener('click', async () => {
      try {
        clearErrors(form);
        await api.send('DELETE', `/api/locations/${place.id}/devices/${device.id}/adapter`);
        await changed();
      } catch (e) {
        showError(form, e);
      }
    });
    details.append(remove);
  }
  return details;
}
