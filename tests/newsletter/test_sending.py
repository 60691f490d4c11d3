"""Issues as it happens and weekly, through the send-once table to a real SMTP server."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsletter.models import Issue, Subscriber
from newsletter.services import issue_send, newsletter_weekly_send
from publishing.models import Notification
from publishing.notifications import notifications_due_send
from tests.news.factories import ArticleFactory
from tests.support.smtp_server import smtp_server

pytestmark = pytest.mark.django_db


def subscriber(email, *, topics=("office_news",), units=(), frequency="instant"):
    row = Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.ACTIVE,
        topics=list(topics),
        frequency=frequency,
        consented_at=timezone.now(),
    )
    row.units.set(units)
    return row


def send_all():
    while notifications_due_send()["due"]:
        pass


def test_a_publication_reaches_instant_subscribers_once_with_both_parts(settings):
    subscriber("a@example.edu.vn")
    subscriber("b@example.edu.vn", topics=["events"])  # did not choose office news
    subscriber("w@example.edu.vn", frequency="weekly")  # the digest, not now
    article = ArticleFactory(title="Hội nghị cán bộ viên chức năm 2026")
    issue = Issue.objects.get(key=f"item:news.article:{article.pk}")
    with smtp_server(settings) as server:
        assert issue_send(issue_id=issue.pk) == 1
        assert issue_send(issue_id=issue.pk) == 0  # a retry or a restart: nothing new
        send_all()
    (message,) = server.messages
    assert message["To"] == "a@example.edu.vn"
    assert message["Subject"].strip() == "Hội nghị cán bộ viên chức năm 2026"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hội nghị cán bộ viên chức năm 2026" in text and "<table" in html
    assert "/ban-tin/doc/" in text  # a signed click link (newsletter.tracking)
    assert "Hủy đăng ký" in text and "Thay đổi lựa chọn" in html
    issue.refresh_from_db()
    assert issue.recipients == 1 and issue.enqueued_at is not None


def test_the_unsubscribe_header_works_as_a_mail_client_posts_it(settings):
    person = subscriber("a@example.edu.vn")
    ArticleFactory()
    with smtp_server(settings) as server:
        issue_send(issue_id=Issue.objects.get().pk)
        send_all()
    url = server.messages[0]["List-Unsubscribe"].strip().strip("<>")
    path = "/" + url.split("/", 3)[3]
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.status == Subscriber.Status.UNSUBSCRIBED


def test_cdcs_news_reaches_only_those_who_chose_that_cdcs(settings, unit_a, unit_b):
    subscriber("a@example.edu.vn", topics=[], units=[unit_a])
    subscriber("b@example.edu.vn", topics=[], units=[unit_b])
    subscriber("office@example.edu.vn")
    ArticleFactory(unit=unit_a)
    with smtp_server(settings) as server:
        issue_send(issue_id=Issue.objects.get().pk)
        send_all()
    assert [m["To"] for m in server.messages] == ["a@example.edu.vn"]


def test_an_unsubscribed_address_gets_nothing_even_mid_issue(settings):
    person = subscriber("a@example.edu.vn")
    ArticleFactory()
    issue_send(issue_id=Issue.objects.get().pk)  # enqueued, not yet sent
    from newsletter.services import subscriber_stop

    subscriber_stop(email=person.email, status="unsubscribed", reason="page")
    with smtp_server(settings) as server:
        send_all()
    assert server.messages == []
    assert Notification.objects.get(kind="newsletter.issue").status == "failed"


MONDAY = date(2026, 11, 30)


def _at(day: date, hour: int = 9):
    return datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()
    )


def test_the_weekly_digest_holds_last_weeks_items_and_goes_once(settings):
    subscriber("w@example.edu.vn", topics=["office_news"], frequency="weekly")
    subscriber("i@example.edu.vn", frequency="instant")
    with time_machine.travel(
        _at(MONDAY - timedelta(days=7), 0) - timedelta(minutes=1), tick=False
    ):
        ArticleFactory(title="Tin tuần trước nữa")  # Sunday 23:59 before the week
    with time_machine.travel(_at(MONDAY - timedelta(days=7), 0), tick=False):
        ArticleFactory(title="Tin đầu tuần")  # Monday 00:00: in the week
    with time_machine.travel(_at(MONDAY - timedelta(days=1), 23), tick=False):
        ArticleFactory(title="Tin cuối tuần")
    Notification.objects.all().delete()
    Issue.objects.filter(kind=Issue.Kind.INSTANT).update(enqueued_at=timezone.now())
    with smtp_server(settings) as server:
        newsletter_weekly_send(now=_at(MONDAY, 6) + timedelta(minutes=29))
        assert not Issue.objects.filter(kind=Issue.Kind.WEEKLY).exists()  # 06:29
        newsletter_weekly_send(now=_at(MONDAY, 6) + timedelta(minutes=30))
        newsletter_weekly_send(now=_at(MONDAY + timedelta(days=2)))  # nothing new
        with time_machine.travel(_at(MONDAY, 7), tick=False):
            call_command("newsletter_weekly_send")  # the twin: nothing new either
        send_all()
    (message,) = server.messages
    assert message["To"] == "w@example.edu.vn"
    assert "tuần 23/11 – 29/11/2026" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Tin đầu tuần" in text and "Tin cuối tuần" in text
    assert "Tin tuần trước nữa" not in text


def test_a_week_without_news_makes_no_issue():
    subscriber("w@example.edu.vn", frequency="weekly")
    assert newsletter_weekly_send(now=_at(MONDAY, 7))["enqueued"] == 0
    assert not Issue.objects.exists()


def test_issue_send_of_a_deleted_issue_does_nothing():
    assert issue_send(issue_id=987654) == 0


def test_office_staff_preview_an_issue_and_send_a_test_to_themselves(
    settings, office_client, office_staff
):
    office_staff.email = "vanphong@example.edu.vn"
    office_staff.save()
    ArticleFactory(title="Thông báo nghỉ Tết")
    issue = Issue.objects.get()
    preview = office_client.get(f"/admin/newsletter/issue/{issue.pk}/xem-truoc/")
    assert preview.status_code == 200
    assert "Thông báo nghỉ Tết" in preview.content.decode()
    change = office_client.get(f"/admin/newsletter/issue/{issue.pk}/change/")
    assert "Gửi thử tới thư của tôi" in change.content.decode()
    with smtp_server(settings) as server:
        response = office_client.post(
            f"/admin/newsletter/issue/{issue.pk}/gui-thu/", follow=True
        )
        assert "Đã xếp gửi thử" in response.content.decode()
        send_all()
    (message,) = server.messages
    assert message["To"] == "vanphong@example.edu.vn"
    assert "Thông báo nghỉ Tết" in message["Subject"]


def test_a_cdcs_editor_cannot_open_the_preview(editor_client):
    ArticleFactory()
    issue = Issue.objects.get()
    response = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/xem-truoc/")
    assert response.status_code == 404


def test_an_issue_a_killed_worker_left_half_enqueued_is_finished_next_wake_up(
    monkeypatch,
):
    from newsletter import services

    for n in range(3):
        subscriber(f"s{n}@example.edu.vn")
    ArticleFactory()
    issue = Issue.objects.get()
    real, calls = services._issue_batch_send, []

    def dies_after_one_batch(**kwargs):
        if calls:
            raise SystemExit("worker killed")
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(services, "ISSUE_BATCH_SIZE", 1)
    monkeypatch.setattr(services, "_issue_batch_send", dies_after_one_batch)
    with pytest.raises(SystemExit):
        issue_send(issue_id=issue.pk)
    monkeypatch.setattr(services, "_issue_batch_send", real)
    assert Notification.objects.filter(kind="newsletter.issue").count() == 1
    assert newsletter_weekly_send(now=_at(MONDAY, 5))["enqueued"] == 2
    rows = Notification.objects.filter(kind="newsletter.issue")
    assert sorted(address for row in rows for address in row.to) == [
        "s0@example.edu.vn",
        "s1@example.edu.vn",
        "s2@example.edu.vn",
    ]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_issue_at_once_enqueue_each_address_once():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks and concurrent inserts mean something on PostgreSQL only"
        )
    for n in range(60):
        subscriber(f"s{n}@example.edu.vn")
    ArticleFactory()
    issue = Issue.objects.get()
    barrier, counts = threading.Barrier(2), []

    def worker():
        from django.db import connections

        barrier.wait()
        try:
            counts.append(issue_send(issue_id=issue.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 60
    rows = Notification.objects.filter(kind="newsletter.issue")
    assert rows.count() == 60
    assert len({row.to[0] for row in rows}) == 60
