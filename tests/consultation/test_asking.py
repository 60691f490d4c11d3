"""A member asks a question: no account, a tracking link, and bad input handled."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultation.models import Question
from publishing.clientip import client_ip
from tests.consultation.helpers import ASK_URL, ask, ask_data
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(timezone.datetime(2026, 3, 10, 9, 0))


def test_member_asks_without_an_account_and_lands_on_the_tracking_page(
    client, eager_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_tracking_url() + "?moi=1"
    assert question.status == Question.Status.NEW
    assert question.asker_ip == "203.0.113.7"
    assert len(question.tracking_token) >= 40
    page = client.get(response["Location"])
    assert "Phụ cấp thâm niên nhà giáo" in page.text
    assert "Công đoàn đã nhận câu hỏi của bạn" in page.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hoa.nguyen@example.edu.vn"]
    assert question.get_tracking_url() in mail.outbox[0].body


def test_the_tracking_email_waits_for_the_commit(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(client)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_phone_only_is_enough_and_is_stored_in_one_form(
    client, eager_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ask(client, email="", phone="+84 (912) 345.678")
    assert callbacks == []
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.asker_phone == "0912345678"
    assert mail.outbox == []  # no address to send the link to


def test_no_email_and_no_phone_is_refused_and_nothing_typed_is_lost(client):
    response = ask(client, email="", phone="", body="Câu hỏi của tôi về lương")
    assert response.status_code == 200
    assert "Hãy để lại thư điện tử hoặc số điện thoại" in response.text
    assert "Câu hỏi của tôi về lương" in response.text
    assert "Nguyễn Thị Hoa" in response.text
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "khong-phai-email",
        "a@b",
        "hoa@@example.vn",
        "hoa@example.vn\nBcc: x@y.z",
        "x" * 300 + "@example.vn",
    ],
)
def test_invalid_emails_are_refused_with_a_message(client, email):
    response = ask(client, email=email)
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("0388.123.456", "0388123456"),
        ("84 912 345 678", "0912345678"),
        ("028 3724 2181", "02837242181"),
        ("091234567", None),  # nine digits
        ("0112345678", None),  # no such prefix
        ("+1 202 555 0123", None),
        ("số điện thoại", None),
        ("0" * 40, None),
    ],
)
def test_vietnamese_phone_formats(client, phone, stored):
    response = ask(client, email="", phone=phone)
    if stored is None:
        assert response.status_code == 200
        assert response.context["form"].errors["phone"]
        assert phone in response.text or len(phone) > 25
    else:
        assert response.status_code == 302
        assert Question.objects.get().asker_phone == stored


def test_a_ten_thousand_character_question_is_refused_and_kept(client):
    long_text = "Tôi muốn hỏi về chế độ. " * 417  # over 10,000 characters
    response = ask(client, body=long_text)
    assert response.status_code == 200
    errors = response.context["form"].errors["body"]
    assert "tối đa 5000 ký tự" in errors[0]
    assert f"bạn đã nhập {len(long_text.strip())} ký tự" in errors[0]
    assert long_text.strip() in response.text  # nothing typed is lost
    assert not Question.objects.exists()


def test_a_question_of_exactly_the_limit_is_accepted(client):
    assert ask(client, body="a" * 5000).status_code == 302


def test_an_inactive_unit_or_a_group_cannot_be_chosen(client):
    inactive = UnitFactory(is_active=False)
    office = UnitFactory(kind="office")
    for unit in (inactive, office):
        response = ask(client, unit=str(unit.pk))
        assert response.context["form"].errors["unit"]
    active = UnitFactory()
    assert ask(client, unit=str(active.pk)).status_code == 302
    assert Question.objects.get().unit == active


def test_the_honeypot_refuses_with_a_message_and_keeps_the_text(client):
    response = ask(client, website="http://spam.example", body="Câu hỏi thật")
    assert response.status_code == 200
    assert "dấu hiệu được điền tự động" in response.text
    assert "Câu hỏi thật" in response.text
    assert 'value="http://spam.example"' not in response.text
    assert not Question.objects.exists()


@pytest.mark.parametrize(("seconds", "accepted"), [(2.9, False), (3, True), (60, True)])
def test_a_form_sent_faster_than_a_person_types_is_refused(
    client, settings, seconds, accepted
):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    with time_machine.travel(NOW, tick=False):
        data = ask_data(client)
    with time_machine.travel(NOW + timedelta(seconds=seconds), tick=False):
        response = client.post(ASK_URL, data)
    assert (response.status_code == 302) is accepted
    if not accepted:
        assert "Bạn gửi nhanh quá" in response.text
        # The same signed time is kept: sending again a moment later works.
        with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
            assert client.post(ASK_URL, data).status_code == 302


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(timedelta(hours=24), True), (timedelta(hours=24, seconds=1), False)],
)
def test_a_form_left_open_over_a_day_is_refused_with_a_fresh_one(client, age, accepted):
    with time_machine.travel(NOW, tick=False):
        data = ask_data(client, body="Nội dung gõ trong lúc chờ")
    with time_machine.travel(NOW + age, tick=False):
        response = client.post(ASK_URL, data)
        assert (response.status_code == 302) is accepted
        if not accepted:
            assert "Nội dung gõ trong lúc chờ" in response.text
            fresh = response.context["form"].data["started"]
            assert fresh != data["started"][0]
            data["started"] = [fresh]
            assert client.post(ASK_URL, data).status_code == 302


def test_a_forged_timestamp_is_refused(client):
    response = ask(client, started="eyJ0IjowfQ:forged:signature")
    assert response.status_code == 200
    assert "Biểu mẫu đã mở quá lâu hoặc không hợp lệ" in response.text
    assert not Question.objects.exists()


def test_the_form_page_is_never_put_in_a_shared_cache(client):
    response = client.get(ASK_URL)
    assert (
        "no-cache" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )
    assert "public" not in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_posting_without_csrf_is_refused():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = ask_data(strict)
    data.pop("csrfmiddlewaretoken")
    assert strict.post(ASK_URL, data).status_code == 403


def test_the_tracking_page_is_private_and_unknown_tokens_are_404(client):
    ask(client)
    question = Question.objects.get()
    response = client.get(question.get_tracking_url())
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    wrong = reverse("consultation:question_tracking", args=["x" * 43])
    assert client.get(wrong).status_code == 404
    assert (
        client.get(
            reverse("consultation:question_tracking", args=["a" * 500])
        ).status_code
        == 404
    )


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(rf, settings):
    request = rf.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.4"  # the client wrote 1.1.1.1 itself
    request = rf.get("/", REMOTE_ADDR="not-an-ip")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == ""
