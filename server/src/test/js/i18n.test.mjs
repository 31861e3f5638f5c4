// i18n.js: texts with placeholders, the locale of each language, and every language holding the same keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { currentLanguage, LANGUAGES, locale, t } from '../../main/resources/static/js/i18n.js';
import { speak } from './texts.mjs';

test('Dutch and French as written in Belgium, English as in Britain', async () => {
  await speak('nl');
  assert.equal(currentLanguage(), 'nl');
  assert.equal(locale(), 'nl-BE');
  await speak('fr');
  assert.equal(locale(), 'fr-BE');
  await speak('en');
  assert.equal(locale(), 'en-GB');
});

test('placeholders are filled; an unknown one stays; a missing key shows itself', async () => {
  await speak('nl');
  assert.equal(t('prepaid.days', { days: '3' }), 'ongeveer 3 dagen');
  assert.equal(t('prepaid.days'), 'ongeveer {days} dagen');
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('every language has the same keys', () => {
  const keys = (lang) => Object.keys(JSON.parse(readFileSync(
    new URL(`../../main/resources/static/i18n/${lang}.json`, import.meta.url), 'utf8'))).sort();
  const english = keys('en');
  for (const lang of LANGUAGES) assert.deepEqual(keys(lang), english, lang);
});
