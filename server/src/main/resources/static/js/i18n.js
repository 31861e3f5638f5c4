// Texts come from i18n/{nl,fr,en}.json; the page itself holds none, only data-i18n keys.
import { take } from './early.js';

export const LANGUAGES = ['nl', 'fr', 'en'];
const STORED = 'meterkast.language';
// Number and date formats follow the language; Dutch and French as written in Belgium.
const LOCALES = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

let language = 'en';
let texts = {};

/** The language this device used last (chosen, or the account's), or null. */
export function storedLanguage() {
  const stored = localStorage.getItem(STORED);
  return LANGUAGES.includes(stored) ? stored : null;
}

/** The language this device used last, else the browser's first language we have, else English. */
export function initialLanguage() {
  const stored = storedLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export async function useLanguage(lang, remember) {
  // the texts early.js asked for while the page loaded, when they are these
  const response = await (take(`i18n/${lang}.json`) ?? fetch(`i18n/${lang}.json`));
  if (!response.ok) throw new Error(`i18n/${lang}.json: ${response.status}`);
  texts = await response.json();
  language = lang;
  if (remember) localStorage.setItem(STORED, lang);
  document.documentElement.lang = lang;
  translatePage();
}

/** Keeps lang as this device's language, without loading its texts (those shown already). */
export function rememberLanguage(lang) {
  localStorage.setItem(STORED, lang);
}

export function currentLanguage() {
  return language;
}

export function locale() {
  return LOCALES[language];
}

/** The text for a key with {name} placeholders filled; a missing key shows itself, so it is seen and fixed. */
export function t(key, args = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)}/g, (whole, name) => (name in args ? args[name] : whole));
}

export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
}
