"""Images: judged by content, normalised, cut into renditions and rendered as <picture>."""

import io
import re
import struct
import zlib
from unittest import mock

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import MigrationQuestioner
from django.db.migrations.state import ModelState, ProjectState
from django.db.migrations.writer import MigrationWriter
from django.template import Context, Template, TemplateSyntaxError
from PIL import Image, ImageDraw

from publishing import tasks
from publishing.fields import ImageFormField, RenditionsField
from publishing.images import (
    image_normalize,
    image_safe_name,
    image_validate,
    rendition_widths,
    renditions_encode,
)
from publishing.models import OutboxTask
from publishing.services import editor_image_upload, image_renditions_generate
from tests.publishing import content_model

poster_model = content_model.poster_model  # the test model's fixture

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", color="red", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format=fmt, **options)
    return out.getvalue()


def upload(content: bytes, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal_of(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        image_validate(io.BytesIO(content))
    return caught.value


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims a huge image: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def photo_with_orientation_and_gps() -> bytes:
    """A 200x100 JPEG, left half red and right half blue, "rotate 90° CW" and GPS."""
    image = Image.new("RGB", (200, 100), "red")
    ImageDraw.Draw(image).rectangle((100, 0, 199, 99), fill="blue")
    exif = image.getexif()
    exif[EXIF_ORIENTATION] = 6
    exif.get_ifd(EXIF_GPS_IFD).update({1: "N", 2: (10.0, 52.0, 30.0), 3: "E"})
    exif[0x010F] = "Điện thoại của đoàn viên"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


# --- validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "options", "stored"),
    [
        ("JPEG", {}, "JPEG"),
        ("PNG", {}, "PNG"),
        ("WEBP", {}, "WEBP"),
        ("GIF", {}, "PNG"),
    ],
)
def test_accepted_formats_are_re_encoded(fmt, options, stored):
    normalized = image_normalize(io.BytesIO(image_bytes(fmt, **options)))
    assert normalized.format == stored
    assert (normalized.width, normalized.height) == (64, 48)
    assert Image.open(io.BytesIO(normalized.content)).format == stored


def test_an_animated_gif_keeps_its_first_frame_as_a_png():
    frames = [Image.new("RGB", (20, 20), c) for c in ("green", "yellow")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    normalized = image_normalize(io.BytesIO(out.getvalue()))
    result = Image.open(io.BytesIO(normalized.content))
    assert result.format == "PNG"
    assert result.convert("RGB").getpixel((5, 5)) == (0, 128, 0)


def test_normalising_applies_the_orientation_and_strips_exif_and_gps():
    normalized = image_normalize(io.BytesIO(photo_with_orientation_and_gps()))
    result = Image.open(io.BytesIO(normalized.content))
    # Orientation 6: the stored pixels are turned 90° clockwise, so the image is
    # now portrait with the red half on top.
    assert result.size == (100, 200) == (normalized.width, normalized.height)
    top, bottom = result.getpixel((50, 20)), result.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
    assert len(result.getexif()) == 0
    assert "exif" not in result.info
    assert b"Exif" not in normalized.content
    assert "Điện thoại".encode() not in normalized.content


def test_normalising_keeps_the_icc_profile_and_drops_comments():
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = image_bytes("JPEG", icc_profile=icc, comment=b"Nguyen Van A, CCCD 0790")
    result = Image.open(io.BytesIO(image_normalize(io.BytesIO(content)).content))
    assert result.info.get("icc_profile") == icc
    assert "comment" not in result.info


def test_a_decompression_bomb_is_refused_in_vietnamese():
    error = refusal_of(png_claiming(100_000, 100_000))
    assert error.code == "image_too_many_pixels"
    assert "độ phân giải quá lớn" in str(error.message % error.params)
    assert "40 triệu điểm ảnh" in str(error.message % error.params)


def test_an_image_over_our_own_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    assert refusal_of(image_bytes("PNG", size=(200, 100))).code == (
        "image_too_many_pixels"
    )
    image_validate(io.BytesIO(image_bytes("PNG", size=(100, 100))))  # exactly at it


def test_a_file_over_the_upload_size_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    noisy = Image.effect_noise((1200, 1200), 100).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > 1024 * 1024
    error = refusal_of(out.getvalue())
    assert error.code == "image_too_large"
    assert str(error.message % error.params) == "Ảnh quá lớn: tối đa 1 MB."


def test_a_text_file_named_jpg_is_refused():
    field = ImageFormField()
    with pytest.raises(ValidationError) as caught:
        field.clean(upload(b"Day khong phai anh, chi la van ban.\n" * 20))
    assert caught.value.code == "image_invalid"
    assert caught.value.messages == ["Tệp này không phải là ảnh hợp lệ."]


def test_a_truncated_jpeg_is_refused():
    noisy = Image.effect_noise((400, 300), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="JPEG")
    content = out.getvalue()
    error = refusal_of(content[: len(content) // 2])
    assert error.code == "image_corrupt"


def test_a_truncated_jpeg_is_refused_after_a_pdf_was_made_in_the_process():
    from publishing.pdf import _weasyprint

    _weasyprint()  # weasyprint loosens Pillow's truncated-image rule on import
    test_a_truncated_jpeg_is_refused()


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_image_formats_are_refused_by_what_they_decode_as(fmt):
    error = refusal_of(image_bytes(fmt, size=(32, 32)))
    assert error.code == "image_format"
    assert error.messages == ["Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."]


def test_the_file_name_and_declared_type_do_not_matter():
    field = ImageFormField()
    accepted = field.clean(upload(image_bytes("PNG"), "tai-lieu.txt", "text/plain"))
    assert accepted.name == "tai-lieu.txt"


def test_the_form_field_offers_only_the_accepted_types():
    field = ImageFormField()
    assert field.widget.attrs["accept"] == ("image/jpeg,image/png,image/webp,image/gif")


def test_safe_names_are_random_and_never_the_uploaders():
    names = {image_safe_name("jpg") for _ in range(50)}
    assert len(names) == 50
    assert all(len(name) == 24 and name.endswith(".jpg") for name in names)


# --- renditions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "planned"),
    [
        (3000, [480, 960, 1600]),
        (1600, [480, 960, 1600]),
        (1200, [480, 960, 1200]),
        (1000, [480, 960]),
        (500, [480]),
        (300, [300]),
    ],
)
def test_rendition_widths_never_upscale(width, planned):
    assert rendition_widths(width) == planned


def test_renditions_are_webp_and_jpeg_at_each_width():
    image = Image.new("RGB", (2000, 1000), "teal")
    made = renditions_encode(image)
    assert [(r.format, r.width, r.height) for r in made] == [
        ("WEBP", 480, 240), ("JPEG", 480, 240),
        ("WEBP", 960, 480), ("JPEG", 960, 480),
        ("WEBP", 1600, 800), ("JPEG", 1600, 800),
    ]  # fmt: skip
    for rendition in made:
        decoded = Image.open(io.BytesIO(rendition.content))
        assert decoded.format == rendition.format
        assert decoded.size == (rendition.width, rendition.height)


def test_a_transparent_image_falls_back_to_png_not_jpeg():
    made = renditions_encode(Image.new("RGBA", (600, 300), (0, 0, 0, 0)))
    assert {r.format for r in made} == {"WEBP", "PNG"}
    png = next(r for r in made if r.format == "PNG")
    assert Image.open(io.BytesIO(png.content)).mode == "RGBA"


# --- the model field ------------------------------------------------------------


def test_the_field_adds_its_renditions_companion(poster_model):
    companion = poster_model._meta.get_field("cover_renditions")
    assert isinstance(companion, RenditionsField)
    assert companion.editable is False
    assert companion.get_default() == {}
    names = [f.name for f in poster_model._meta.local_fields]
    assert names.index("cover_renditions") == names.index("cover") + 1


def test_the_companion_is_not_added_twice_when_migrations_render_the_model(
    poster_model,
):
    state = ModelState.from_model(poster_model)
    assert list(state.fields).count("cover_renditions") == 1
    project = ProjectState()
    project.add_model(state)
    rendered = project.apps.get_model("publishing", "poster")
    names = [f.name for f in rendered._meta.local_fields]
    assert names.count("cover_renditions") == 1


def test_makemigrations_writes_the_image_field_and_its_companion(poster_model):
    to_state = ProjectState()
    to_state.add_model(ModelState.from_model(poster_model))
    questioner = MigrationQuestioner(specified_apps={"publishing"})
    changes = MigrationAutodetector(ProjectState(), to_state, questioner).changes(
        graph=MigrationGraph()
    )
    (migration,) = changes["publishing"]
    source = MigrationWriter(migration).as_string()
    assert "publishing.fields.ImageField(" in source
    assert "publishing.fields.RenditionsField(blank=True, default=dict" in source
    assert source.count("'cover_renditions'") == 1
    replayed = ProjectState()
    for operation in migration.operations:
        operation.state_forwards("publishing", replayed)
    model = replayed.apps.get_model("publishing", "poster")
    assert [f.name for f in model._meta.local_fields].count("cover_renditions") == 1


def test_the_model_form_field_checks_content(poster_model):
    field = poster_model._meta.get_field("cover")
    assert isinstance(field.formfield(), ImageFormField)
    model_admin = admin.ModelAdmin(poster_model, admin.site)
    assert isinstance(
        model_admin.formfield_for_dbfield(field, request=None), ImageFormField
    )


@pytest.mark.django_db
def test_full_clean_refuses_a_fake_image(poster_model):
    poster = poster_model(cover=upload(b"not an image"))
    with pytest.raises(ValidationError) as caught:
        poster.full_clean()
    assert caught.value.error_dict["cover"][0].code == "image_invalid"


@pytest.mark.django_db
def test_saving_an_upload_stores_a_clean_copy_under_a_random_name(
    poster_model, media_root, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.image_renditions_generate, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        poster = poster_model.objects.create(
            cover=upload(photo_with_orientation_and_gps(), "CCCD Nguyễn Văn A.jpg")
        )
    name = poster.cover.name
    assert name.startswith("covers/") and name.endswith(".jpg")
    assert "CCCD" not in name and "Nguy" not in name
    stored = Image.open(media_root / name)
    assert stored.size == (100, 200)
    assert len(stored.getexif()) == 0
    row = poster_model.objects.values("cover", "cover_renditions").get(pk=poster.pk)
    assert row == {
        "cover": name,
        "cover_renditions": {"source": name, "width": 100, "height": 200},
    }
    delay.assert_called_once_with("publishing", "poster", poster.pk, "cover")


@pytest.mark.django_db
def test_saving_without_a_new_upload_enqueues_nothing(
    poster_model, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.image_renditions_generate, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            poster = poster_model.objects.create(cover=upload(image_bytes()))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            poster.title = "Đổi tiêu đề"
            poster.save()
    assert callbacks == []
    assert delay.call_count == 1


@pytest.mark.django_db
def test_a_rolled_back_save_enqueues_nothing(
    poster_model, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.image_renditions_generate, "delay") as delay,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        poster_model.objects.create(cover=upload(image_bytes()))
    assert len(callbacks) == 1  # would run only on commit
    delay.assert_not_called()


@pytest.mark.django_db
def test_clearing_the_image_clears_its_renditions(poster_model):
    poster = poster_model.objects.create(cover=upload(image_bytes()))
    poster.cover = None
    poster.save()
    poster.refresh_from_db()
    assert poster.cover_renditions == {}


@pytest.mark.django_db
def test_a_broker_outage_does_not_break_the_save_and_leaves_the_task_in_the_outbox(
    poster_model, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(
            tasks.image_renditions_generate, "delay", side_effect=ConnectionError
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        poster = poster_model.objects.create(cover=upload(image_bytes()))
    assert poster.pk
    # The task waits in the outbox, for the sweep to send when the broker is back.
    row = OutboxTask.objects.get()
    assert row.task == tasks.image_renditions_generate.name
    assert row.args == ["publishing", "poster", poster.pk, "cover"]
    assert row.last_error.startswith("broker unavailable")


# --- the task and its service ---------------------------------------------------


@pytest.fixture
def poster_with_photo(poster_model):
    return poster_model.objects.create(
        cover=upload(image_bytes("JPEG", size=(2000, 1200), color="navy"))
    )


@pytest.mark.django_db
def test_the_task_writes_renditions_and_records_them(poster_with_photo, media_root):
    poster = poster_with_photo
    tasks.image_renditions_generate("publishing", "poster", poster.pk, "cover")
    poster.refresh_from_db()
    entry = poster.cover_renditions
    assert entry["source"] == poster.cover.name
    assert (entry["width"], entry["height"]) == (2000, 1200)
    assert set(entry) == {"source", "width", "height", "webp", "jpeg"}
    for fmt, pil_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        assert [(r["width"], r["height"]) for r in entry[fmt]] == [
            (480, 288), (960, 576), (1600, 960),
        ]  # fmt: skip
        for rendition in entry[fmt]:
            stored = Image.open(media_root / rendition["name"])
            assert stored.format == pil_format
            assert stored.size == (rendition["width"], rendition["height"])


@pytest.mark.django_db
def test_a_small_image_is_never_upscaled(poster_model, media_root):
    poster = poster_model.objects.create(cover=upload(image_bytes(size=(300, 200))))
    tasks.image_renditions_generate("publishing", "poster", poster.pk, "cover")
    poster.refresh_from_db()
    assert [r["width"] for r in poster.cover_renditions["webp"]] == [300]
    assert [r["width"] for r in poster.cover_renditions["jpeg"]] == [300]


@pytest.mark.django_db
def test_the_task_returns_quietly_when_the_row_is_gone(poster_with_photo, media_root):
    pk = poster_with_photo.pk
    poster_with_photo.delete()
    before = sorted(media_root.rglob("*"))
    tasks.image_renditions_generate("publishing", "poster", pk, "cover")
    assert sorted(media_root.rglob("*")) == before


@pytest.mark.django_db
def test_a_second_run_changes_nothing(poster_with_photo):
    poster = poster_with_photo
    tasks.image_renditions_generate("publishing", "poster", poster.pk, "cover")
    first = poster_model_row(poster)
    with mock.patch.object(FileSystemStorage, "save") as save:
        tasks.image_renditions_generate("publishing", "poster", poster.pk, "cover")
    save.assert_not_called()
    assert poster_model_row(poster) == first


def poster_model_row(poster):
    return type(poster).objects.values("cover", "cover_renditions").get(pk=poster.pk)


@pytest.mark.django_db
def test_renditions_for_an_image_replaced_meanwhile_are_discarded(
    poster_with_photo, media_root
):
    stale = poster_with_photo
    type(stale).objects.filter(pk=stale.pk).update(cover="covers/replaced.jpg")
    before = sorted(media_root.rglob("*"))
    assert image_renditions_generate(instance=stale, field_name="cover") is None
    row = poster_model_row(stale)
    assert row["cover_renditions"]["source"] == stale.cover.name  # untouched
    assert "webp" not in row["cover_renditions"]
    assert sorted(media_root.rglob("*")) == before  # its files were deleted again


@pytest.mark.django_db
def test_the_service_does_nothing_for_an_empty_field(poster_model):
    poster = poster_model.objects.create()
    assert image_renditions_generate(instance=poster, field_name="cover") is None


# --- rendering ------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load publishing_tags %}" + source).render(Context(context))


class NoFileAccess:
    """Make any storage call that touches a file fail the test."""

    def __enter__(self):
        self.patches = [
            mock.patch.object(FileSystemStorage, name, side_effect=AssertionError(name))
            for name in ("open", "exists", "size", "listdir", "path")
        ]
        for patch in self.patches:
            patch.start()

    def __exit__(self, *exc):
        for patch in self.patches:
            patch.stop()


@pytest.mark.django_db
def test_picture_renders_sources_from_the_renditions_without_io_or_queries(
    poster_with_photo, django_assert_num_queries
):
    tasks.image_renditions_generate(
        "publishing", "poster", poster_with_photo.pk, "cover"
    )
    poster = type(poster_with_photo).objects.get(pk=poster_with_photo.pk)
    stem = poster.cover.name.rsplit(".", 1)[0]
    with django_assert_num_queries(0), NoFileAccess():
        markup = render(
            '{% picture poster "cover" alt=title sizes="(min-width: 48rem) 50vw, 100vw"'
            ' class="cover" %}',
            poster=poster,
            title='Đại hội "Công đoàn" <2026>',
        )
    media = "/media/"
    assert markup == (
        '<picture><source type="image/webp" srcset="'
        f"{media}{stem}-480w.webp 480w, {media}{stem}-960w.webp 960w, "
        f'{media}{stem}-1600w.webp 1600w" sizes="(min-width: 48rem) 50vw, 100vw">'
        f'<img src="{media}{stem}-960w.jpg" srcset="{media}{stem}-480w.jpg 480w, '
        f'{media}{stem}-960w.jpg 960w, {media}{stem}-1600w.jpg 1600w" '
        'sizes="(min-width: 48rem) 50vw, 100vw" '
        'alt="Đại hội &quot;Công đoàn&quot; &lt;2026&gt;" width="960" height="576" '
        'class="cover" loading="lazy" decoding="async"></picture>'
    )


@pytest.mark.django_db
def test_picture_falls_back_to_the_original_until_renditions_exist(
    poster_with_photo, django_assert_num_queries
):
    poster = poster_with_photo
    with django_assert_num_queries(0), NoFileAccess():
        markup = render('{% picture poster "cover" alt="Ảnh" %}', poster=poster)
    assert markup == (
        f'<img src="/media/{poster.cover.name}" alt="Ảnh" width="2000" height="1200" '
        'loading="lazy" decoding="async">'
    )


@pytest.mark.django_db
def test_picture_ignores_renditions_made_for_an_earlier_upload(poster_with_photo):
    poster = poster_with_photo
    poster.cover_renditions = {
        "source": "covers/old.jpg",
        "width": 10,
        "height": 10,
        "webp": [{"name": "covers/old-480w.webp", "width": 480, "height": 480}],
        "jpeg": [{"name": "covers/old-480w.jpg", "width": 480, "height": 480}],
    }
    markup = render('{% picture poster "cover" %}', poster=poster)
    assert "old" not in markup
    assert markup == (
        f'<img src="/media/{poster.cover.name}" alt="" loading="lazy" decoding="async">'
    )


def test_picture_of_an_empty_field_renders_nothing(poster_model):
    assert render('{% picture poster "cover" alt="x" %}', poster=poster_model()) == ""


def test_picture_refuses_unknown_options(poster_model):
    with pytest.raises(TemplateSyntaxError):
        render('{% picture poster "cover" onload="x" %}', poster=poster_model())


def test_vn_date_is_both_a_filter_and_a_tag():
    from datetime import UTC, datetime

    moment = datetime(2021, 5, 25, 18, 0, tzinfo=UTC)
    assert render("{{ d|vn_date }}|{% vn_date d %}", d=moment) == (
        "ngày 26 tháng 5 năm 2021|ngày 26 tháng 5 năm 2021"
    )
    assert render("{{ d|vn_date }}", d=None) == ""


def test_default_storage_is_the_test_media_root(media_root):
    assert default_storage.path("x") == str(media_root / "x")


def test_an_editor_upload_is_normalised_and_stored_under_a_random_name(media_root):
    url = editor_image_upload(
        upload=upload(photo_with_orientation_and_gps(), "ảnh riêng tư.jpg"),
        folder="bach-khoa",
    )
    assert url.startswith("/media/editor/bach-khoa/") and url.endswith(".jpg")
    assert re.fullmatch(r"[0-9a-f]{20}\.jpg", url.rsplit("/", 1)[1])
    stored = Image.open(media_root / url.removeprefix("/media/"))
    assert stored.size == (100, 200)
    assert len(stored.getexif()) == 0


def test_an_editor_upload_that_is_no_image_stores_nothing(media_root):
    with pytest.raises(ValidationError):
        editor_image_upload(
            upload=upload(b"<svg onload=alert(1)>", "x.png"), folder="bach-khoa"
        )
    assert list(media_root.rglob("*.*")) == []
