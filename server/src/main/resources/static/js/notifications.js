// The household's notifications (low credit, emergency credit, limited power, power cut), newest first, worded by
// the server in the user's language; the nav link carries the number of unread ones.
import * as api from './api.js';
import * as format from './format.js';
import { t } from './i18n.js';
import { session } from './session.js';

const EVERY_MS = 60_000;
let meter = null;

const path = (id) => `${api.meterPath(id)}/notifications`;

/** Keeps the badge fresh: the first meter, as the app shows it, every minute. */
export function init() {
  const refresh = async () => {
    // signed out (the login page): nothing to ask, and asking would only answer 401
    if (!session.account) return;
    if (!meter) {
      const list = await api.meters().catch(() => []);
      if (list.length === 0) return;
      meter = list[0].id;
    }
    badge(await api.get(path(meter)).catch(() => []));
  };
  refresh();
  setInterval(refresh, EVERY_MS);
}

function badge(items) {
  const unread = items.filter((n) => !n.readAt).length;
  const mark = document.getElementById('notify-badge');
  mark.textContent = unread > 0 ? String(unread) : '';
  mark.hidden = unread === 0;
}

export async function render(meterId) {
  meter = meterId;
  const items = await api.get(path(meterId));
  badge(items);
  const list = document.getElementById('notify-list');
  list.replaceChildren();
  for (const n of items) {
    const item = document.createElement('li');
    item.className = `notification ${n.readAt ? 'read' : 'unread'} ${n.state.toLowerCase()}`;
    item.dataset.id = n.id;
    const title = document.createElement('strong');
    title.textContent = n.title;
    const when = document.createElement('span');
    when.className = 'hint';
    when.textContent = format.brussels(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' });
    const text = document.createElement('p');
    text.textContent = n.text;
    item.append(title, document.createElement('br'), when, text);
    if (!n.readAt) {
      const read = document.createElement('button');
      read.type = 'button';
      read.textContent = t('notify.markRead');
      read.addEventListener('click', async () => {
        await api.send('POST', `${path(meterId)}/${n.id}/read`);
        await render(meterId);
      });
      item.append(read);
    }
    list.append(item);
  }
  document.getElementById('notify-empty').hidden = items.length > 0;
}
