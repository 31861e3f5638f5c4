// Keeps the app shell (page, scripts, texts, icons, ECharts) so the app opens without a network; the API is
// never cached, as its answers are live. Network first, so a new version is used as soon as it is reachable.
const CACHE = 'meterkast-shell-v3';
const SHELL = [
  './', 'index.html', 'app.css', 'app.js', 'manifest.webmanifest',
  'js/api.js', 'js/charts.js', 'js/dashboard.js', 'js/format.js', 'js/i18n.js', 'js/overview.js', 'js/time.js',
  'js/live.js', 'js/meter.js', 'js/meter-registers.js', 'js/capacity.js',
  'js/prepaid.js', 'js/prepaid-help.js', 'js/notifications.js',
  'js/session.js', 'js/form.js', 'js/login.js', 'js/register.js', 'js/forgot.js', 'js/reset.js', 'js/settings.js',
  'js/add-address.js', 'js/verify.js', 'js/help.js', 'js/tabbar.js',
  'i18n/en.json', 'i18n/nl.json', 'i18n/fr.json',
  'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'webjars/echarts/dist/echarts.min.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(event.request, { ignoreSearch: true })));
});
