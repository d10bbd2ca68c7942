// Print buttons of the resolutions pages (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.addEventListener("click", () => window.print());
  }
});
