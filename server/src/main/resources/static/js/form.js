// What every form shares: reading a form, and showing the server's refusal where it belongs (under the field the
// server names, else above the form's button), in the words the server chose. This is the one place that shows
// field errors; a form only needs a <label> around each input and a `[data-error]` box.
//
//   onSubmit(form, handler, options)  runs handler(values, form); a refusal is shown by showError
//   showError(form, error, options)   the problem detail's `errors: [{field, message}]` each under its input, the
//                                     rest (or a problem without errors) in the form's [data-error] box
//   fieldMessage(form, name, text)    one message under one input (empty text clears it)
//   clearErrors(form)                 clears them all
//   listItem(title, detail, class)    a row of a settings list (tariff versions, devices, tokens): title and detail
//
// options.field(serverField) names the input for a field the server names (default: the same name), e.g. a form
// whose inputs are "purchase" for the server's "tariff.purchase". Nothing typed is cleared on an error.
import { problem } from './api.js';
import { t } from './i18n.js';

/** The form's fields as an object, each text stripped of surrounding spaces. */
export function values(form) {
  const result = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') result[name] = value.trim();
  }
  return result;
}

/**
 * A decimal as typed in Belgium or England ("0,31" or "0.31") as a JSON number, whose shortest form is the text
 * typed, so the server's BigDecimal gets it exactly; null when empty, and the text itself when it is no number, so
 * the server names the field.
 */
export function decimal(text) {
  const compact = String(text ?? '').replace(/\s/g, '').replace(',', '.');
  if (compact === '') return null;
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : compact;
}

export function clearErrors(form) {
  for (const box of form.querySelectorAll('.field-error, [data-error]')) {
    box.textContent = '';
    box.hidden = true;
  }
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}

/** Shows a text under a field (the field's label holds it), or clears it when the text is empty. */
export function fieldMessage(form, name, text, good = false) {
  const field = form.elements[name];
  if (!field) return false;
  const label = field.closest('label') ?? field.parentElement;
  let box = label.querySelector('.field-error');
  if (!box) {
    box = document.createElement('small');
    box.className = 'field-error';
    label.append(box);
  }
  box.textContent = text ?? '';
  box.hidden = !text;
  box.classList.toggle('good', good);
  if (text && !good) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
  return true;
}

/**
 * A refused request: each of its field errors under the input it names (the first one focused), the others and a
 * problem without field errors in the form's error box.
 */
export function showError(form, error, { field = (name) => name } = {}) {
  const text = problem(error) ?? t('error.load');
  const errors = Array.isArray(error?.body?.errors) ? error.body.errors : [];
  const parameter = error?.body?.parameter;
  if (errors.length === 0 && parameter) errors.push({ field: parameter, message: text });
  let first = null;
  const unplaced = [];
  for (const { field: name, message } of errors) {
    const input = name ? field(name) : null;
    if (input && fieldMessage(form, input, message || text)) first ??= form.elements[input];
    else unplaced.push(message || text);
  }
  if (first) {
    (first instanceof RadioNodeList ? first[0] : first).focus();
    if (unplaced.length === 0) return;
  }
  const box = form.querySelector('[data-error]');
  box.textContent = first ? unplaced.join(' ') : text;
  box.hidden = false;
  if (!problem(error)) console.error(error);
}

/** Runs a form's submit handler with its errors cleared first and its button disabled while it runs. */
export function onSubmit(form, handler, options) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('[type=submit]');
    if (button) button.disabled = true;
    try {
      await handler(values(form), form);
    } catch (e) {
      showError(form, e, options);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/** A row of a settings list: its title in bold, a detail line under it when there is one. */
export function listItem(title, detail, className = '') {
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
