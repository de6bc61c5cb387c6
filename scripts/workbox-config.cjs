// Workbox's generateSW settings for static/sw.js (scripts/build_sw.sh). The worker precaches the
// static files and keeps the offline page's shell; it never caches any other page (they hold
// personal data), the JSON endpoints, or anything of /cohorts, /reports, /auth.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const STATIC = path.join(__dirname, '..', 'static');

// The app asks for /static/x?v=<first 12 hex of sha256> (core/static_files.py); precaching the same
// URL means a changed file is fetched anew, never served stale from an old worker's cache.
function versionedUrls(entries) {
  const manifest = entries.map((entry) => {
    const file = path.join(STATIC, entry.url);
    const version = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    return { url: `/static/${entry.url}?v=${version}`, revision: null, size: entry.size };
  });
  return { manifest, warnings: [] };
}

module.exports = {
  globDirectory: STATIC,
  globPatterns: ['css/*.css', 'js/*.js', 'icons/*.{svg,png}', 'manifest.webmanifest'],
  globIgnores: ['sw.js', 'js/lesson_preview.js'],  // the lesson editor is staff-only and online
  swDest: path.join(STATIC, 'sw.js'),
  manifestTransforms: [versionedUrls],
  dontCacheBustURLsMatching: /\?v=[0-9a-f]{12}$/,
  inlineWorkboxRuntime: true,  // one file, served from the site root as /sw.js
  sourcemap: false,
  mode: 'production',
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  runtimeCaching: [
    {
      // the offline page's shell (no personal data): from the network when there is one, so it is in
      // the learner's current language, else the copy kept at the last visit
      urlPattern: ({ request, url }) => request.mode === 'navigate' && url.pathname === '/learn/offline',
      handler: 'NetworkFirst',
      options: { cacheName: 'lsk-offline-shell', networkTimeoutSeconds: 6 },
    },
    {
      // every other page: the network only, never cached; without a connection, the offline page instead
      urlPattern: ({ request, url }) => request.mode === 'navigate' && url.pathname !== '/learn/offline',
      handler: 'NetworkOnly',
      options: {
        plugins: [{
          handlerDidError: async () => (await caches.match('/learn/offline', { cacheName: 'lsk-offline-shell' }))
            || Response.error(),
        }],
      },
    },
    {
      // listening passages of a downloaded pack: static/js/offline.js puts them in this cache; the
      // worker only reads it (with range requests, as audio players ask) and adds nothing itself
      urlPattern: ({ request }) => request.destination === 'audio',
      handler: 'CacheFirst',
      options: {
        cacheName: 'lsk-offline-audio',
        rangeRequests: true,
        plugins: [{ cacheWillUpdate: async () => null }],
      },
    },
  ],
};
