"""The entrance and the doors of the sittings, in the browser: a registration officer checks a
delegate in by typing the badge code; the page's QR decoder (jsQR, served by the project) reads
the QR code of a badge rendered as an image; the public list of participants.

Screenshots of each step under test-artifacts/screenshots/<test>/.
"""

import base64
import io

import pytest

pytestmark = pytest.mark.e2e


def _head_registration():
    from delegates.badges import badge_registrations
    from delegates.models import Registration

    return badge_registrations(
        Registration.objects.filter(person__email="head@demo.example", session__is_current=True)
    ).get()


def _signed_in(browser, visitor_cookie, kind: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([visitor_cookie(kind)])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_check_in_by_typed_code(demo_site, browser, visitor_cookie, snap):
    from delegates.badges import badge_token
    from delegates.models import Attendance

    registration = _head_registration()
    Attendance.objects.filter(registration=registration).delete()
    context, page = _signed_in(browser, visitor_cookie, "officer")
    page.goto(f"{demo_site.url}/en/delegates/check-in/")
    snap(page, "check-in page")
    page.get_by_label("Badge code").fill(badge_token(registration))
    page.get_by_role("button", name="Check in").click()
    page.wait_for_load_state()
    snap(page, "welcome")
    assert page.get_by_text("Welcome: attendance recorded").is_visible()
    assert page.get_by_text(registration.person.full_name).first.is_visible()
    # The field is empty again, focused, for the next badge in the queue.
    assert page.get_by_label("Badge code").input_value() == ""
    page.get_by_label("Badge code").fill(badge_token(registration))
    page.get_by_role("button", name="Check in").click()
    page.wait_for_load_state()
    snap(page, "already checked in")
    assert page.get_by_text("Already checked in on").is_visible()
    assert Attendance.objects.filter(registration=registration).count() == 1
    context.close()


def test_the_pages_decoder_reads_a_badge_image(demo_site, browser, visitor_cookie, snap):
    import pypdfium2

    from delegates.badges import badge_token, badges_pdf

    registration = _head_registration()
    document = pypdfium2.PdfDocument(badges_pdf([registration]))
    image = document[0].render(scale=3).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    context, page = _signed_in(browser, visitor_cookie, "officer")
    page.goto(f"{demo_site.url}/ar/delegates/check-in/")
    snap(page, "check-in page in Arabic")
    page.wait_for_function("() => typeof window.jsQR === 'function'")
    decoded = page.evaluate(
        """async (source) => {
            const img = new Image();
            img.src = source;
            await img.decode();
            const canvas = document.createElement("canvas");
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(img, 0, 0);
            const frame = context.getImageData(0, 0, canvas.width, canvas.height);
            const code = window.jsQR(frame.data, frame.width, frame.height);
            return code ? code.data : null;
        }""",
        data_url,
    )
    assert decoded == badge_token(registration)
    context.close()


def test_the_participants_page(demo_site, page, snap):
    from delegates import services
    from delegates.models import Person

    person = Person.objects.get(email="head@demo.example")
    services.person_update(person=person, actor=None, public_consent=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_site.url}/en/participants/")
    snap(page, "participants in English")
    assert page.get_by_role("heading", name="Participants", exact=True).is_visible()
    assert page.get_by_text(person.full_name).is_visible()
    page.get_by_label("Search by name, function, country or organisation").fill("zzz-nobody")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_text("No participant matches this search.").is_visible()
    page.goto(f"{demo_site.url}/ar/participants/")
    snap(page, "participants in Arabic")
    services.person_update(person=person, actor=None, public_consent=False)
    page.goto(f"{demo_site.url}/en/participants/")
    assert page.get_by_text(person.full_name).count() == 0


def test_check_in_through_the_camera(
    demo_site, browser_type, browser_type_launch_args, visitor_cookie, tmp_path, snap
):
    """Chromium's fake camera films a printed badge (a Motion JPEG of its rendering): the page
    reads the QR code with jsQR and checks the holder in, with no code typed."""
    import pypdfium2
    from PIL import Image

    from delegates.badges import badges_pdf
    from delegates.models import Attendance

    registration = _head_registration()
    Attendance.objects.filter(registration=registration).delete()
    badge = pypdfium2.PdfDocument(badges_pdf([registration]))[0].render(scale=2).to_pil()
    frame = Image.new("RGB", (1280, 720), (90, 90, 90))
    badge.thumbnail((700, 700))
    frame.paste(badge, ((1280 - badge.width) // 2, (720 - badge.height) // 2))
    film = tmp_path / "badge.mjpeg"
    with film.open("wb") as out:
        for _ in range(10):
            buffer = io.BytesIO()
            frame.save(buffer, format="JPEG", quality=92)
            out.write(buffer.getvalue())
    args = [
        *browser_type_launch_args.get("args", []),
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={film}",
    ]
    camera_browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        context = camera_browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["camera"])
        context.add_cookies([visitor_cookie("officer")])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{demo_site.url}/en/delegates/check-in/")
        page.get_by_role("button", name="Scan with the camera").click()
        page.get_by_text("Welcome: attendance recorded").wait_for()
        snap(page, "checked in by the camera")
        assert Attendance.objects.filter(registration=registration).count() == 1
        context.close()
    finally:
        camera_browser.close()


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/ar/accounts/signup/"])
def test_sign_in_and_sign_up_use_the_sites_full_width(demo_site, page, snap, path):
    """The header and the page use the site's width, as every other page; only the form keeps a
    readable measure (the whole body was once squeezed to about 560 px)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_site.url}{path}")
    snap(page, "account page")
    header = page.locator(".site-header").bounding_box()
    main = page.locator("main").bounding_box()
    assert header["width"] >= 1200
    assert main["width"] >= 1000
    form = page.locator("main form").first.bounding_box()
    assert form["width"] <= 600
