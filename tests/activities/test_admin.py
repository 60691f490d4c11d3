"""The activity admin through the forms it renders: capacity, references, the article."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities import services
from activities.models import Activity, ActivityPhoto, Registration
from news.models import Article
from publishing.models import Notification, Status
from tests.support.forms import form_data, select_options

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def change_url(activity):
    return reverse("admin:activities_activity_change", args=[activity.pk])


def _register(activity, n):
    return services.registration_create(
        activity_id=activity.pk, name=f"Người {n}", email=f"n{n}@example.edu.vn"
    )


def test_capacity_lowered_below_the_places_held_is_a_form_error(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a, capacity=5)
    for n in range(3):
        _register(activity, n)
    data = form_data(editor_client.get(change_url(activity)).text)
    data["capacity"] = ["2"]
    response = editor_client.post(change_url(activity), data)
    assert response.status_code == 200
    assert "Đã có 3 người giữ chỗ: số chỗ không thể nhỏ hơn 3." in response.text
    activity.refresh_from_db()
    assert activity.capacity == 5
    data["capacity"] = ["3"]
    assert editor_client.post(change_url(activity), data).status_code == 302


def test_capacity_raised_moves_the_waiting_list_up_and_tells_them(
    editor_client, unit_a
):
    activity = ActivityFactory(unit=unit_a, capacity=1)
    registrations = [_register(activity, n) for n in range(3)]
    data = form_data(editor_client.get(change_url(activity)).text)
    data["capacity"] = ["2"]
    assert editor_client.post(change_url(activity), data).status_code == 302
    statuses = [
        r.status for r in Registration.objects.filter(activity=activity).order_by("pk")
    ]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    promoted = Notification.objects.get(kind="activities.promoted")
    assert promoted.to == [registrations[1].email]


def test_the_form_offers_guidance_documents_and_key_dates_by_their_apps(
    office_client,
):
    from tests.campaigns.factories import KeyDateFactory
    from tests.guidance.factories import DocumentFactory

    document = DocumentFactory()
    key_date = KeyDateFactory(name="Ngày hội văn hóa công nhân")
    activity = ActivityFactory()
    page = office_client.get(change_url(activity)).text
    assert str(document.pk) in select_options(page, "guidance_document_ref")
    assert str(key_date.pk) in select_options(page, "key_date_ref")
    data = form_data(page)
    data["guidance_document_ref"] = [str(document.pk)]
    data["key_date_ref"] = [str(key_date.pk)]
    assert office_client.post(change_url(activity), data).status_code == 302
    activity.refresh_from_db()
    assert (activity.guidance_document_ref, activity.key_date_ref) == (
        document.pk,
        key_date.pk,
    )
    # A forged id that the form does not offer is refused.
    data["guidance_document_ref"] = ["99999999"]
    response = office_client.post(change_url(activity), data)
    assert response.status_code == 200
    assert "guidance_document_ref" in response.context["adminform"].form.errors


def test_ends_before_it_starts_is_a_form_error(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a)
    data = form_data(editor_client.get(change_url(activity)).text)
    data["ends_at"] = data["starts_at"]
    response = editor_client.post(change_url(activity), data)
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau lúc bắt đầu." in response.text


def _jpeg(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_photos_are_judged_by_content_and_the_summary_becomes_an_article(
    editor_client, unit_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(unit=unit_a)
    data = form_data(editor_client.get(change_url(activity)).text)
    data["report"] = ["<p>Hơn 200 đoàn viên tham dự.</p><script>alert(1)</script>"]
    data["photos-0-alt"] = ["Báo cáo viên trao đổi với đoàn viên"]
    data["photos-0-image"] = SimpleUploadedFile("anh.png", b"not an image at all")
    response = editor_client.post(change_url(activity), data)
    assert response.status_code == 200  # the fake image is refused
    assert not ActivityPhoto.objects.exists()
    data["photos-0-image"] = SimpleUploadedFile("anh.jpg", _jpeg())
    assert editor_client.post(change_url(activity), data).status_code == 302
    activity.refresh_from_db()
    assert "<script>" not in activity.report
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1

    changelist = reverse("admin:activities_activity_changelist")
    actions = form_data(editor_client.get(changelist).text, "changelist-form")
    actions.update(
        action=["article_create_selected"],
        index=["0"],
        **{ACTION_CHECKBOX_NAME: [str(activity.pk)]},
    )
    response = editor_client.post(changelist, actions, follow=True)
    assert "Đã tạo bài viết nháp" in response.text
    article = Article.objects.get()
    assert (article.unit, article.status) == (unit_a, Status.DRAFT)
    assert article.title == activity.title
    assert "Hơn 200 đoàn viên tham dự." in article.body
    assert article.cover and article.cover_alt == "Báo cáo viên trao đổi với đoàn viên"
    activity.refresh_from_db()
    assert activity.article_ref == article.pk
    # Twice: refused, still one article.
    response = editor_client.post(changelist, actions, follow=True)
    assert "đã được đăng thành bài viết" in response.text
    assert Article.objects.count() == 1


def test_another_units_registrations_are_not_listed(editor_client, unit_b):
    foreign = _register(ActivityFactory(unit=unit_b), 1)
    response = editor_client.get(reverse("admin:activities_registration_changelist"))
    assert foreign.pk not in {r.pk for r in response.context["cl"].result_list}


def test_staff_cancel_a_registration_and_the_waiting_list_moves_up(
    editor_client, unit_a
):
    activity = ActivityFactory(unit=unit_a, capacity=1)
    holder, waiting = _register(activity, 1), _register(activity, 2)
    changelist = reverse("admin:activities_registration_changelist")
    data = form_data(editor_client.get(changelist).text, "changelist-form")
    data.update(
        action=["cancel_selected"],
        index=["0"],
        **{ACTION_CHECKBOX_NAME: [str(holder.pk)]},
    )
    response = editor_client.post(changelist, data, follow=True)
    assert "Đã hủy 1 lượt đăng ký." in response.text
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert Activity.objects.get(pk=activity.pk).capacity == 1
