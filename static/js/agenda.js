// The live list of speakers refreshes itself; the rest of the programme needs no script.
(function () {
  "use strict";
  var live = document.getElementById("live-list");
  if (!live || !window.fetch) { return; }
  var url = live.getAttribute("data-refresh-url");
  window.setInterval(function () {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } })
      .catch(function () { /* keep the last list shown */ });
  }, 15000);
}());
