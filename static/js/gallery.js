// The session page's gallery: a picture opens larger in a modal dialog (no library, no CDN).
// Keyboard: Enter on a picture opens it, the arrow keys move, Escape closes, and the focus goes
// back to the picture it came from. Without JavaScript the links open the drawing itself.
(function () {
  "use strict";
  var gallery = document.querySelector(".gallery");
  var dialog = gallery && gallery.querySelector("dialog.lightbox");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var links = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__link"));
  var image = dialog.querySelector(".lightbox__image");
  var caption = dialog.querySelector(".lightbox__caption");
  var position = dialog.querySelector(".lightbox__position");
  var format = dialog.querySelector(".lightbox__position-format").content.textContent;
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var rtl = document.documentElement.dir === "rtl";
  var current = 0;
  var opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumbnail = link.querySelector("img");
    image.src = link.getAttribute("href");
    image.alt = thumbnail.alt;
    image.width = thumbnail.width;
    image.height = thumbnail.height;
    caption.textContent = link.parentNode.querySelector("figcaption").textContent;
    position.textContent = format
      .replace("{number}", numbers.format(current + 1))
      .replace("{total}", numbers.format(links.length));
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
      dialog.querySelector(".lightbox__close").focus();
    });
  });
  dialog.querySelector(".lightbox__previous").addEventListener("click", function () {
    show(current - 1);
  });
  dialog.querySelector(".lightbox__next").addEventListener("click", function () {
    show(current + 1);
  });
  dialog.querySelector(".lightbox__close").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      var forward = (event.key === "ArrowRight") !== rtl;
      show(current + (forward ? 1 : -1));
      event.preventDefault();
    }
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      dialog.close();
    }
  });
  // Escape fires "cancel" then "close"; every way of closing returns the focus.
  dialog.addEventListener("close", function () {
    if (opener) {
      opener.focus();
    }
  });
})();
