// Recording a listening passage in the browser (MediaRecorder). The recording is put into the
// upload form's file field, so it is sent, checked and reviewed exactly like a chosen file; without
// JavaScript (or without a microphone API) the form alone remains.
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  var form = document.querySelector("[data-recording-form]");
  if (!box || !form || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) { return; }
  var recordButton = box.querySelector("[data-record]");
  var stopButton = box.querySelector("[data-stop]");
  var status = box.querySelector("[data-recorder-status]");
  var listenBack = box.querySelector("[data-listen-back]");
  var input = form.querySelector("input[type=file]");
  var recorder = null;
  var chunks = [];
  var TYPES = [["audio/ogg;codecs=opus", "ogg"], ["audio/webm;codecs=opus", "webm"], ["audio/webm", "webm"]];
  box.hidden = false;

  function chosenType() {
    for (var i = 0; i < TYPES.length; i += 1) {
      if (MediaRecorder.isTypeSupported(TYPES[i][0])) { return TYPES[i]; }
    }
    return ["", "webm"];
  }

  recordButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
      var type = chosenType();
      recorder = type[0] ? new MediaRecorder(stream, {mimeType: type[0]}) : new MediaRecorder(stream);
      chunks = [];
      recorder.addEventListener("dataavailable", function (event) { if (event.data.size) { chunks.push(event.data); } });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        var mime = (recorder.mimeType || type[0] || "audio/webm").split(";")[0];
        var blob = new Blob(chunks, {type: mime});
        var file = new File([blob], "recording." + type[1], {type: mime});
        var transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        listenBack.src = URL.createObjectURL(blob);
        listenBack.hidden = false;
        status.textContent = status.getAttribute("data-done") || "";
        recordButton.disabled = false;
        stopButton.disabled = true;
      });
      recorder.start();
      status.textContent = status.getAttribute("data-recording") || "";
      recordButton.disabled = true;
      stopButton.disabled = false;
    }).catch(function () {
      status.textContent = status.getAttribute("data-no-microphone") || "";
    });
  });

  stopButton.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") { recorder.stop(); }
  });
}());
