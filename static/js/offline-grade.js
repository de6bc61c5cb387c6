/* Checking an answer on the phone, as lsk_learn/domain/scoring.py does on the server (which grades
   every answer again when it arrives, so this only decides what the learner sees offline).
   parse() returns the response, or null when nothing valid was given. */
(function () {
  'use strict';
  function normalise(text) { return text.normalize('NFC').split(/\s+/).filter(Boolean).join(' ').toLowerCase(); }
  function ids(list) { return list.map(function (o) { return o.id; }); }

  function parse(question, form) {
    var values = form.answer || [];
    if (question.type === 'true_false') {
      return values[0] === 'true' ? true : values[0] === 'false' ? false : null;
    }
    if (question.type === 'single') { return values[0] && ids(question.options).indexOf(values[0]) >= 0 ? values[0] : null; }
    if (question.type === 'multiple') {
      var chosen = values.filter(function (v, i) { return v && values.indexOf(v) === i; }).sort();
      return chosen.length && chosen.every(function (c) { return ids(question.options).indexOf(c) >= 0; }) ? chosen : null;
    }
    if (question.type === 'matching') {
      var pairs = {};
      for (var i = 0; i < question.prompts.length; i += 1) {
        var chosenOption = (form['match-' + question.prompts[i].id] || [''])[0];
        if (!chosenOption || ids(question.options).indexOf(chosenOption) < 0) { return null; }
        pairs[question.prompts[i].id] = chosenOption;
      }
      return pairs;
    }
    var text = (values[0] || '').split(/\s+/).filter(Boolean).join(' ');
    return text && text.length <= 500 ? text : null;
  }

  function correct(question, response) {
    var key = question.answer;
    if (question.type === 'single' || question.type === 'true_false') { return response === key; }
    if (question.type === 'multiple') {
      var expected = key.slice().sort();
      return expected.length === response.length && expected.every(function (v, i) { return v === response[i]; });
    }
    if (question.type === 'matching') {
      return Object.keys(key).every(function (p) { return response[p] === key[p]; });
    }
    return key.map(normalise).indexOf(normalise(response)) >= 0;
  }

  window.LskGrade = { parse: parse, correct: correct };
}());
