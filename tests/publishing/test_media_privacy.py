"""/media/ with DEBUG on serves what production serves by path, and nothing else (#12):
public images and their renditions, never a document, whatever its folder or name."""

import importlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from publishing.media import media_is_public, public_media_folders
from publishing.services import image_renditions_generate
from tests.guidance.factories import DocumentFactory, attachment, pdf_bytes
from tests.news.factories import ArticleFactory
from tests.publishing.test_images import image_bytes

pytestmark = pytest.mark.django_db


def _reload_urls():
    import unionportal.urls

    importlib.reload(unionportal.urls)
    clear_url_caches()


@pytest.fixture
def debug_site(settings, tmp_path):
    """The site's own URLconf as `make run` builds it: DEBUG on."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    _reload_urls()
    yield tmp_path
    settings.DEBUG = False
    _reload_urls()


def media(client, name):
    return client.get(f"/media/{name}")


def test_a_cover_and_its_renditions_are_served(client, debug_site):
    article = ArticleFactory(
        cover=SimpleUploadedFile(
            "anh.jpg", image_bytes(size=(1200, 800)), "image/jpeg"
        ),
        cover_alt="Hội nghị công đoàn",
    )
    image_renditions_generate(instance=article, field_name="cover")
    article.refresh_from_db()
    response = media(client, article.cover.name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    renditions = article.cover_renditions["webp"]
    assert renditions
    for rendition in renditions:
        served = media(client, rendition["name"])
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"


def test_a_guidance_attachment_is_never_served_by_path(client, debug_site):
    document = DocumentFactory()
    stored = attachment(document)
    assert (debug_site / stored.file.name).exists()
    assert media(client, stored.file.name).status_code == 404


def test_a_plan_file_is_never_served_by_path(client, debug_site, unit_a):
    from tests.units.factories import AnnualPlanFactory
    from units.models import AnnualPlanFile
    from units.services import annual_plan_file_save

    stored = annual_plan_file_save(
        plan_file=AnnualPlanFile(
            plan=AnnualPlanFactory(unit=unit_a),
            file=SimpleUploadedFile("Kế hoạch.pdf", pdf_bytes()),
        )
    )
    assert (debug_site / stored.file.name).exists()
    assert media(client, stored.file.name).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "guidance/abc/scan.jpg",  # an image, but in a private folder
        "news/covers/2026/01/trang.html",  # a public folder, not an image
        "news/covers/2026/01/anh.jpg.pdf",
        "news/covers/../../guidance/abc/scan.jpg",
        "news/covers//2026/anh.jpg",
        "editor/../guidance/abc/scan.jpg",
    ],
)
def test_anything_else_is_404_even_when_the_file_exists(client, debug_site, name):
    target = debug_site / name.replace("../", "").replace("//", "/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(image_bytes())
    assert media(client, name).status_code == 404


def test_editor_images_are_served(client, debug_site):
    name = default_storage.save("editor/van-phong/2026/01/anh.png", _png())
    assert media(client, name).status_code == 200


def _png():
    from django.core.files.base import ContentFile

    return ContentFile(image_bytes("PNG"))


def test_the_public_folders_come_from_the_image_fields():
    folders = public_media_folders()
    assert "news/covers/" in folders and "units/logos/" in folders
    assert not any(folder.startswith(("guidance", "units/plans")) for folder in folders)
    assert media_is_public("units/leaders/x.webp")
    assert not media_is_public("units/plans/x.pdf")


def test_without_debug_nothing_is_served_under_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "news/covers").mkdir(parents=True)
    (tmp_path / "news/covers/anh.jpg").write_bytes(image_bytes())
    assert client.get("/media/news/covers/anh.jpg").status_code == 404
