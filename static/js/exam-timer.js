// Counts the exam's remaining time down on the page. The server enforces the deadline; when the
// count reaches zero the page reloads so the server can close the attempt and show the results.
(function () {
  "use strict";
  var el = document.getElementById("time-left");
  if (!el) { return; }
  var left = parseInt(el.getAttribute("data-seconds"), 10);
  if (isNaN(left)) { return; }
  var endsAt = Date.now() + left * 1000;
  function show() {
    var seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    el.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    if (seconds <= 300) { el.parentNode.classList.add("timer-low"); }
    if (seconds === 0) { window.setTimeout(function () { window.location.reload(); }, 2000); return; }
    window.setTimeout(show, 1000);
  }
  show();
}());
