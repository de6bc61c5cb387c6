/* The offline practice page (/learn/offline): downloads a practice pack of chosen topics, lets the
   learner practise from it with no connection (answers checked here, against the pack's keys), and
   queues every answer for the server, which grades it again (static/js/offline-store.js sends it).
   Texts come from the page (#offline-strings), translated on the server. */
(function () {
  'use strict';
  var store = window.LskOffline;
  var T = JSON.parse(document.getElementById('offline-strings').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var pack = null, order = [], position = 0;

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (_m, name) { return values[name]; });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') { node.textContent = attrs.text; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function helpBlock(text) {
    if (!text) { return null; }
    return el('details', { class: 'offline-help' }, [el('summary', { text: T.in_my_language }), el('p', { text: text })]);
  }

  // ---- the queue's state ----
  function showSync(result) {
    var line = $('sync-status');
    if (result.state === 'sign_in') { line.textContent = T.sign_in; }
    else if (result.waiting === 0) { line.textContent = T.all_sent; }
    else {
      var count = result.waiting === 1 ? T.waiting_one : fmt(T.waiting, { n: result.waiting });
      var why = result.state === 'offline' || navigator.onLine === false ? T.offline : result.state === 'failed' ? T.send_failed : '';
      line.textContent = count + (why ? ' ' + why : '');
    }
    $('sync-refused').textContent = result.refused ? fmt(T.refused, { message: result.refused }) : '';
    $('send-now').hidden = result.waiting === 0;
  }

  function refreshWaiting() {
    return store.waiting().then(function (queued) {
      showSync({ state: navigator.onLine === false ? 'offline' : 'waiting', waiting: queued.length });
    });
  }

  // ---- the pack ----
  function showPack() {
    var info = $('pack-info');
    $('start-practice').hidden = !pack;
    if (!pack) { info.textContent = T.no_pack; $('lesson-list').textContent = ''; return; }
    info.textContent = fmt(T.pack_info, {
      date: new Date(pack.built_at).toLocaleDateString(document.documentElement.lang),
      topics: pack.topics.map(function (t) { return t.name; }).join(', '), n: pack.questions.length
    });
    var list = $('lesson-list');
    list.textContent = '';
    if (!pack.lessons.length) { list.appendChild(el('p', { text: T.no_lessons })); }
    pack.lessons.forEach(function (lesson) {
      var body = el('div', { class: 'lesson-body' });
      body.innerHTML = lesson.html;  // rendered and cleaned on the server (core/markdown.py, nh3)
      list.appendChild(el('details', { class: 'offline-lesson' }, [el('summary', {}, [el('h3', { text: lesson.title })]), body]));
    });
  }

  function loadTopics() {
    var holder = $('topic-list');
    store.topics().then(function (data) {
      holder.textContent = '';
      var chosen = pack ? pack.topics.map(function (t) { return t.id; }) : [];
      data.topics.forEach(function (topic) {
        var box = el('input', { type: 'checkbox', name: 'topic', value: topic.id, id: 'topic-' + topic.id });
        box.checked = chosen.indexOf(topic.id) >= 0;
        holder.appendChild(el('div', { class: 'choice' }, [box, el('label', { for: 'topic-' + topic.id, text: topic.name + ' (' + fmt(T.questions_count, { n: topic.questions }) + ')' })]));
      });
      $('pack-form').hidden = false;
    }, function () {
      $('pack-message').textContent = T.topics_failed;
    });
  }

  function cacheAudio(newPack) {
    var urls = Object.keys(newPack.passages).map(function (id) { return newPack.passages[id].audio_url; }).filter(Boolean);
    if (!urls.length || !window.caches) { return Promise.resolve(); }
    return caches.open('lsk-offline-audio').then(function (cache) { return cache.addAll(urls); }).catch(function () {});
  }

  function download(event) {
    event.preventDefault();
    var ids = Array.prototype.map.call(document.querySelectorAll('#topic-list input:checked'), function (b) { return b.value; });
    var message = $('pack-message');
    if (!ids.length) { message.textContent = T.choose_topic; return; }
    message.textContent = T.downloading;
    var query = ids.map(function (id) { return 'topic=' + encodeURIComponent(id); }).join('&');
    store.getJson('/learn/offline/pack?' + query).then(function (newPack) {
      return cacheAudio(newPack).then(function () { return store.savePack(newPack); }).then(function () {
        pack = newPack;
        showPack();
        message.textContent = T.downloaded;
      });
    }).catch(function (error) {
      message.textContent = error.message === 'sign_in' ? T.sign_in : T.download_failed;
    });
  }

  // ---- practising ----
  function shuffle(items) {
    for (var i = items.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = items[i]; items[i] = items[j]; items[j] = swap;
    }
    return items;
  }

  function start() {
    order = shuffle(pack.questions.slice());
    position = 0;
    showQuestion();
  }

  function optionText(question, id) {
    var found = question.options.filter(function (o) { return o.id === id; })[0];
    return found ? found.text : '—';
  }

  function answerFields(question) {
    var legend = el('legend', {}, [el('span', { class: 'question-text', lang: 'lv', text: question.text })]);
    if (question.type === 'matching') {
      return el('fieldset', { class: 'answers' }, [legend].concat(question.prompts.map(function (prompt) {
        var select = el('select', { id: 'match-' + prompt.id, name: 'match-' + prompt.id }, [el('option', { value: '', text: T.choose })]
          .concat(question.options.map(function (o) { return el('option', { value: o.id, lang: 'lv', text: o.text }); })));
        return el('div', { class: 'field' }, [el('label', { for: 'match-' + prompt.id, lang: 'lv', text: prompt.text }), select]);
      })));
    }
    if (question.type === 'short_text') {
      return el('div', { class: 'field' }, [
        el('label', { for: 'offline-answer', class: 'question-text', lang: 'lv', text: question.text }),
        el('input', { type: 'text', id: 'offline-answer', name: 'answer', maxlength: '500', autocomplete: 'off' })]);
    }
    var choices = question.type === 'true_false'
      ? [{ id: 'true', text: T.true, lang: '' }, { id: 'false', text: T.false, lang: '' }]
      : question.options.map(function (o) { return { id: o.id, text: o.text, lang: 'lv' }; });
    var type = question.type === 'multiple' ? 'checkbox' : 'radio';
    var fields = [legend].concat(choices.map(function (c) {
      var span = el('span', { text: c.text });
      if (c.lang) { span.setAttribute('lang', c.lang); }
      return el('label', { class: 'choice' }, [el('input', { type: type, name: 'answer', value: c.id }), document.createTextNode(' '), span]);
    }));
    if (question.type === 'multiple') { fields.push(el('p', { class: 'hint', text: T.several })); }
    return el('fieldset', { class: 'answers' }, fields);
  }

  function passageBlock(question) {
    var passage = question.passage_id && pack.passages[question.passage_id];
    if (!passage) { return null; }
    var audio = passage.audio_url ? el('audio', { controls: '', preload: 'none', src: passage.audio_url, 'aria-label': T.listen }) : null;
    return el('section', { class: 'passage', 'aria-label': passage.title || T.listen }, [
      el('h3', { class: 'passage-title', lang: 'lv', text: passage.title }), audio,
      el('div', { class: 'passage-text', lang: 'lv', text: passage.text }), helpBlock(passage.help)]);
  }

  function showQuestion() {
    var question = order[position % order.length];
    var area = $('practice-area');
    area.textContent = '';
    var heading = el('h3', { tabindex: '-1', text: fmt(T.question_of, { n: (position % order.length) + 1, total: order.length }) });
    var error = el('p', { class: 'flash flash-error', role: 'alert', id: 'offline-error', hidden: '' });
    var form = el('form', { class: 'question-form', novalidate: '' }, [
      error, answerFields(question), helpBlock(question.help),
      el('button', { type: 'submit', class: 'button', text: T.answer })]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var values = readForm(form, question);
      var response = window.LskGrade.parse(question, values);
      if (response === null) { error.textContent = T.choose_answer; error.hidden = false; return; }
      var correct = window.LskGrade.correct(question, response);
      store.queueAnswer({ client_id: store.newClientId(), question_id: question.id, version: question.version, form: values,
                          answered_at: new Date().toISOString() }).then(function () {
        showFeedback(question, response, correct);
        refreshWaiting().then(function () { if (navigator.onLine !== false) { store.sync(); } });
      });
    });
    area.appendChild(heading);
    var passage = passageBlock(question);
    if (passage) { area.appendChild(passage); }
    area.appendChild(form);
    heading.focus();
  }

  function readForm(form, question) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || ((field.type === 'radio' || field.type === 'checkbox') && !field.checked)) { return; }
      (values[field.name] = values[field.name] || []).push(field.value);
    });
    if (question.type === 'matching') {
      question.prompts.forEach(function (p) { values['match-' + p.id] = values['match-' + p.id] || ['']; });
    }
    return values;
  }

  function describe(question, response) {
    if (question.type === 'true_false') { return response ? T.true : T.false; }
    if (question.type === 'single') { return optionText(question, response); }
    if (question.type === 'multiple') { return response.map(function (id) { return optionText(question, id); }).join('; '); }
    if (question.type === 'matching') {
      return question.prompts.map(function (p) { return p.text + ' → ' + optionText(question, response[p.id]); }).join('; ');
    }
    return String(response);
  }

  function showFeedback(question, response, correct) {
    var area = $('practice-area');
    area.textContent = '';
    var verdict = el('h3', { tabindex: '-1', class: 'verdict ' + (correct ? 'verdict-right' : 'verdict-wrong'),
                             text: (correct ? '✓ ' + T.right : '✗ ' + T.wrong) });
    var key = question.type === 'short_text' ? question.answer.join(' / ') : describe(question, question.answer);
    var next = el('button', { type: 'button', class: 'button', id: 'next-question', text: T.next });
    next.addEventListener('click', function () { position += 1; showQuestion(); });
    [verdict, el('p', { class: 'question-text', lang: 'lv', text: question.text }),
     el('dl', { class: 'answer-review' }, [
       el('dt', { text: T.your_answer }), el('dd', { lang: 'lv', text: describe(question, response) }),
       el('dt', { text: T.correct_answer }), el('dd', { lang: 'lv', text: key })]),
     el('section', { class: 'explanation' }, [el('h4', { text: T.explanation }), el('p', { lang: 'lv', text: question.explanation }),
       helpBlock(question.explanation_help), el('p', { class: 'source', text: T.source + ': ' + question.source })]),
     next].forEach(function (node) { if (node) { area.appendChild(node); } });
    verdict.focus();
  }

  // ---- start ----
  $('offline-app').hidden = false;
  $('pack-form').addEventListener('submit', download);
  $('start-practice').addEventListener('click', start);
  $('send-now').addEventListener('click', function () { store.sync(); });
  window.addEventListener('lsk-offline-sync', function (event) { showSync(event.detail); });
  window.addEventListener('offline', refreshWaiting);
  store.getPack().then(function (saved) {
    pack = saved && saved.format === 1 ? saved : null;
    showPack();
    loadTopics();
  });
  refreshWaiting();
}());
