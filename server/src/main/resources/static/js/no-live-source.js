// What the live pages (dashboard, meter, capacity) say for an address without a live source: not "waiting for the
// meter" forever, but that its data comes from Fluvius exports, when the newest quarter hour stored is from, and a
// way to give it a live source (or upload a newer export) in its settings.
import * as api from './api.js';
import * as format from './format.js';
import { t } from './i18n.js';
import { session } from './session.js';

/**
 * Marks the page's section with data-no-live="true" (the stylesheet then hides its live parts) and puts the notice at
 * its top when the address of this meter has no live source; clears both when it has one.
 */
export async function showNoLiveSource(section, meterId) {
  const place = session.meters.find((m) => m.id === meterId);
  let notice = section.querySelector(':scope > .no-live');
  const clear = () => {
    delete section.dataset.noLive;
    if (notice) notice.hidden = true;
  };
  if (!place) return clear();
  let address;
  try {
    address = await api.location(place.location);
  } catch {
    return clear();
  }
  // another address chosen meanwhile
  if (session.meters.find((m) => m.id === meterId) !== place || address.live) return clear();
  if (!notice) {
    notice = document.createElement('div');
    notice.className = 'notice no-live';
    notice.setAttribute('role', 'status');
    section.prepend(notice);
  }
  const text = document.createElement('p');
  text.textContent = address.lastData
    ? t('noLive.lastData', { date: format.brussels(address.lastData, { dateStyle: 'long', timeStyle: 'short' }) })
    : t('noLive.noData');
  const links = document.createElement('p');
  const add = document.createElement('a');
  add.href = `#settings/${address.id}/source`;
  add.textContent = t('noLive.add');
  add.dataset.action = 'add-source';
  const upload = document.createElement('a');
  upload.href = `#settings/${address.id}/import`;
  upload.textContent = t('noLive.import');
  links.append(add, ' · ', upload);
  notice.replaceChildren(text, links);
  notice.hidden = false;
  section.dataset.noLive = 'true';
}
