/* The badge photo's preview: shows, before upload, the 4:5 frame the server will cut (the
   same computation as delegates/photos.py crop_box) and sends its centre and zoom in the form's
   hidden fields. Without script the server centres the frame. */
(function () {
  "use strict";
  var RATIO = 4 / 5;

  function cropBox(width, height, x, y, zoom) {
    var boxW = Math.min(width, height * RATIO);
    var boxH = boxW / RATIO;
    zoom = Math.min(Math.max(zoom, 1), 3);
    boxW /= zoom;
    boxH /= zoom;
    var left = Math.min(Math.max(x * width - boxW / 2, 0), width - boxW);
    var top = Math.min(Math.max(y * height - boxH / 2, 0), height - boxH);
    return { left: left, top: top, width: boxW, height: boxH };
  }

  function init() {
    var input = document.querySelector('input[type="file"][name="photo"]');
    var frame = document.querySelector("[data-photo-frame]");
    var crop = document.querySelector("[data-photo-crop]");
    if (!input || !frame || !crop) return;
    var img = null;

    function hidden(name) {
      return document.querySelector('input[type="hidden"][name="' + name + '"]');
    }

    function value(name) {
      return parseFloat(crop.querySelector('[data-crop="' + name + '"]').value);
    }

    function draw() {
      if (!img || !img.naturalWidth) return;
      var x = value("crop_x"), y = value("crop_y"), zoom = value("crop_zoom");
      ["crop_x", "crop_y", "crop_zoom"].forEach(function (name) {
        var field = hidden(name);
        if (field) field.value = String(value(name));
      });
      var box = cropBox(img.naturalWidth, img.naturalHeight, x, y, zoom);
      var scale = frame.clientWidth / box.width;
      img.style.width = img.naturalWidth * scale + "px";
      img.style.height = img.naturalHeight * scale + "px";
      var offset = -box.left * scale;
      // The frame is measured from its start edge: mirrored in right-to-left pages.
      if (getComputedStyle(frame).direction === "rtl") {
        offset = -(img.naturalWidth - box.left - box.width) * scale;
      }
      img.style.insetInlineStart = offset + "px";
      img.style.top = -box.top * scale + "px";
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type)) return;
      // A data: URL (the Content-Security-Policy allows data: images, not blob: ones).
      var reader = new FileReader();
      reader.addEventListener("load", function () {
        frame.textContent = "";
        img = document.createElement("img");
        img.className = "photo-frame__preview";
        img.alt = frame.getAttribute("data-preview-label") || "";
        img.addEventListener("load", draw);
        img.src = reader.result;
        frame.appendChild(img);
        crop.hidden = false;
      });
      reader.readAsDataURL(file);
    });
    crop.addEventListener("input", draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
