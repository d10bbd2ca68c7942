// The chair's console: the participation panel follows the ballot without a reload. Every two
// seconds it asks the staff-only state endpoint, which answers 304 while the ballot's version is
// the one shown; when the status changes (another officer opened, suspended or closed it) the
// page is loaded again, so that its buttons match. Without JavaScript the "Refresh" link does it.
document.addEventListener("DOMContentLoaded", () => {
  const console_ = document.getElementById("chair-console");
  const live = document.getElementById("chair-console-live");
  if (!console_ || !live || !window.fetch) return;
  const announce = document.getElementById("chair-console-announce");
  const url = console_.dataset.stateUrl;
  const status = console_.dataset.status;
  let etag = console_.dataset.etag || null;
  let version = console_.dataset.version;
  for (const note of console_.querySelectorAll(".chair-console__auto")) note.hidden = false;

  async function poll() {
    try {
      const headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(url, { headers, cache: "no-store", credentials: "same-origin" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const data = await response.json();
        if (data.status !== status) {
          window.location.reload();
          return;
        }
        if (String(data.version) !== String(version)) {
          version = data.version;
          live.innerHTML = data.html;
          if (announce) announce.textContent = data.announcement;
        }
      }
    } catch (error) {
      // The network dropped for a moment: the next poll tries again.
    }
    window.setTimeout(poll, 2000);
  }
  window.setTimeout(poll, 2000);
});
