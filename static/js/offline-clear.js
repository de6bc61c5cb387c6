/* Run by the first page after sign-out: deletes this phone's offline data (the practice pack, any
   answers still waiting, the service worker's caches), for browsers that ignore Clear-Site-Data. */
(function () {
  'use strict';
  if (window.indexedDB) { indexedDB.deleteDatabase('lsk-offline'); }
  if (window.caches) {
    caches.keys().then(function (names) { names.forEach(function (name) { caches.delete(name); }); });
  }
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
  }
}());
