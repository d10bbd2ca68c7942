/* The check-in page's camera: reads a badge's QR code with jsQR (static/vendor/jsqr, from npm,
   served by the project) and submits the code as if typed. Without a camera, without
   permission or without script, the typed code works as before. The camera stays on from one
   badge to the next (remembered for this tab) until "Stop the camera". */
(function () {
  "use strict";
  var KEY = "checkin-camera-on";
  var LAST = "checkin-camera-last";
  var REPEAT_MS = 10000;

  function init() {
    var box = document.querySelector("[data-checkin-camera]");
    var form = document.querySelector("[data-checkin-form]");
    if (!box || !form || !window.jsQR || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia) {
      return;
    }
    var input = form.querySelector('input[name="token"]');
    var video = box.querySelector("[data-camera-video]");
    var start = box.querySelector("[data-camera-start]");
    var stop = box.querySelector("[data-camera-stop]");
    var status = box.querySelector("[data-camera-status]");
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;
    var done = false;
    var last = {};
    try {
      last = JSON.parse(sessionStorage.getItem(LAST) || "{}") || {};
    } catch (error) {
      last = {};
    }
    var lastCode = last.code || "";
    var lastAt = last.at || 0;
    box.hidden = false;

    function say(name) {
      status.textContent = box.getAttribute("data-label-" + name) || "";
    }

    function halt() {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      stop.hidden = true;
      start.hidden = false;
    }

    function tick() {
      if (!stream || done) return;
      if (video.readyState >= 2 && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var frame = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(frame.data, frame.width, frame.height, {
          inversionAttempts: "dontInvert"
        });
        var now = Date.now();
        if (code && code.data && (code.data !== lastCode || now - lastAt > REPEAT_MS)) {
          // A new badge, or the same one again after a while: the badge just checked in,
          // still before the camera, is not sent again and again.
          sessionStorage.setItem(LAST, JSON.stringify({ code: code.data, at: now }));
          done = true;
          say("found");
          input.value = code.data;
          halt();
          form.submit();
          return;
        }
      }
      window.requestAnimationFrame(tick);
    }

    function begin() {
      say("starting");
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          start.hidden = true;
          stop.hidden = false;
          sessionStorage.setItem(KEY, "1");
          return video.play();
        })
        .then(function () {
          say("scanning");
          window.requestAnimationFrame(tick);
        })
        .catch(function () {
          halt();
          sessionStorage.removeItem(KEY);
          say("refused");
          input.focus();
        });
    }

    start.addEventListener("click", begin);
    stop.addEventListener("click", function () {
      sessionStorage.removeItem(KEY);
      halt();
      status.textContent = "";
      input.focus();
    });
    if (sessionStorage.getItem(KEY) === "1") begin();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
