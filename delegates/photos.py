"""Badge photos: checked, cropped to the badge's frame and re-encoded on the server (Pillow).

What is stored is never the uploaded file: a JPEG made here from the decoded pixels, cropped to
the badge's aspect ratio, at most ``PHOTO_SIZE``, without the upload's metadata (EXIF location,
camera). Photos live in private storage: only their owner (a preview), the staff and the badge
renderer read them (SECURITY.md 4).
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

# The photo frame of the badge: 4 wide by 5 high, as on an identity card.
PHOTO_RATIO = (4, 5)
PHOTO_SIZE = (480, 600)
# A photo taken by a phone is a few megabytes; more is refused before it is decoded.
PHOTO_MAX_BYTES = 8 * 1024 * 1024
# Pixels decoded at most (a small file may claim a huge canvas: a decompression bomb).
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MIN_SIDE = 200
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def crop_box(width: int, height: int, crop: tuple[float, float, float] | None = None):
    """The box (left, top, right, bottom) of the badge's frame in a ``width`` × ``height``
    image: the largest 4:5 box, scaled by ``crop``'s zoom (1 = largest, 3 = a third of it) and
    centred at ``crop``'s x, y (fractions of the image); centred without ``crop``."""
    ratio_w, ratio_h = PHOTO_RATIO
    box_w = min(width, height * ratio_w / ratio_h)
    box_h = box_w * ratio_h / ratio_w
    centre_x, centre_y, zoom = (0.5, 0.5, 1.0) if crop is None else crop
    zoom = min(max(zoom, 1.0), 3.0)
    box_w, box_h = box_w / zoom, box_h / zoom
    left = min(max(centre_x * width - box_w / 2, 0), width - box_w)
    top = min(max(centre_y * height - box_h / 2, 0), height - box_h)
    return (round(left), round(top), round(left + box_w), round(top + box_h))


def badge_photo(upload, crop: tuple[float, float, float] | None = None) -> ContentFile:
    """The uploaded image as the badge's photo (a JPEG, 4:5, at most ``PHOTO_SIZE``), or a
    ``ValidationError`` with a clear message: not an image, another format, too large, too
    small."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        _refuse(
            _("The photo is too large: at most %(size)s MB.") % {"size": PHOTO_MAX_BYTES // 2**20},
            "too_large",
        )
    data = upload.read()
    if len(data) > PHOTO_MAX_BYTES:
        _refuse(
            _("The photo is too large: at most %(size)s MB.") % {"size": PHOTO_MAX_BYTES // 2**20},
            "too_large",
        )
    not_an_image = _("This file is not a photo: send a JPEG, PNG or WebP image.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PHOTO_FORMATS:
                _refuse(not_an_image, "format")
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                _refuse(_("The photo has too many pixels: send a smaller image."), "too_large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        _refuse(not_an_image, "format")
    if min(image.size) < PHOTO_MIN_SIDE:
        _refuse(
            _("The photo is too small: at least %(pixels)s pixels on each side.")
            % {"pixels": PHOTO_MIN_SIDE},
            "too_small",
        )
    image = image.convert("RGB").crop(crop_box(*image.size, crop))
    image.thumbnail(PHOTO_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
