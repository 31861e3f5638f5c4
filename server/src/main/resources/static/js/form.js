// What the account and address forms share: reading a form, and showing the server's refusal where it belongs
// (next to the field the server names, else above the form's button), in the words the server chose.
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

/** A refused request: next to the field it names when the form has that field, else in the form's error box. */
export function showError(form, error) {
  const text = problem(error) ?? t('error.load');
  const parameter = error?.body?.parameter;
  if (parameter && fieldMessage(form, parameter, text)) {
    form.elements[parameter].focus();
    return;
  }
  const box = form.querySelector('[data-error]');
  box.textContent = text;
  box.hidden = false;
  if (!problem(error)) console.error(error);
}

/** Runs a form's submit handler with its errors cleared first and its button disabled while it runs. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('[type=submit]');
    if (button) button.disabled = true;
    try {
      await handler(values(form), form);
    } catch (e) {
      showError(form, e);
    } finally {
      if (button) button.disabled = false;
    }
  });
}
