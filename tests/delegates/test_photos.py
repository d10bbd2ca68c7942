"""Badge photos: uploaded and cropped in the portal, never public (SECURITY.md 4, 12)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from delegates import services
from delegates.models import Person
from delegates.photos import PHOTO_MAX_BYTES, PHOTO_SIZE, crop_box

from . import staffdata
from .factories import _english, make_person, make_user  # noqa: F401  (autouse)

PAGE = "/en/delegates/me/photo/"
OWN = "/en/delegates/me/photo.jpg"


def _image(size=(900, 600), colour=(30, 90, 160), fmt="JPEG", exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    # A red square at the right edge: where the crop takes the frame from shows in the result.
    for x in range(size[0] - 100, size[0]):
        for y in range(0, 100):
            image.putpixel((x, y), (220, 0, 0))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def anna(austria):
    user = make_user("anna@example.org")
    make_person(user=user, country=austria, given_name="Anna", family_name="Gruber")
    return user


def _upload(client, content, name="face.jpg", content_type="image/jpeg", **crop):
    return client.post(
        PAGE,
        {
            "photo": SimpleUploadedFile(name, content, content_type),
            "crop_x": crop.get("x", 0.5),
            "crop_y": crop.get("y", 0.5),
            "crop_zoom": crop.get("zoom", 1),
        },
    )


def test_the_upload_is_cropped_to_the_badge_frame_without_metadata(client, anna):
    client.force_login(anna)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # the camera's maker
    response = _upload(client, _image(exif=exif), x=1.0, y=0.0, zoom=2)
    assert response.status_code == 302
    person = Person.objects.get(user=anna)
    with person.photo.open("rb") as handle:
        content = handle.read()
    assert b"SecretCam" not in content
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert image.size[0] * 5 == image.size[1] * 4 and image.size[1] <= PHOTO_SIZE[1]
    # Zoomed twice at the top right corner: the red square fills the frame's corner.
    assert image.getpixel((image.size[0] - 5, 5))[0] > 180
    # The owner sees it, never cached by anyone.
    own = client.get(OWN)
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert "no-store" in own["Cache-Control"]
    assert own["X-Content-Type-Options"] == "nosniff"


def test_the_crop_box_is_the_largest_4_by_5_box_centred_by_default():
    assert crop_box(900, 600) == (210, 0, 690, 600)
    assert crop_box(400, 1000) == (0, 250, 400, 750)
    left, top, right, bottom = crop_box(900, 600, (1.0, 0.0, 2.0))
    assert (right, top) == (900, 0) and (right - left, bottom - top) == (240, 300)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "x.png", "not a photo"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "x.svg", "not a photo"),
        (_image(fmt="GIF"), "x.gif", "not a photo"),
        (_image(size=(120, 150)), "small.jpg", "too small"),
        (b"\xff\xd8" + b"0" * (PHOTO_MAX_BYTES + 1), "big.jpg", "too large"),
    ],
)
def test_a_file_that_is_not_a_usable_photo_is_refused(client, anna, content, name, message):
    client.force_login(anna)
    response = _upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.get(user=anna).photo


def test_a_photo_is_never_public(client, anna, austria):
    person = Person.objects.get(user=anna)
    services.person_photo_replace(
        person=person,
        upload=SimpleUploadedFile("f.jpg", _image(), "image/jpeg"),
        actor=anna,
    )
    person.refresh_from_db()
    name = person.photo.name
    assert name.startswith("photos/people/")
    # No public URL serves it: not /media/, not anonymous, not another delegate.
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(OWN).status_code == 302
    assert client.get(f"/en/delegates/people/{person.pk}/photo.jpg").status_code == 302
    other = make_user("other@example.org")
    make_person(user=other, country=austria)
    client.force_login(other)
    assert client.get(OWN).status_code == 404  # their own: none
    assert client.get(f"/en/delegates/people/{person.pk}/photo.jpg").status_code == 403
    # Staff who see people get it.
    officer = staffdata.user("desk@example.org", staff=True, perms=["delegates.view_person"])
    client.force_login(officer)
    response = client.get(f"/en/delegates/people/{person.pk}/photo.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_removing_the_photo(client, anna):
    client.force_login(anna)
    _upload(client, _image())
    assert Person.objects.get(user=anna).photo
    assert client.post(PAGE, {"remove": "1"}).status_code == 302
    assert not Person.objects.get(user=anna).photo
