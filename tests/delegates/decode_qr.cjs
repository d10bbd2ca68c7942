// Decodes the QR code of a raw RGBA image with the jsQR copy the check-in page serves
// (static/vendor/jsqr/jsQR.js): node decode_qr.cjs <file.rgba> <width> <height>
"use strict";
const fs = require("fs");
const path = require("path");
const jsQR = require(path.join(__dirname, "..", "..", "static", "vendor", "jsqr", "jsQR.js"));
const [file, width, height] = process.argv.slice(2);
const pixels = new Uint8ClampedArray(fs.readFileSync(file));
const code = jsQR(pixels, Number(width), Number(height));
process.stdout.write(code ? code.data : "");
process.exit(code ? 0 : 1);
