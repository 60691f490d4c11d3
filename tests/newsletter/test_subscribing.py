"""Subscribing without an account: the form, the confirmation link, preferences."""

import pytest
import time_machine
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Subscriber
from publishing.models import Notification
from tests.newsletter.helpers import confirmation_link, link_in

pytestmark = pytest.mark.django_db

FORM = {
    "email": "Thanh.Nguyen@vnuhcm.edu.vn",
    "topics": ["office_news", "answers"],
    "frequency": "weekly",
    "consent": "on",
    "website": "",
}


def _subscribe(client, **changes):
    return client.post("/ban-tin/dang-ky/", {**FORM, **changes})


def test_footer_links_to_the_subscribe_page(client):
    page = client.get("/ban-tin/dang-ky/")
    assert page.status_code == 200
    assert 'href="/ban-tin/dang-ky/"' in page.content.decode()


def test_subscribing_sends_a_confirmation_and_sends_nothing_else(client):
    response = _subscribe(client)
    assert response.status_code == 302
    assert response["Location"] == "/ban-tin/dang-ky/da-gui/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "thanh.nguyen@vnuhcm.edu.vn"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consented_at is None
    assert "đồng ý" in subscriber.consent_text
    (mail,) = Notification.objects.all()
    assert mail.kind == "newsletter.confirm"
    assert mail.to == ["thanh.nguyen@vnuhcm.edu.vn"]
    assert "Xác nhận" in mail.subject


def test_following_the_link_confirms_and_records_consent_time(client, unit_a):
    _subscribe(client, units=[unit_a.pk])
    link = confirmation_link("thanh.nguyen@vnuhcm.edu.vn")
    page = client.get(link)
    assert page.status_code == 200
    assert "Đã xác nhận đăng ký" in page.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.consented_at is not None
    assert list(subscriber.units.all()) == [unit_a]


def test_a_link_used_twice_says_so(client):
    _subscribe(client)
    link = confirmation_link("thanh.nguyen@vnuhcm.edu.vn")
    client.get(link)
    again = client.get(link)
    assert again.status_code == 200
    assert "đã được xác nhận trước đó" in again.content.decode()


def test_an_expired_link_asks_to_subscribe_again(client):
    _subscribe(client)
    link = confirmation_link("thanh.nguyen@vnuhcm.edu.vn")
    later = timezone.now().timestamp() + tokens.CONFIRM_MAX_AGE_SECONDS + 60
    with time_machine.travel(later, tick=False):
        page = client.get(link)
    assert page.status_code == 400
    assert "hết hạn" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_link_one_day_before_expiry_still_confirms(client):
    _subscribe(client)
    link = confirmation_link("thanh.nguyen@vnuhcm.edu.vn")
    later = timezone.now().timestamp() + tokens.CONFIRM_MAX_AGE_SECONDS - 24 * 3600
    with time_machine.travel(later, tick=False):
        assert client.get(link).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


@pytest.mark.parametrize(
    "path",
    [
        "/ban-tin/xac-nhan/khong-hop-le/",
        "/ban-tin/tuy-chon/khong-hop-le/",
        "/ban-tin/huy/khong-hop-le/",
    ],
)
def test_a_tampered_link_gets_a_clear_message(client, path):
    page = client.get(path)
    assert page.status_code == 400
    assert "Đường dẫn không hợp lệ" in page.content.decode()


def test_a_manage_link_does_not_unsubscribe(client):
    _subscribe(client)
    client.get(confirmation_link("thanh.nguyen@vnuhcm.edu.vn"))
    subscriber = Subscriber.objects.get()
    manage = tokens.token_make(subscriber=subscriber, purpose=tokens.MANAGE)
    assert client.post(f"/ban-tin/huy/{manage}/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "khong-phai-thu"}, "Địa chỉ thư điện tử chưa đúng"),
        ({"email": "ai@mailinator.com"}, "hộp thư dùng một lần"),
        ({"consent": ""}, "Hãy đánh dấu ô đồng ý"),
        ({"topics": []}, "Hãy chọn ít nhất một loại tin"),
        ({"website": "http://spam.example"}, "điền tự động"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(client, changes, message):
    page = _subscribe(client, **changes)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Subscriber.objects.exists()
    assert not Notification.objects.exists()


def test_one_address_gets_at_most_three_confirmations_a_day(client):
    for _ in range(3):
        assert _subscribe(client).status_code == 302
    refused = _subscribe(client)
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu" in refused.content.decode()
    assert Notification.objects.count() == 3


def test_subscribing_again_while_active_changes_nothing(client):
    _subscribe(client)
    client.get(confirmation_link("thanh.nguyen@vnuhcm.edu.vn"))
    response = _subscribe(client, topics=["events"])
    assert (
        response.status_code == 302
    )  # the same answer: who is subscribed stays private
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.topics == ["answers", "office_news"]
    assert Notification.objects.count() == 1


def _active(client, **changes):
    _subscribe(client, **changes)
    client.get(confirmation_link(FORM["email"].lower()))
    return Subscriber.objects.get()


def test_preferences_change_by_the_signed_link(client, unit_a, unit_b):
    subscriber = _active(client)
    token = tokens.token_make(subscriber=subscriber, purpose=tokens.MANAGE)
    page = client.get(f"/ban-tin/tuy-chon/{token}/")
    assert page.status_code == 200
    assert "thanh.nguyen@vnuhcm.edu.vn" in page.content.decode()
    saved = client.post(
        f"/ban-tin/tuy-chon/{token}/",
        {"topics": ["guidance"], "units": [unit_b.pk], "frequency": "instant"},
    )
    assert "Đã lưu lựa chọn" in saved.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.topics == ["guidance"]
    assert subscriber.frequency == "instant"
    assert list(subscriber.units.all()) == [unit_b]


def test_erasing_removes_the_address_everywhere(client):
    subscriber = _active(client)
    token = tokens.token_make(subscriber=subscriber, purpose=tokens.MANAGE)
    page = client.post(f"/ban-tin/tuy-chon/{token}/", {"action": "erase"})
    assert "Đã xóa địa chỉ" in page.content.decode()
    assert not Subscriber.objects.exists()
    assert not any("thanh" in str(n.to) for n in Notification.objects.all())
    assert client.get(f"/ban-tin/tuy-chon/{token}/").status_code == 400


def test_unsubscribe_page_asks_before_a_get_unsubscribes(client):
    subscriber = _active(client)
    token = tokens.token_make(subscriber=subscriber, purpose=tokens.UNSUBSCRIBE)
    page = client.get(f"/ban-tin/huy/{token}/")
    assert page.status_code == 200
    assert "Hủy đăng ký" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_one_click_unsubscribe_needs_no_csrf_token_nor_login(client):
    subscriber = _active(client)
    token = tokens.token_make(subscriber=subscriber, purpose=tokens.UNSUBSCRIBE)
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/ban-tin/huy/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.stop_reason == "one-click"


def test_manage_link_in_the_confirmed_page_works(client):
    _subscribe(client)
    page = client.get(confirmation_link("thanh.nguyen@vnuhcm.edu.vn"))
    link = link_in(
        page.content.decode().replace('href="', 'href="http://x'), "/ban-tin/tuy-chon/"
    )
    assert client.get(link).status_code == 200
