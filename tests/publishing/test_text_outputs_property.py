"""Property (#12, point 5): whatever Unicode a person types, every output parses.

Random text goes through the ways in people use (the save services) and out through
every format the site writes: RSS and Atom, the sitemap, the .ics calendar, CSV and
XLSX exports, and e-mail. Each output is read back by a strict parser: XML by
ElementTree, iCalendar by icalendar, XLSX by openpyxl, e-mail by the standard
library's parser.
"""

import csv
import io
from email import message_from_bytes, policy
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from guidance import services as guidance_services
from publishing.notifications import notification_enqueue, notifications_due_send
from tests.campaigns.factories import KeyDateFactory
from tests.consultation.factories import QuestionFactory
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

# Every code point but surrogates (which no UTF-8 form can carry), controls included.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60)
# Derandomised: CI runs the same examples every time (a new random failure would make
# an unrelated change red); raise max_examples locally to search further.
EXAMPLES = settings(
    derandomize=True,
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


class _Rollback(Exception):
    pass


def each_example_alone(check):
    """Run `check` in a savepoint rolled back after it: examples do not pile up."""
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


@EXAMPLES
@given(text=TEXT)
def test_feeds_and_the_sitemap_parse_whatever_the_title(client, unit_a, text):
    def check():
        category = CategoryFactory(name=f"Mục {text}"[:100])
        article = ArticleFactory(
            title=f"Tin {text}", summary=text, unit=unit_a, categories=[category]
        )
        DocumentFactory(title=f"Văn bản {text}", summary=text)
        urls = [
            reverse("news:feed_rss"),
            reverse("news:feed_atom"),
            reverse("news:category_feed", args=[category.slug]),
            reverse("news:category_atom", args=[category.slug]),
            reverse("unit_news:rss", args=[unit_a.slug]),
            reverse("unit_news:atom", args=[unit_a.slug]),
            reverse("guidance:feed_rss"),
            "/sitemap.xml",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            root = ElementTree.fromstring(response.content)
            assert root is not None
        article.refresh_from_db()
        rss = ElementTree.fromstring(client.get(reverse("news:feed_rss")).content)
        assert article.title in [t.text for t in rss.iter("title")]

    each_example_alone(check)


@EXAMPLES
@given(text=TEXT)
def test_the_calendar_parses_whatever_the_key_dates_name(client, text):
    def check():
        key_date = KeyDateFactory(
            name=f"Ngày {text}"[:200], description=text, day=2, month=9
        )
        response = client.get(reverse("campaigns:calendar_ics"))
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        key_date.refresh_from_db()
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert any(key_date.name in s for s in summaries)

    each_example_alone(check)


@EXAMPLES
@given(text=TEXT)
def test_csv_and_xlsx_exports_parse_whatever_the_names(office_client, unit_a, text):
    def check():
        type(unit_a).objects.filter(pk=unit_a.pk).update(name=f"-{text}")
        document = DocumentFactory(title=f"={text}", recipient_units=[unit_a])
        guidance_services.document_distribute(document_ids=[document.pk])
        document.refresh_from_db()
        matrix = reverse("admin:guidance_document_matrix")
        dashboard = "admin:units_unitdashboard_export"
        for fmt, response in [
            ("csv", office_client.get(matrix, {"xuat": "csv"})),
            ("xlsx", office_client.get(matrix, {"xuat": "xlsx"})),
            ("csv", office_client.get(reverse(dashboard, args=["csv"]))),
            ("xlsx", office_client.get(reverse(dashboard, args=["xlsx"]))),
        ]:
            assert response.status_code == 200
            if fmt == "csv":
                text_ = response.content.decode("utf-8-sig")
                rows = list(csv.reader(io.StringIO(text_, newline="")))
                cells = [c for row in rows for c in row]
            else:
                sheet = load_workbook(io.BytesIO(response.content)).active
                cells = [str(c.value) for row in sheet.iter_rows() for c in row]
            assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]

    each_example_alone(check)


@EXAMPLES
@given(text=TEXT)
def test_emails_parse_whatever_the_names_and_subjects(text):
    def check():
        mail.outbox.clear()
        QuestionFactory(asker_name=f"Tên {text}", asker_email="hoi@example.edu.vn")
        notification_enqueue(
            kind="tests.property",
            key="tests.property:n=1",
            to=["bch@example.edu.vn"],
            subject=f"[Công đoàn] {text}",
            body=text,
        )
        notifications_due_send()
        assert len(mail.outbox) == 2
        for sent in mail.outbox:
            raw = sent.message().as_bytes()
            parsed = message_from_bytes(raw, policy=policy.default)
            assert parsed["To"] and parsed["Subject"] is not None
            assert parsed.get_content() is not None
        subjects = [
            message_from_bytes(m.message().as_bytes(), policy=policy.default)["Subject"]
            for m in mail.outbox
        ]
        assert any(s.strip().startswith("[Công đoàn]") for s in subjects)

    each_example_alone(check)
