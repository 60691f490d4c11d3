"""Bad input in the unit admin gets a clear Vietnamese error, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.support.forms import form_data
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def change_form(office_client, unit_a):
    url = reverse("admin:units_unit_change", args=[unit_a.pk])
    return url, form_data(office_client.get(url).text)


def post(office_client, url, data, **files):
    response = office_client.post(url, {**data, **files})
    assert response.status_code in {200, 302}
    return response


def errors(response):
    return response.context["adminform"].form.errors


def test_duplicate_name_is_a_form_error(office_client, change_form):
    UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    url, data = change_form
    data["name"] = ["công đoàn trường đại học quốc tế"]
    response = post(office_client, url, data)
    assert "Đã có đơn vị mang tên này." in response.text


def test_duplicate_slug_is_a_form_error(office_client, change_form):
    other = UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    url, data = change_form
    data["slug"] = [other.slug]
    response = post(office_client, url, data)
    assert "slug" in errors(response)
    assert "đã tồn tại" in str(errors(response)["slug"])


def test_invalid_facebook_url_is_a_form_error(office_client, change_form):
    url, data = change_form
    data["facebook_url"] = ["https://evil.example.com/facebook.com"]
    response = post(office_client, url, data)
    assert "Đường dẫn Facebook phải thuộc facebook.com" in str(
        errors(response)["facebook_url"]
    )


def test_logo_that_is_not_an_image_is_a_form_error(office_client, change_form):
    url, data = change_form
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image", "image/png")
    response = post(office_client, url, data, logo=fake)
    assert "logo" in errors(response)


def test_decompression_bomb_logo_is_a_form_error(office_client, change_form):
    url, data = change_form
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels, tiny file
    bomb = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    response = post(office_client, url, data, logo=bomb)
    assert "logo" in errors(response)


def test_valid_logo_is_saved(office_client, change_form, unit_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url, data = change_form
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(buffer, "PNG")
    logo = SimpleUploadedFile("Logo Công đoàn.png", buffer.getvalue(), "image/png")
    response = post(office_client, url, data, logo=logo)
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.logo
