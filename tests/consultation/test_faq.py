"""The public FAQ: by topic, anonymised, searchable without diacritics, fixed queries."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation import services
from consultation.models import Question
from consultation.selectors import faq_home_block
from publishing.models import Status
from publishing.workflow import publishing_sweep
from tests.consultation.factories import QuestionFactory, answered, published, topic
from tests.publishing.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db
FAQ_URL = reverse("consultation:question_list")


def test_published_answers_are_grouped_by_topic(client):
    published(topic=topic("luong-phu-cap"), body="Lương tăng khi nào?")
    published(topic=topic("che-do-nghi-thai-san"), body="Nghỉ thai sản mấy tháng?")
    answered(QuestionFactory(body="Chưa đăng lên mục hỏi đáp"))
    response = client.get(FAQ_URL)
    sections = response.context["sections"]
    assert [t.slug for t, _faqs in sections] == [
        "luong-phu-cap",
        "che-do-nghi-thai-san",
    ]
    assert "Lương tăng khi nào?" in response.text
    assert "Chưa đăng lên mục hỏi đáp" not in response.text
    assert "public" in response["Cache-Control"]


def test_the_asker_is_shown_only_as_they_chose(client, unit_a):
    anonymous = published(
        unit=unit_a, asker_name="Ẩn Danh Thật", body="Câu hỏi ẩn danh"
    )
    named = published(
        unit=unit_a,
        asker_name="Võ Thị Hồng",
        consent=Question.Consent.NAMED,
        body="Câu hỏi có tên",
    )
    text = client.get(anonymous.get_absolute_url()).text
    assert "Một đoàn viên Công đoàn Trường Đại học Bách khoa hỏi" in text
    assert "Ẩn Danh Thật" not in text
    text = client.get(named.get_absolute_url()).text
    assert "Võ Thị Hồng (Công đoàn Trường Đại học Bách khoa) hỏi" in text
    index = client.get(FAQ_URL).text
    for secret in ("Ẩn Danh Thật", "@example.edu.vn", "0912345678", "203.0.113"):
        assert secret not in index


def test_search_ignores_diacritics_and_case(client):
    published(
        body="Chế độ THAI SẢN cho lao động nam", topic=topic("che-do-nghi-thai-san")
    )
    published(body="Phụ cấp độc hại")
    response = client.get(FAQ_URL, {"q": "thai san"})
    assert response.context["page"].paginator.count == 1
    assert "<mark>" in response.text
    assert client.get(FAQ_URL, {"q": "x" * 500}).status_code == 200


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:12])
def test_html_in_every_field_is_escaped_on_every_public_page(client, payload):
    faq = published(asker_name=payload, consent=Question.Consent.NAMED, body=payload)
    question = faq.question
    for url in (
        FAQ_URL,
        faq.get_absolute_url(),
        question.get_tracking_url(),
        faq.topic.get_absolute_url(),
    ):
        text = client.get(url).text
        assert payload not in text, url
        assert "<script>alert" not in text


def test_the_faq_page_costs_the_same_queries_at_any_size(client):
    def queries() -> int:
        # A new URL each time: on Redis the page cache would answer without queries.
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FAQ_URL, {"lan": uuid.uuid4().hex}).status_code == 200
        return len(captured)

    for slug in ("luong-phu-cap", "khac"):
        published(topic=topic(slug))
    small = queries()
    for n in range(12):
        published(topic=topic(["luong-phu-cap", "khac", "bao-hiem-xa-hoi-y-te"][n % 3]))
    assert queries() == small


def test_a_topic_page_lists_all_its_answers_in_pages(client):
    for _ in range(3):
        published(topic=topic("khac"))
    response = client.get(topic("khac").get_absolute_url())
    assert response.context["page"].paginator.count == 3
    assert (
        client.get(reverse("consultation:topic_detail", args=["khong-co"])).status_code
        == 404
    )


def test_a_merged_entry_leads_to_the_canonical_answer(client):
    first = published(body="Thẻ BHYT sai ngày sinh?")
    second = published(body="Sửa ngày sinh trên thẻ BHYT ở đâu?")
    services.question_mark_duplicate(question=second.question, canonical=first.question)
    response = client.get(second.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == first.get_absolute_url()


def test_the_home_page_shows_the_latest_answers(client, rf):
    assert faq_home_block(request=rf.get("/")) is None  # nothing answered yet
    faq = published(body="Câu hỏi mới nhất trên trang chủ")
    block = faq_home_block(request=rf.get("/"))
    assert block.context["faqs"] == [faq]
    assert "Câu hỏi mới nhất trên trang chủ" in client.get("/").text


def test_the_publishing_sweep_takes_expired_entries_down(client):
    faq = published()
    faq.unpublish_at = timezone.now() + timedelta(minutes=1)
    faq.save(update_fields=["unpublish_at"])
    publishing_sweep(now=timezone.now() + timedelta(minutes=2))
    faq.refresh_from_db()
    assert faq.status == Status.ARCHIVED
    assert client.get(faq.get_absolute_url()).status_code == 404
