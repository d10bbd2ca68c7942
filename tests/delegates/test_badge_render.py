"""Badges as printed: the photo, emblem, venue, the A6 and 8-per-A4 layouts, and a QR code that
the check-in page's decoder (jsQR, served from static/vendor) reads from an image of the badge."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from assembly.demo import demo_photo
from delegates import badges, services
from delegates.models import Registration

from . import staffdata

A4 = (595.28, 841.89)
A6 = (297.64, 419.53)
NODE = shutil.which("node")


def _registration(session, country, n=1, language="en", category="delegate"):
    who = staffdata.person(
        n,
        country=country,
        given_name="Amira",
        family_name="Haddad",
        given_name_ar="أميرة",
        family_name_ar="حداد",
        preferred_language=language,
    )
    upload = SimpleUploadedFile("face.jpg", demo_photo((20, 80, 140)), "image/jpeg")
    services.person_photo_replace(person=who, upload=upload, actor=None)
    registration = staffdata.registration(
        session, who, delegation_=staffdata.delegation(session, country=country), category=category
    )
    return badges.badge_registrations(Registration.objects.filter(pk=registration.pk)).get()


def _page_sizes(content: bytes):
    return [
        (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def _images_on(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_a6_badge_with_photo_emblem_session_and_venue(session91, austria):
    registration = _registration(session91, austria)
    content = badges.badges_pdf([registration])
    assert _page_sizes(content) == [tuple(round(v, 1) for v in A6)]
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert "Amira Haddad" in text and "Austria" in text
    assert session91.title_en in text
    if session91.venue_id:
        assert session91.venue.name_en in text
    assert _images_on(content) >= 1  # the photo (QR code and emblem are vector)


def test_eight_badges_per_a4_sheet(session91, austria):
    registrations = [_registration(session91, austria, n) for n in range(1, 11)]
    content = badges.badges_pdf(registrations, layout=badges.LAYOUT_SHEET)
    # Ten badges: a full sheet of eight and a second sheet of two.
    assert _page_sizes(content) == [tuple(round(v, 1) for v in A4)] * 2
    reader = PdfReader(io.BytesIO(content))
    assert " ".join(reader.pages[0].extract_text().split()).count("Amira Haddad") == 8
    assert " ".join(reader.pages[1].extract_text().split()).count("Amira Haddad") == 2
    assert badges.badges_pdf(registrations[:1], layout=badges.LAYOUT_A6)


def test_an_unknown_layout_is_refused(session91, austria):
    with pytest.raises(ValueError):
        badges.badges_pdf([_registration(session91, austria)], layout="poster")


def _render_rgba(content: bytes, page: int, tmp_path: Path, scale: float = 3.0):
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    image = document[page].render(scale=scale).to_pil().convert("RGBA")
    png = tmp_path / f"badge-{page}.png"
    image.save(png)
    raw = tmp_path / f"badge-{page}.rgba"
    raw.write_bytes(image.tobytes())
    return raw, image.width, image.height


def _decode(raw: Path, width: int, height: int) -> str:
    result = subprocess.run(
        [NODE, str(Path(__file__).with_name("decode_qr.cjs")), str(raw), str(width), str(height)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(NODE is None, reason="node is needed to run the check-in page's decoder")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_check_in_decoder_reads_the_qr_of_a_rendered_badge(
    session91, austria, tmp_path, language
):
    registration = _registration(session91, austria, language=language)
    content = badges.badges_pdf([registration])
    raw, width, height = _render_rgba(content, 0, tmp_path)
    assert _decode(raw, width, height) == badges.badge_token(registration)


@pytest.mark.skipif(NODE is None, reason="node is needed to run the check-in page's decoder")
def test_the_decoder_reads_a_badge_of_the_a4_sheet(session91, austria, tmp_path):
    registration = _registration(session91, austria)
    content = badges.badges_pdf([registration], layout=badges.LAYOUT_SHEET)
    raw, width, height = _render_rgba(content, 0, tmp_path, scale=4.0)
    assert _decode(raw, width, height) == badges.badge_token(registration)


def test_the_served_decoder_is_the_npm_package():
    served = Path(settings.BASE_DIR) / "static" / "vendor" / "jsqr" / "jsQR.js"
    assert (served.parent / "LICENSE").read_text().startswith(" " * 10)
    installed = Path(settings.BASE_DIR) / "node_modules" / "jsqr" / "dist" / "jsQR.js"
    if not installed.exists():
        pytest.skip("npm ci has not installed jsqr here")
    assert installed.read_bytes() == served.read_bytes()
