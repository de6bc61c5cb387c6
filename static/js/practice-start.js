// The practice start page without a reload: choosing a topic shows that topic's parts at once.
// Without JavaScript the "Show the parts" button does the same with a round trip to the server.
(function () {
  "use strict";
  var form = document.querySelector("form.practice-start");
  if (!form) { return; }
  var groups = form.querySelectorAll("fieldset.topic-parts");
  var button = form.querySelector("button.show-parts");
  // removed rather than hidden, so Enter in the form still starts the practice
  if (button) { button.parentNode.removeChild(button); }

  function show(topic) {
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = group.getAttribute("data-topic") !== topic;
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "topic") { show(event.target.value); }
  });
})();
