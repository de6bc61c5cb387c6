// Listening players: a speed setting (0.75× / 1×), and in mock exams a play counted by the server
// before the recording starts (the exam allows a passage only so many plays). Without JavaScript the
// practice player is the browser's own; the exam player says it needs JavaScript.
(function () {
  "use strict";
  var players = document.querySelectorAll("[data-player]");

  function setUpSpeed(player, audio) {
    var speed = player.querySelector("[data-speed]");
    if (!speed) { return; }
    speed.hidden = false;
    var buttons = speed.querySelectorAll("button[data-rate]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var rate = parseFloat(button.getAttribute("data-rate"));
        audio.defaultPlaybackRate = rate;
        audio.playbackRate = rate;
        Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      });
    });
  }

  function setUpExam(player, audio) {
    var button = player.querySelector("[data-play]");
    var left = player.querySelector("[data-plays-left]");
    var error = player.querySelector("[data-play-error]");
    var remaining = parseInt(player.getAttribute("data-left"), 10) || 0;
    var granted = false;  // a counted play is under way; it ends when the recording ends
    button.hidden = false;

    function refuse(message) {
      error.textContent = message;
      error.hidden = false;
      button.disabled = true;
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(player.getAttribute("data-play-url"), {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": player.getAttribute("data-csrf"), "Accept": "application/json"}
      }).then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      }).then(function (result) {
        if (!result.ok) { refuse(result.body.message); return; }
        left.textContent = result.body.message;
        remaining = result.body.left;
        granted = true;
        if (!audio.getAttribute("src")) { audio.setAttribute("src", player.getAttribute("data-src")); }
        audio.hidden = false;
        audio.currentTime = 0;
        audio.play();
      }).catch(function () {
        button.disabled = false;
      });
    });
    // the browser's own play button may only resume a counted play, never start a new one
    audio.addEventListener("play", function () { if (!granted) { audio.pause(); } });
    audio.addEventListener("ended", function () {
      granted = false;
      button.disabled = remaining <= 0;
    });
  }

  Array.prototype.forEach.call(players, function (player) {
    var audio = player.querySelector("audio");
    if (!audio) { return; }
    setUpSpeed(player, audio);
    if (player.hasAttribute("data-play-url")) { setUpExam(player, audio); }
  });
}());
