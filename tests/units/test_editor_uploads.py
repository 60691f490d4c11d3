"""CKEditor's image upload: editors only, judged by content, stored under the unit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db
URL = reverse("editor_image_upload")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name="ảnh.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_editor_upload_lands_in_their_units_folder(editor_client, unit_a, media):
    response = editor_client.post(URL, {"upload": png()})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith(f"/media/editor/{unit_a.slug}/")
    assert (media / url.removeprefix("/media/")).exists()


def test_office_staff_upload_to_the_office_folder(office_client):
    url = office_client.post(URL, {"upload": png()}).json()["url"]
    assert url.startswith("/media/editor/van-phong/")


def test_not_an_image_gets_a_vietnamese_error_and_nothing_is_stored(
    editor_client, media
):
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png")
    response = editor_client.post(URL, {"upload": fake})
    assert response.status_code == 400
    assert "ảnh" in response.json()["error"]["message"]
    assert not list(media.rglob("*.*"))


def test_missing_file_is_a_clear_error(editor_client):
    response = editor_client.post(URL, {})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Chưa chọn tệp ảnh."


def test_people_who_edit_nothing_cannot_upload(client, media):
    from tests.units.factories import UserFactory

    assert client.post(URL, {"upload": png()}).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.post(URL, {"upload": png()}).status_code == 403
    assert not list(media.rglob("*.*"))


def test_upload_needs_csrf(unit_editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_editor)
    assert client.post(URL, {"upload": png()}).status_code == 403
