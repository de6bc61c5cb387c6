// A running mock exam without a page load per question. The item page loads the other questions
// once (GET /exams/<id>/items: each in an inert <template>). Each press of an answer form's button
// still sends that answer to the form's own URL, and the next question shows only once the server
// has said the answer is stored; the reply says where to go. "Next" and "Previous" are handled
// here; a question with a text or a recording, the overview, leaving, and anything unexpected are
// ordinary page loads, as without JavaScript. If the connection fails the learner stays on the question with the answer as typed
// and a message; the next press then goes the ordinary way, so the server's own page answers.
(function () {
  "use strict";
  var config = document.querySelector("[data-exam-items]");
  var current = document.querySelector(".exam-item");
  if (!config || !current || !window.fetch || !window.FormData || !window.history.pushState ||
      !("content" in document.createElement("template"))) { return; }
  var panels = {};       // position -> its element once shown (visited ones keep their fields as left)
  var templates = {};    // position -> <template> from the fragment
  var answered = {};     // positions with a stored answer
  var counted = [];      // positions that count in the progress (not the speaking part)
  var progressPattern = "";
  var ready = false;     // the fragment has arrived: presses are handled here
  var busy = false;
  var header = document.querySelector(".exam-progress");
  panels[current.getAttribute("data-position")] = current;

  function numbers(list) {
    return list ? list.split(",").filter(function (v) { return v !== ""; }) : [];
  }

  fetch(config.getAttribute("data-exam-items"), {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
    .then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) { throw new Error("no fragment"); }
      return response.text();
    })
    .then(function (html) {
      var box = document.createElement("div");
      box.innerHTML = html;  // the server's own rendering of the exam's questions
      var root = box.querySelector(".exam-items");
      if (!root) { return; }
      numbers(root.getAttribute("data-answered")).forEach(function (p) { answered[p] = true; });
      counted = numbers(root.getAttribute("data-counted"));
      progressPattern = root.getAttribute("data-progress") || "";
      Array.prototype.forEach.call(root.querySelectorAll("template[data-position]"), function (t) {
        templates[t.getAttribute("data-position")] = t;
      });
      window.history.replaceState({examPosition: current.getAttribute("data-position")}, "");
      ready = true;
      config.setAttribute("data-ready", "");  // for the browser tests
    })
    .catch(function () { /* page by page, as without JavaScript */ });

  function answeredCount() {
    return counted.filter(function (p) { return answered[p]; }).length;
  }

  function showProgress(panel) {
    var count = answeredCount();
    var bar = panel.querySelector("progress");
    if (bar) { bar.value = count; bar.textContent = count + "/" + counted.length; }
    if (header && progressPattern) {
      header.textContent = progressPattern.replace("1111", String(count)).replace("2222", String(counted.length));
    }
  }

  function panelAt(position) {
    if (panels[position]) { return panels[position]; }
    var t = templates[position];
    if (!t || t.hasAttribute("data-page-only")) { return null; }
    var panel = t.content.querySelector(".exam-item");
    if (!panel) { return null; }
    panels[position] = document.importNode(panel, true);
    return panels[position];
  }

  function show(position, url, push) {
    var panel = panelAt(position);
    if (!panel) { return false; }
    if (panel !== current) {
      current.parentNode.replaceChild(panel, current);
      current = panel;
    }
    showProgress(panel);
    document.title = panel.getAttribute("data-title") || document.title;
    if (push) { window.history.pushState({examPosition: String(position)}, "", url); }
    window.scrollTo(0, 0);
    var line = panel.querySelector(".progress-line");
    if (line) { line.focus(); }  // a screen reader announces the new question's line
    return true;
  }

  function showError(form, message) {
    var box = form.querySelector(".flash-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "flash flash-error";
      box.setAttribute("role", "alert");
      box.id = "answer-error";
      var token = form.querySelector("input[name=csrf_token]");
      form.insertBefore(box, token ? token.nextSibling : form.firstChild);
    }
    box.textContent = message;
    box.scrollIntoView({block: "center"});
  }

  function clearError(form) {
    var box = form.querySelector(".flash-error");
    if (box) { box.parentNode.removeChild(box); }
  }

  function setBusy(form, on) {
    busy = on;
    Array.prototype.forEach.call(document.querySelectorAll("button[type=submit]"), function (button) {
      if (button.form === form) { button.disabled = on; }
    });
    if (on) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!ready || form.id !== "answer-form" || !("submitter" in event)) { return; }
    var submitter = event.submitter;
    var go = submitter && submitter.name === "go" ? submitter.value : "next";
    if (go !== "next" && go !== "previous") { return; }  // the overview, leaving: ordinary page loads
    event.preventDefault();
    if (busy) { return; }
    var data = new FormData(form);
    data.set("go", go);
    var token = form.querySelector("input[name=csrf_token]");
    var sent = current;  // the question this answer belongs to, whatever shows when the reply comes
    setBusy(form, true);
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (reply) {
      setBusy(form, false);
      if (reply.saved) {
        clearError(form);
        if (reply.stored) { answered[sent.getAttribute("data-position")] = true; }
        if (sent !== current) { showProgress(current); return; }  // Back was pressed meanwhile: stay there
        if (reply.position === null || !show(reply.position, reply.url, true)) { window.location.assign(reply.url); }
      } else if (reply.error) {
        showError(form, reply.error);  // e.g. a matching left half done: the input stays as typed
      } else {
        window.location.assign(reply.url);  // the exam is over: its results say why
      }
    }).catch(function () {
      setBusy(form, false);
      ready = false;  // the next press goes the ordinary way, and the server's page answers it
      showError(form, config.getAttribute("data-unsaved"));
    });
  });

  window.addEventListener("popstate", function (event) {
    var state = event.state;
    if (!state || state.examPosition === undefined) { return; }
    if (!show(state.examPosition, null, false)) { window.location.reload(); }
  });
}());
