"""The speakers directory: office staff only; public profiles only with consent."""

import re

import pytest
from django.urls import reverse

from activities.models import Speaker
from publishing.workflow import Intent
from tests.support.forms import form_data

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def speaker(**kwargs):
    values = {
        "name": "Nguyễn Minh Tâm",
        "slug": "nguyen-minh-tam",
        "title": "PGS.TS.",
        "topics": "Pháp luật lao động, Bảo hiểm xã hội",
        "email": "tam@example.edu.vn",
        "phone": "0912345678",
        "bio": "<p>Giảng viên Khoa Luật.</p>",
        **kwargs,
    }
    return Speaker.objects.create(**values)


def test_a_public_profile_shows_talks_and_never_the_contact(client):
    tam = speaker(listed_publicly=True)
    talk = ActivityFactory(title="Nói chuyện về hợp đồng lao động")
    talk.speaker_profiles.add(tam)
    draft = ActivityFactory(title="Buổi chưa đăng", intent=Intent.DRAFT)
    draft.speaker_profiles.add(tam)
    response = client.get(tam.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nói chuyện về hợp đồng lao động" in text
    assert "Buổi chưa đăng" not in text
    assert "tam@example.edu.vn" not in text and "0912345678" not in text
    assert (
        tam.get_absolute_url() in client.get(talk.get_absolute_url()).content.decode()
    )
    assert (
        "Nguyễn Minh Tâm"
        in client.get(reverse("activities:speaker_list")).content.decode()
    )


def test_without_consent_there_is_no_public_profile(client):
    private = speaker(slug="kin-dao", name="Người Kín Đáo", listed_publicly=False)
    talk = ActivityFactory()
    talk.speaker_profiles.add(private)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert (
        "Người Kín Đáo"
        not in client.get(reverse("activities:speaker_list")).content.decode()
    )
    assert (
        private.get_absolute_url()
        not in client.get(talk.get_absolute_url()).content.decode()
    )


def test_the_directory_is_for_office_staff_only(editor_client, office_staff):
    from django.test import Client

    office_client = Client()
    office_client.force_login(office_staff)
    tam = speaker()
    change = reverse("admin:activities_speaker_change", args=[tam.pk])
    assert (
        editor_client.get(reverse("admin:activities_speaker_changelist")).status_code
        == 403
    )
    assert editor_client.get(change).status_code == 403
    talk = ActivityFactory()
    talk.speaker_profiles.add(tam)
    page = office_client.get(change)
    assert page.status_code == 200
    assert talk.title in page.content.decode()  # the talks, from activities
    data = form_data(page.content.decode())
    data["listed_publicly"] = ["on"]
    assert office_client.post(change, data).status_code == 302
    tam.refresh_from_db()
    assert tam.listed_publicly


def test_an_editor_names_only_listed_speakers_and_their_units(
    editor_client, unit_a, unit_b
):
    listed = speaker(slug="cong-khai", name="Công Khai", listed_publicly=True)
    own = speaker(slug="cua-don-vi", name="Của Đơn Vị", unit=unit_a)
    other = speaker(slug="don-vi-khac", name="Đơn Vị Khác", unit=unit_b)
    activity = ActivityFactory(unit=unit_a)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    page = editor_client.get(url).content.decode()
    offered = re.findall(r'name="speaker_profiles" value="(\d+)"', page)
    assert {str(listed.pk), str(own.pk)} <= set(offered)
    assert str(other.pk) not in offered
    data = form_data(page)
    data["speaker_profiles"] = [str(other.pk)]  # forged
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not activity.speaker_profiles.exists()


def test_the_directory_shows_the_trainings_a_speaker_attended(office_client):
    from activities import emails, services
    from tests.activities.factories import kind

    tam = speaker()
    course = ActivityFactory(
        kind=kind("tap-huan"), title="Tập huấn kỹ năng thuyết trình"
    )
    registration = services.registration_create(
        activity_id=course.pk, name=tam.name, email="TAM@example.edu.vn"
    )
    services.registration_check_in(
        activity=course, code=emails.registration_checkin_code(registration)
    )
    page = office_client.get(reverse("admin:activities_speaker_change", args=[tam.pk]))
    assert "Tập huấn kỹ năng thuyết trình" in page.content.decode()
