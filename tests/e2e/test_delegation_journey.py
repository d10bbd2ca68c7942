"""The whole journey of a delegation as a government appoints it, in the browser (issue 14).

Secretariat confirms a head → the head invites a member → the member accepts → the member
uploads a photo and downloads their badge, which carries it → an entrance officer checks the
member in by typing the badge's code, then again at the door of a plenary sitting.
Screenshots of each step under test-artifacts/screenshots/<test>/.
"""

import io
import re

import pytest

from .heads_journey import secretariat_confirms_head_who_invites_member
from .users import session_cookie

pytestmark = pytest.mark.e2e


def _face_jpeg(path) -> None:
    """A portrait-ish photo: a face-coloured oval on a blue background, larger than the frame."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 1000), (40, 70, 140))
    ImageDraw.Draw(image).ellipse((220, 200, 580, 680), fill=(224, 172, 105))
    image.save(path, format="JPEG", quality=90)


def _pdf_images(data: bytes) -> list:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [image for page in reader.pages for image in page.images]


def test_confirmed_head_invites_member_whose_photo_badge_checks_in(site, browser, snap, tmp_path):
    from django.contrib.auth import get_user_model

    from agenda.models import SlotAttendance
    from assembly.selectors import current_session
    from delegates.badges import badge_token
    from delegates.models import Attendance
    from tests.agenda.factories import at, make_slot

    journey = secretariat_confirms_head_who_invites_member(site, browser, snap)
    session = current_session()
    plenary = make_slot(session, start=at(session, 0, 9), end=at(session, 0, 11), kind="plenary")
    member = journey.member_page

    # 4. Without a photo, the badge has no picture of its holder.
    member.goto(f"{site.url}/en/delegates/")
    response = member.request.get(f"{site.url}/en/delegates/badge/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    images_without_photo = len(_pdf_images(response.body()))

    # The member adds a photo from the portal.
    member.get_by_role("link", name="Add my badge photo").click()
    member.wait_for_url(re.compile(r".*/en/delegates/me/photo/$"))
    snap(member, "the photo page")
    photo = tmp_path / "face.jpg"
    _face_jpeg(photo)
    member.get_by_label("Photo for the badge").set_input_files(str(photo))
    snap(member, "the photo framed")
    member.get_by_role("button", name="Save the photo").click()
    member.wait_for_load_state()
    snap(member, "the photo saved")
    assert "Your photo is saved" in member.locator(".messages").inner_text()
    assert member.get_by_role("img", name="Your current badge photo").is_visible()

    # The badge downloaded from the portal now carries the photo.
    member.goto(f"{site.url}/en/delegates/")
    with member.expect_download() as download_info:
        member.get_by_role("link", name="Download my badge").click()
    badge = download_info.value
    assert badge.suggested_filename.endswith(".pdf")
    with open(badge.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    images = _pdf_images(data)
    assert len(images) == images_without_photo + 1
    photo_in_badge = max(images, key=lambda image: image.image.width * image.image.height).image
    # The cropped photo keeps the badge frame's portrait shape (4 wide by 5 high).
    assert photo_in_badge.height > photo_in_badge.width
    member.context.close()

    # 5. At the entrance, an officer types the code printed under the badge's QR.
    officer = get_user_model().objects.get(email="officer.journey@example.org")
    host = site.url.split("//", 1)[1].split(":", 1)[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(officer, domain=host)])
    door = context.new_page()
    door.set_default_timeout(10_000)
    door.goto(f"{site.url}/en/delegates/check-in/")
    snap(door, "the entrance")
    door.get_by_label("Badge code").fill(badge_token(journey.registration))
    door.get_by_role("button", name="Check in").click()
    door.wait_for_load_state()
    snap(door, "the member checked in")
    assert door.get_by_text("Welcome: attendance recorded").is_visible()
    assert door.get_by_text("Mina Member").first.is_visible()
    # The entrance staff compare the face with the photo the member uploaded.
    assert door.get_by_role("img", name="Photo of the badge holder").is_visible()
    assert Attendance.objects.filter(registration=journey.registration).count() == 1

    # 6. At the door of the plenary sitting, the same code counts the member for that sitting.
    door.get_by_role("link", name="At a plenary sitting or a panel").click()
    door.wait_for_url(re.compile(r".*/en/agenda/check-in/$"))
    door.get_by_label("Sitting").select_option(str(plenary.pk))
    door.get_by_label("Badge code").fill(badge_token(journey.registration))
    door.get_by_role("button", name="Check in").click()
    door.wait_for_load_state()
    snap(door, "the member at the plenary sitting")
    assert door.get_by_text("Welcome: attendance recorded").is_visible()
    assert SlotAttendance.objects.filter(slot=plenary, registration=journey.registration).exists()
    context.close()
