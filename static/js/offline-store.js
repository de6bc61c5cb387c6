/* Offline practice's storage and sending (issue 15), on every learner page and the offline page:
   registers the service worker (/sw.js), keeps the practice pack and the queue of answers given
   offline in IndexedDB, and sends the queue whenever there is a connection. Each answer carries a
   client id (a UUID), so a resend after a lost reply is stored once by the server.
   Window.LskOffline is what static/js/offline.js uses; a "lsk-offline-sync" event tells the page
   how the last sending went. */
(function () {
  'use strict';
  var DB_NAME = 'lsk-offline';
  var BATCH = 50;
  var TOPICS_URL = '/learn/offline/topics';
  var ANSWERS_URL = '/learn/offline/answers';

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains('pack')) { db.createObjectStore('pack'); }
        if (!db.objectStoreNames.contains('queue')) { db.createObjectStore('queue', { keyPath: 'client_id' }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // one transaction on one store; resolves with the last request's result once it has committed
  function withStore(name, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = work(transaction.objectStore(name));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function getPack() { return withStore('pack', 'readonly', function (s) { return s.get('current'); }); }
  function savePack(pack) { return withStore('pack', 'readwrite', function (s) { return s.put(pack, 'current'); }); }
  function waiting() { return withStore('queue', 'readonly', function (s) { return s.getAll(); }); }
  function queueAnswer(answer) { return withStore('queue', 'readwrite', function (s) { return s.put(answer); }); }
  function forget(ids) {
    return withStore('queue', 'readwrite', function (s) { ids.forEach(function (id) { if (id) { s.delete(id); } }); return null; });
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // JSON from one of our endpoints; a sign-in page instead (the session ended) is "sign_in"
  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (response) {
      var json = (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
      if (response.redirected || !json) { throw new Error('sign_in'); }
      return response.json().then(function (body) {
        if (!response.ok) { var error = new Error('refused'); error.body = body; throw error; }
        return body;
      });
    });
  }

  function topics() { return getJson(TOPICS_URL); }

  function postBatch(batch, token) {
    var body = JSON.stringify({ answers: batch.map(function (a) {
      return { client_id: a.client_id, question_id: a.question_id, form: a.form, answered_at: a.answered_at };
    }) });
    return fetch(ANSWERS_URL, {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': token }
    }).then(function (response) {
      var json = (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
      if (response.redirected) { throw new Error('sign_in'); }
      return (json ? response.json() : Promise.resolve(null)).then(function (data) {
        return { ok: response.ok, status: response.status, body: data };
      });
    });
  }

  function byAnswerTime(a, b) { return a.answered_at < b.answered_at ? -1 : a.answered_at > b.answered_at ? 1 : 0; }

  async function sendAll() {
    var queued = (await waiting()).sort(byAnswerTime);
    if (!queued.length) { return { state: 'sent', waiting: 0 }; }
    if (navigator.onLine === false) { return { state: 'offline', waiting: queued.length }; }
    var token, refused = null;
    try {
      token = (await topics()).csrf_token;
    } catch (error) {
      return { state: error.message === 'sign_in' ? 'sign_in' : 'failed', waiting: queued.length };
    }
    for (var i = 0; i < queued.length; i += BATCH) {
      var batch = queued.slice(i, i + BATCH);
      for (var attempt = 0; attempt < 2 && batch.length; attempt += 1) {
        var result;
        try { result = await postBatch(batch, token); } catch (error) {
          return { state: error.message === 'sign_in' ? 'sign_in' : 'failed', waiting: (await waiting()).length };
        }
        if (result.ok) {
          await forget(result.body.stored.concat(result.body.already));
          batch = [];
        } else if (result.status === 400 && result.body && result.body.rejected && result.body.rejected.length) {
          // answers the server will never take (a question gone from the bank): dropped, the rest sent again
          refused = result.body.error;
          await forget(result.body.rejected);
          batch = batch.filter(function (a) { return result.body.rejected.indexOf(a.client_id) < 0; });
        } else {
          return { state: 'failed', waiting: (await waiting()).length, message: result.body && result.body.error };
        }
      }
    }
    var left = (await waiting()).length;
    return { state: left ? 'failed' : 'sent', waiting: left, refused: refused };
  }

  var sending = null;
  function sync() {
    if (!sending) {
      sending = sendAll().catch(function () {
        return waiting().then(function (q) { return { state: 'failed', waiting: q.length }; });
      }).then(function (result) {
        sending = null;
        window.dispatchEvent(new CustomEvent('lsk-offline-sync', { detail: result }));
        return result;
      });
    }
    return sending;
  }

  window.LskOffline = {
    getPack: getPack, savePack: savePack, waiting: waiting, queueAnswer: queueAnswer,
    newClientId: newClientId, topics: topics, getJson: getJson, sync: sync
  };

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* practice online still works */ });
  }
  window.addEventListener('online', sync);
  if (window.indexedDB) { sync(); }

  // signing out deletes this phone's offline data: send what waits first, if there is a connection
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.action || !/\/auth\/logout$/.test(new URL(form.action, location.href).pathname) || form.dataset.synced) { return; }
    event.preventDefault();
    var done = function () { form.dataset.synced = '1'; form.submit(); };
    Promise.race([sync(), new Promise(function (resolve) { setTimeout(resolve, 5000); })]).then(done, done);
  });
}());
