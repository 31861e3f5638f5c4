// Loads the app's texts in Node as the page does, from static/i18n/<language>.json, without a browser: the page's
// modules only touch `document` and `fetch` when a language is chosen, so small stand-ins are enough here.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { useLanguage } from '../../main/resources/static/js/i18n.js';

const I18N = new URL('../../main/resources/static/i18n/', import.meta.url);

globalThis.document ??= { documentElement: {}, querySelectorAll: () => [] };
globalThis.fetch = async (path) => {
  const file = new URL(String(path).replace(/^i18n\//, ''), I18N);
  const text = await readFile(fileURLToPath(file), 'utf8');
  return { ok: true, status: 200, json: async () => JSON.parse(text) };
};

/** Switches the app's texts and number formats to a language: 'nl', 'fr' or 'en'. */
export function speak(language) {
  return useLanguage(language, false);
}

/** A text with its no-break spaces (Intl's, around € and in French thousands) as plain spaces, to compare. */
export function plain(text) {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
