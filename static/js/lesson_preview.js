// The lesson editor's preview while typing. Without JavaScript the "Preview" button asks the
// server for the same preview with a full page. Here, a pause in typing (debounced) sends the form
// to the preview endpoint with its CSRF token; the server renders the lesson with the learners'
// renderer and the lesson-date check, and the fragment replaces the preview. Only the latest
// answer is shown, even when an older one arrives late.
(function () {
  "use strict";
  var form = document.querySelector("form.lesson-editor");
  var target = document.querySelector(".lesson-preview");
  if (!form || !target || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-preview-url");
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null;
  var sent = 0;

  function refresh() {
    var ticket = ++sent;
    target.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch"}
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      if (ticket === sent) { target.innerHTML = html; }  // the server's HTML, sanitised by its renderer
    }).catch(function () {
      // the "Preview" button still works: nothing to do but stop saying "busy"
    }).then(function () {
      if (ticket === sent) { target.removeAttribute("aria-busy"); }
    });
  }

  form.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 400);
  });
})();
