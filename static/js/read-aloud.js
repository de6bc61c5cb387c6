// "Read aloud" for Latvian text, with the browser's own speech synthesis. The buttons stay hidden
// unless the browser has a Latvian voice, so nobody is offered a button that reads in a foreign accent.
(function () {
  "use strict";
  if (!("speechSynthesis" in window)) { return; }
  var buttons = document.querySelectorAll("button.read-aloud[data-read]");
  if (!buttons.length) { return; }

  function latvianVoice() {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i += 1) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("lv") === 0) { return voices[i]; }
    }
    return null;
  }

  function setUp() {
    var voice = latvianVoice();
    if (!voice) { return; }
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (window.speechSynthesis.speaking) { window.speechSynthesis.cancel(); return; }
        var target = document.querySelector(button.getAttribute("data-read"));
        if (!target) { return; }
        var utterance = new SpeechSynthesisUtterance(target.textContent);
        utterance.voice = voice;
        utterance.lang = "lv-LV";
        utterance.rate = 0.9;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  if (latvianVoice()) { setUp(); } else { window.speechSynthesis.addEventListener("voiceschanged", setUp, { once: true }); }
}());
