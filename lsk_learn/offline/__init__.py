"""Offline practice (issue 15): the installable web app's manifest and service worker, practice packs
a learner downloads into the phone (IndexedDB, static/js/offline.js), and the idempotent endpoint
that takes the answers given without a connection. Pages work without it: offline is an addition."""
