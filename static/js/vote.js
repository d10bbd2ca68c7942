// The vote page and the hall screen follow the ballot without a reload (issue 15).
// The region marked data-poll-url polls its small JSON state every 2 s with the last ETag
// (a 304 when nothing changed); when what it shows changes, the page is fetched again and the
// region replaced, and the change is read out by the page's aria-live region. Polling stops
// while the tab is hidden. Without JavaScript the page has a Refresh link.
(() => {
  "use strict";
  const INTERVAL = 2000;

  function focusMarked() {
    const marked = document.querySelector("[data-focus]");
    if (marked) marked.focus();
  }

  function keyOf(mode, data) {
    if (mode === "vote") {
      const ballot = data.ballot === null ? "none" : data.ballot;
      return `${ballot}:${data.status}:${data.voted ? 1 : 0}`;
    }
    return null; // the hall shows every vote: any new state reloads it
  }

  function follow(region) {
    const mode = region.dataset.mode;
    const url = region.dataset.pollUrl;
    const announcer = document.querySelector(mode === "hall" ? "#hall-announcer" : "#vote-announcer");
    let etag = region.dataset.etag || "";
    let key = region.dataset.key || "";
    let timer = null;
    let busy = false;

    async function reload() {
      const response = await fetch(window.location.pathname, {
        cache: "no-store",
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const html = await response.text();
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
      if (!fresh) return;
      const hadFocus = region.contains(document.activeElement);
      region.innerHTML = fresh.innerHTML;
      etag = fresh.dataset.etag || etag;
      const status = region.querySelector("[data-announce]");
      if (announcer && status) announcer.textContent = status.textContent.replace(/\s+/g, " ").trim();
      if (hadFocus && status) status.focus();
    }

    async function poll() {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const response = await fetch(url, {
          cache: "no-store",
          credentials: "same-origin",
          headers: etag ? { "If-None-Match": etag, Accept: "application/json" } : { Accept: "application/json" },
        });
        if (response.status === 304 || !response.ok) return;
        if (!(response.headers.get("Content-Type") || "").includes("json")) return stop();
        const data = await response.json();
        etag = response.headers.get("ETag") || etag;
        const next = keyOf(mode, data);
        if (next === null || next !== key) {
          key = next || key;
          await reload();
        }
      } catch (error) {
        // Offline for a moment: the next tick tries again.
      } finally {
        busy = false;
      }
    }

    function start() {
      if (timer === null) timer = window.setInterval(poll, INTERVAL);
    }
    function stop() {
      if (timer !== null) window.clearInterval(timer);
      timer = null;
    }
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) {
        stop();
      } else {
        poll();
        start();
      }
    });
    start();
  }

  // An election's paper: the blank ballot and the candidates' marks exclude each other (the
  // server refuses a paper with both).
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.checked || !input.closest(".vote-choices--election")) return;
    const fieldset = input.closest("fieldset");
    const others = input.name === "choice" ? "input[name=candidates]" : "input[name=choice]";
    for (const other of fieldset.querySelectorAll(others)) other.checked = false;
  });

  document.addEventListener("DOMContentLoaded", () => {
    focusMarked();
    for (const region of document.querySelectorAll("[data-poll-url]")) follow(region);
  });
})();
