"""A file stays reachable only while the object that publishes it is public (SECURITY.md 30).

Unpublishing a document, removing or replacing one language file of it, deleting a gallery
photo or taking a speaker out of the public programme makes the file's URL answer 404 at once:
no cache in between keeps serving it.
"""

import pytest
from django.core.files.base import ContentFile

from assembly import services
from assembly.demo import demo_photo
from assembly.models import Document, DocumentFile
from tests.e2e.users import make_user


@pytest.fixture
def version(session91) -> DocumentFile:
    document = Document.objects.filter(session=session91, is_public=True, files__isnull=False)
    return DocumentFile.objects.filter(document=document.first()).first()


def _get(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_a_public_document_file_is_served_and_revalidated(client, version):
    response, body = _get(client, version.file.url)
    assert response.status_code == 200
    assert body == version.file.open("rb").read()
    # Shared caches may keep it but must ask again each time: unpublishing then takes effect.
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control or "max-age=0" in cache_control, cache_control


def test_unpublishing_a_document_makes_its_files_answer_404_at_once(client, version):
    urls = [f.file.url for f in version.document.files.all()]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)

    Document.objects.filter(pk=version.document_id).update(is_public=False)

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_a_removed_language_file_answers_404_at_once(client, version):
    url = version.file.url
    assert client.get(url).status_code == 200
    version.delete()  # the file stays in storage; its URL must not
    assert client.get(url).status_code == 404


def test_a_replaced_language_file_leaves_the_old_url_dead(client, version):
    old_url = version.file.url
    assert client.get(old_url).status_code == 200
    new = services.document_file_attach(
        document=version.document,
        language=version.language,
        content=ContentFile(b"%PDF-1.4 corrected\n", name="corrected.pdf"),
    )
    assert client.get(old_url).status_code == 404
    response, body = _get(client, new.file.url)
    assert response.status_code == 200
    assert body == b"%PDF-1.4 corrected\n"


def test_a_deleted_gallery_photo_answers_404(client, session91):
    photo = session91.photos.first()
    photo.image.save("press.jpg", ContentFile(demo_photo((11, 61, 145))), save=True)
    url = photo.image.url
    assert client.get(url).status_code == 200
    photo.delete()
    assert client.get(url).status_code == 404


def test_a_speaker_photo_is_public_only_while_the_speaker_is_in_the_public_programme(
    client, session91
):
    from agenda import services as agenda_services
    from tests.agenda.factories import at, make_slot

    speaker = agenda_services.speaker_upsert(slug="amira-haddad", name="Amira Haddad")
    speaker.photo.save("amira.jpg", ContentFile(demo_photo((20, 60, 120))))
    slot = make_slot(session91, start=at(session91, 0, 10), end=at(session91, 0, 11))
    agenda_services.slot_speaker_set(slot=slot, speaker=speaker, role="speaker")
    url = speaker.photo.url
    assert client.get(url).status_code == 200

    agenda_services.slot_unpublish(slot=slot)

    assert client.get(url).status_code == 404


def test_staff_still_open_an_unpublished_file_from_the_admin(client, version):
    Document.objects.filter(pk=version.document_id).update(is_public=False)
    client.force_login(make_user("superuser", email="secretariat@example.org"))
    response, _body = _get(client, version.file.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(version.file.url).status_code == 404


def test_a_file_no_object_publishes_answers_404(client, session91, settings):
    path = settings.MEDIA_ROOT / "documents" / ("a" * 32 + ".pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 stray\n")
    try:
        assert client.get("/media/documents/" + "a" * 32 + ".pdf").status_code == 404
    finally:
        path.unlink()
