// Keeps the app shell (page, scripts, texts, icons, ECharts) so the app opens at once, and without a network; the
// API is never kept, as its answers are live. The shell is served from the cache, and checked against the server a
// few seconds after each page load, once the page has had its own answers (the server answers 304 for what did not
// change, see application.properties): a new version is used from the next load on. What the cache lacks comes
// from the network and is kept.
const CACHE = 'meterkast-shell-v10';
const SHELL = [
  './', 'index.html', 'app.css', 'app.js', 'manifest.webmanifest',
  'js/early.js', 'js/api.js', 'js/charts.js', 'js/dashboard.js', 'js/dashboard-tiles.js', 'js/format.js', 'js/i18n.js', 'js/overview.js',
  'js/time.js', 'js/live.js', 'js/meter.js', 'js/meter-registers.js', 'js/capacity.js', 'js/csv.js',
  'js/prepaid.js', 'js/prepaid-help.js', 'js/notifications.js', 'js/no-live-source.js', 'js/place-name.js',
  'js/session.js', 'js/form.js', 'js/login.js', 'js/register.js', 'js/forgot.js', 'js/reset.js', 'js/settings.js',
  'js/tariff-form.js', 'js/device-adapter.js', 'js/network-area.js', 'js/add-address.js', 'js/verify.js', 'js/help.js', 'js/tabbar.js',
  'js/charger.js', 'js/chargers.js', 'js/ev.js', 'js/reasons.js', 'js/smart-charging.js', 'js/advice.js',
  'js/battery.js', 'js/heat.js', 'js/storage.js', 'js/storage-tiles.js', 'js/surplus-order.js', 'js/fleet.js',
  'i18n/en.json', 'i18n/nl.json', 'i18n/fr.json',
  'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'webjars/echarts/dist/echarts.min.js',
];
/** How long after a page load the shell is checked, and at most how often. */
const CHECK_AFTER_MS = 3000;
const CHECK_EVERY_MS = 60_000;
let lastCheck = 0;

/**
 * The page's scripts, styles, texts and pictures straight from the cache, without running this worker for each
 * (the browser's static routes, where it has them; elsewhere the fetch handler below does the same): on a busy
 * phone the worker is slow to answer thirty requests. The page itself still comes through the handler, which has
 * the shell checked after a load.
 */
const FROM_CACHE = {
  condition: {
    requestMethod: 'GET',
    or: ['/app.js', '/app.css', '/js/*', '/i18n/*', '/icons/*', '/webjars/*', '/manifest.webmanifest']
      .map((pathname) => ({ urlPattern: { pathname } })),
  },
  source: { cacheName: CACHE },
};

self.addEventListener('install', (event) => {
  if (event.addRoutes) {
    try {
      event.waitUntil(event.addRoutes(FROM_CACHE).catch((e) => console.warn(e)));
    } catch (e) {
      console.warn(e);
    }
  }
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/** The answer from the network, kept when it is a good one. */
async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    await caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** Checks every file kept against the server, keeping the ones that changed. */
async function checkShell() {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    try {
      const kept = await cache.match(request);
      const response = await fetch(request, { cache: 'no-cache' });
      if (!response.ok) continue;
      const changed = !kept || response.headers.get('last-modified') !== kept.headers.get('last-modified')
        || response.headers.get('etag') !== kept.headers.get('etag');
      if (changed) await cache.put(request, response);
    } catch {
      return; // no network: the kept shell stays as it is
    }
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate' && Date.now() - lastCheck > CHECK_EVERY_MS) {
    lastCheck = Date.now();
    event.waitUntil(new Promise((resolve) => setTimeout(resolve, CHECK_AFTER_MS)).then(checkShell));
  }
  event.respondWith(caches.match(event.request).then((kept) => kept ?? fetchAndKeep(event.request))
    .catch(() => caches.match(event.request, { ignoreSearch: true })));
});
