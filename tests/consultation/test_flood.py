"""The rate limiter: cheap, per address and per contact, and the site stays up."""

import time
import uuid

import pytest

from consultation.models import Question
from publishing.ratelimit import RateLimit
from tests.consultation.helpers import ASK_URL, ask, ask_data

pytestmark = pytest.mark.django_db


def test_the_limiter_allows_the_limit_then_refuses_until_the_next_window():
    limit = RateLimit(f"test-window-{uuid.uuid4().hex}", 3, 60)  # Redis keeps keys
    start = 1_000_040.0  # 20 s into a window (windows start at multiples of 60)
    assert [limit.hit("k", now=start + i) for i in range(5)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert limit.hit("other", now=start) is True  # keys are independent
    assert limit.hit("k", now=start + 39.9) is False  # still the same window
    assert limit.hit("k", now=start + 40) is True  # the next window


def test_a_zero_limit_refuses_everything():
    assert RateLimit("test-zero", 0, 60).hit("k") is False


def test_a_flood_of_300_from_one_address_is_mostly_refused_quickly(client):
    data = ask_data(client)
    statuses = []
    started = time.perf_counter()
    for n in range(300):
        data["email"] = [f"flood{n}@example.vn"]  # a new contact each time
        statuses.append(
            client.post(ASK_URL, data, REMOTE_ADDR="198.51.100.9").status_code
        )
    elapsed = time.perf_counter() - started
    assert statuses.count(302) == 20  # CONSULTATION_RATE_LIMIT_PER_IP default
    assert statuses.count(429) == 280
    assert Question.objects.count() == 20
    refused = client.post(ASK_URL, data, REMOTE_ADDR="198.51.100.9")
    assert "Bạn đã gửi quá nhiều câu hỏi" in refused.text
    assert data["body"][0] in refused.text  # nothing typed is lost
    # Someone else is still served.
    assert (
        ask(client, email="khac@example.vn", remote_addr="192.0.2.1").status_code == 302
    )
    assert elapsed < 30  # generous for slow CI; the benchmark reports the real figure


def test_one_contact_cannot_flood_from_many_addresses(client):
    statuses = [
        ask(
            client, email="Mot.Nguoi@example.vn", remote_addr=f"192.0.2.{n}"
        ).status_code
        for n in range(1, 9)
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert (
        ask(client, email="mot.nguoi@example.vn", remote_addr="192.0.2.50").status_code
        == 429
    )


def test_a_person_at_the_limit_gets_the_form_back_then_a_plain_refusal(client):
    data = ask_data(client, body="<script>alert(1)</script> câu hỏi của tôi")
    for n in range(20):
        data["email"] = [f"nguoi{n}@example.vn"]
        client.post(ASK_URL, data, REMOTE_ADDR="192.0.2.200")
    full = [client.post(ASK_URL, data, REMOTE_ADDR="192.0.2.200") for _ in range(3)]
    assert all(r.status_code == 429 and "form" in r.context for r in full)
    cheap = client.post(ASK_URL, data, REMOTE_ADDR="192.0.2.200")
    assert cheap.status_code == 429
    assert cheap.context is None  # no template rendered
    assert "Bạn đã gửi quá nhiều câu hỏi" in cheap.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; câu hỏi của tôi" in cheap.text
    assert "<script>alert(1)" not in cheap.text
    assert cheap["Retry-After"] == "3600"
