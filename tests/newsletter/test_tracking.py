"""Opens and clicks of newsletter issues (#14), read from the e-mails a real SMTP
server received: signed links, counted once, never an open redirect."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from newsletter import tracking
from newsletter.models import Issue, IssueClick
from newsletter.services import issue_render, issue_send
from publishing.models import ReadCount, ReadSource
from publishing.workflow import Intent, content_save
from tests.news.factories import ArticleFactory
from tests.newsletter.helpers import link_in
from tests.newsletter.test_sending import send_all, subscriber
from tests.support.smtp_server import smtp_server

pytestmark = pytest.mark.django_db


def reader(**extra):
    return {
        "HTTP_USER_AGENT": f"Mozilla/5.0 (iPhone) Mobile/15E148 {uuid.uuid4()}",
        **extra,
    }


@pytest.fixture
def sent(settings):
    """An article sent as it happens to two subscribers; their two messages."""
    subscriber("a@example.edu.vn")
    subscriber("b@example.edu.vn")
    article = ArticleFactory(title="Đại hội Công đoàn ĐHQG-HCM")
    issue = Issue.objects.get(key=f"item:news.article:{article.pk}")
    with smtp_server(settings) as server:
        issue_send(issue_id=issue.pk)
        send_all()
    assert len(server.messages) == 2
    return article, issue, server.messages


def click_path(message) -> str:
    return link_in(message.get_body(("plain",)).get_content(), "/ban-tin/doc/")


def pixel_path(message) -> str:
    return link_in(message.get_body(("html",)).get_content(), "/ban-tin/mo/")


def clicks(issue) -> int:
    return sum(IssueClick.objects.filter(issue=issue).values_list("count", flat=True))


def newsletter_reads(article) -> int:
    return sum(
        ReadCount.objects.filter(
            object_id=article.pk, source=ReadSource.NEWSLETTER
        ).values_list("count", flat=True)
    )


def test_a_click_counts_and_lands_on_the_items_own_page(client, sent):
    article, issue, messages = sent
    path = click_path(messages[0])
    assert click_path(messages[1]) == path  # the same link for everyone: no tracking
    me = reader()
    response = client.get(path, **me)
    assert response.status_code == 302
    assert response["Location"] == (
        f"{article.get_absolute_url()}?utm_source=newsletter&utm_medium=email"
    )
    assert clicks(issue) == 1 and newsletter_reads(article) == 1
    click = IssueClick.objects.get(issue=issue)
    assert (click.label, click.object_id) == ("news.article", article.pk)
    # The page it lands on posts its beacon: the same reader is not counted twice.
    client.post(
        reverse("publishing:read"),
        {"t": "news.article", "i": article.pk, "u": "newsletter"},
        **me,
    )
    client.get(path, **me)  # and a second click within the half hour counts nothing
    assert clicks(issue) == 1 and newsletter_reads(article) == 1
    client.get(path, **reader())
    assert clicks(issue) == 2 and newsletter_reads(article) == 2
    article.refresh_from_db()
    assert article.view_count == 2


def test_an_open_counts_once_per_recipient(client, sent):
    _article, issue, messages = sent
    first, second = pixel_path(messages[0]), pixel_path(messages[1])
    assert first != second
    response = client.get(first, **reader())
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    client.get(first, **reader())  # opened again, on another device
    client.get(second, **reader())
    issue.refresh_from_db()
    assert issue.opens == 2


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[: len(token) // 2],
        lambda token: "x" + token,
        lambda token: "không-phải-mã",
    ],
)
def test_a_tampered_click_link_gets_a_clear_page_and_counts_nothing(
    client, sent, tamper
):
    article, issue, messages = sent
    token = click_path(messages[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("newsletter:click", args=[tamper(token)]), **reader())
    assert response.status_code == 400
    assert "Liên kết không hợp lệ" in response.content.decode()
    assert "Location" not in response
    assert clicks(issue) == 0 and newsletter_reads(article) == 0


def test_a_link_signed_for_another_purpose_is_refused(client, sent):
    _article, issue, _messages = sent
    pixel = tracking.open_token(issue_id=issue.pk, subscriber_id=1)
    assert client.get(reverse("newsletter:click", args=[pixel])).status_code == 400


def test_no_link_sends_anyone_off_the_site(client, sent):
    """The target comes from the item, not the link: a forged item is refused and
    even an item whose URL were absolute would land on our home page."""
    from django.core import signing

    forged = signing.dumps(
        {"i": 1, "l": "news.article", "p": 1, "u": "https://evil.example/"},
        salt="not-ours",
    )
    response = client.get(reverse("newsletter:click", args=[forged]))
    assert response.status_code == 400

    class Item:
        url = "//evil.example/path"

    assert tracking.item_target(Item()) == "/?utm_source=newsletter&utm_medium=email"


def test_an_old_link_gets_a_page_with_its_item_and_counts_nothing(client, sent):
    article, issue, messages = sent
    path = click_path(messages[0])
    later = timezone.now() + datetime.timedelta(days=401)
    with time_machine.travel(later, tick=False):
        response = client.get(path, **reader())
    assert response.status_code == 410
    page = response.content.decode()
    assert "Liên kết đã cũ" in page and article.get_absolute_url() in page
    assert clicks(issue) == 0


def test_a_link_to_an_item_no_longer_public_explains_and_counts_nothing(client, sent):
    article, issue, messages = sent
    content_save(obj=article, intent=Intent.ARCHIVE)
    response = client.get(click_path(messages[0]), **reader())
    assert response.status_code == 404
    assert "Bài không còn được đăng" in response.content.decode()
    assert clicks(issue) == 0


def test_link_scanners_and_bad_pixels_count_nothing(client, sent):
    article, issue, messages = sent
    path = click_path(messages[0])
    scanner = {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Barracuda crawler)"}
    assert client.get(path, **scanner).status_code == 302  # still taken to the item
    assert client.head(path, **reader()).status_code == 302
    assert clicks(issue) == 0 and newsletter_reads(article) == 0
    bad = client.get(reverse("newsletter:opened", args=["giả-mạo"]), **reader())
    assert bad.status_code == 200 and bad["Content-Type"] == "image/gif"
    client.head(pixel_path(messages[0]), **reader())
    issue.refresh_from_db()
    assert issue.opens == 0


def test_previews_and_test_sends_carry_no_tracking(sent):
    article, issue, _messages = sent
    from publishing.published_items import PublishedItem

    items = [PublishedItem.from_json(data) for data in issue.items]
    text, html = issue_render(issue=issue, items=items, subscriber=None)
    assert "/ban-tin/doc/" not in text and "/ban-tin/mo/" not in html
    assert "utm_source=newsletter" in text


def test_office_staff_see_opens_and_clicks_per_item_in_the_admin(
    office_client, client, sent
):
    _article, issue, messages = sent
    client.get(click_path(messages[0]), **reader())
    client.get(pixel_path(messages[0]), **reader())
    listing = office_client.get(reverse("admin:newsletter_issue_changelist"))
    assert listing.status_code == 200
    change = office_client.get(
        reverse("admin:newsletter_issue_change", args=[issue.pk])
    ).content.decode()
    assert "Đại hội Công đoàn ĐHQG-HCM: 1" in change


def test_without_the_cache_links_still_work_and_count_nothing(client, sent):
    from publishing.circuits import cache_circuit

    article, issue, messages = sent
    cache_circuit.record_failure(ConnectionError("Redis is down"))
    response = client.get(click_path(messages[0]), **reader())
    assert response.status_code == 302
    assert response["Location"].startswith(article.get_absolute_url())
    pixel = client.get(pixel_path(messages[0]), **reader())
    assert pixel.status_code == 200
    issue.refresh_from_db()
    assert clicks(issue) == 0 and issue.opens == 0
