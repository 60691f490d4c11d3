"""Issue #7: queries of the FAQ page (/hoi-dap/) with 20 and 2,000 answered questions,
and the time to refuse a flood of 300 submissions from one address (the limiter on
the local-memory cache and, when it answers, on Redis as in production).
"""

import time
import uuid
from datetime import timedelta

from benchmarks.support import Skip, bench_database, count_queries, redis_url, require

FLOOD = 300
ASK_URL = "/hoi-dap/dat-cau-hoi/"


def _verdict(small, large) -> str:
    if large.count == small.count:
        return f"{large.count} (same as the small case)"
    return f"{large.count} — GROWS with size (was {small.count})"


def _faqs_bulk_create(count: int, *, start: int = 0) -> None:
    """`count` answered questions with their published FAQ entries, in bulk."""
    from django.utils import timezone

    from consultation.models import Faq, Question, Topic
    from publishing.models import Status
    from publishing.text import fold

    topics = list(Topic.objects.order_by("order"))
    now = timezone.now()
    questions = Question.objects.bulk_create(
        Question(
            asker_name=f"Đoàn viên {n}",
            asker_email=f"doanvien{n}@example.edu.vn",
            topic=topics[n % len(topics)],
            body=f"Câu hỏi số {n} về chế độ phụ cấp, bảo hiểm và ngày nghỉ?",
            status=Question.Status.PUBLISHED,
            answer="<p>Câu trả lời của Công đoàn.</p>",
            answered_at=now - timedelta(minutes=n),
            tracking_token=uuid.uuid4().hex,
        )
        for n in range(start, start + count)
    )
    Faq.objects.bulk_create(
        Faq(
            question=question,
            topic_id=question.topic_id,
            title=f"Chế độ phụ cấp và bảo hiểm, câu hỏi {n}",
            slug=f"che-do-phu-cap-cau-hoi-{n}",
            question_text=question.body,
            answer=question.answer,
            status=Status.PUBLISHED,
            published_at=question.answered_at,
            asked_at=now - timedelta(days=1),
            search_text=fold(f"Chế độ phụ cấp và bảo hiểm câu hỏi {n} {question.body}"),
        )
        for n, question in zip(range(start, start + count), questions, strict=True)
    )


def _flood() -> tuple[float, int, int]:
    """Post the form FLOOD times from one address: (seconds, accepted, refused)."""
    from django.test import Client, override_settings

    from consultation import views
    from consultation.models import Topic
    from publishing.ratelimit import RateLimit
    from tests.support.forms import form_data

    run = uuid.uuid4().hex[:8]
    views.IP_LIMIT = RateLimit(
        f"bench-ip-{run}", views.IP_LIMIT.limit, views.IP_LIMIT.window_seconds
    )
    views.CONTACT_LIMIT = RateLimit(
        f"bench-contact-{run}",
        views.CONTACT_LIMIT.limit,
        views.CONTACT_LIMIT.window_seconds,
    )
    client = Client(HTTP_HOST="localhost")
    with override_settings(CONSULTATION_MIN_FILL_SECONDS=0):
        data = form_data(client.get(ASK_URL).text)
        data.update(
            name=["Nguyễn Văn Tràn"],
            topic=[str(Topic.objects.first().pk)],
            body=["Câu hỏi gửi lặp lại để thử giới hạn."],
            consent=["anonymous"],
        )
        statuses, durations = [], []
        for n in range(FLOOD):
            data["email"] = [f"flood{n}@example.vn"]
            started = time.perf_counter()
            response = client.post(ASK_URL, data, REMOTE_ADDR="198.51.100.77")
            durations.append(time.perf_counter() - started)
            statuses.append(response.status_code)
    return durations, statuses.count(302), statuses.count(429)


def _flood_figures(label: str) -> list[tuple[str, str]]:
    from consultation.views import FULL_REFUSALS, IP_LIMIT

    durations, accepted, refused = _flood()
    require(accepted + refused == FLOOD, "every flood post was accepted or refused")
    cheap = sorted(durations[IP_LIMIT.limit + FULL_REFUSALS :])
    return [
        (f"flood of {FLOOD} posts, one address ({label})",
         f"{sum(durations):.2f} s total; {accepted} accepted, {refused} refused (429)"),
        (f"time to refuse the last {len(cheap)} ({label})",
         f"{sum(cheap) * 1000:.0f} ms; median {cheap[len(cheap) // 2] * 1000:.2f} ms "
         "per post"),
    ]  # fmt: skip


def _limiter_only(label: str) -> tuple[str, str]:
    from publishing.ratelimit import RateLimit

    limit = RateLimit(f"bench-raw-{uuid.uuid4().hex[:8]}", 20, 3600)
    started = time.perf_counter()
    results = [limit.hit("198.51.100.77") for _ in range(FLOOD)]
    elapsed = time.perf_counter() - started
    require(results.count(True) == 20, "the limiter lets exactly the limit through")
    return (
        f"limiter alone, {FLOOD} hits ({label})",
        f"{elapsed * 1000:.1f} ms ({elapsed / FLOOD * 1e6:.0f} µs per hit)",
    )


def run() -> list[tuple[str, str]]:
    from django.test import override_settings

    with bench_database(__name__):
        _faqs_bulk_create(20)
        small = count_queries("/hoi-dap/")
        _faqs_bulk_create(1980, start=20)
        large = count_queries("/hoi-dap/")
        search = count_queries("/hoi-dap/?q=bao+hiem")
        require("câu hỏi 0</a>" in large.content, "the FAQ page shows the newest entry")
        require("Xem cả 286 câu hỏi" in large.content, "a topic counts its 286 entries")
        figures = [
            ("queries GET /hoi-dap/ (20 answered)", str(small.count)),
            ("queries GET /hoi-dap/ (2,000 answered)", _verdict(small, large)),
            ("queries GET /hoi-dap/?q=bao+hiem (2,000)", str(search.count)),
        ]
        if large.count != small.count:
            print(small.report())
            print(large.report())
        figures.append(_limiter_only("local-memory cache"))
        figures += _flood_figures("local-memory cache")
        try:
            redis = redis_url()
        except Skip as reason:
            figures.append(("flood on Redis", f"skipped: {reason}"))
        else:
            caches = {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": redis,
                    "KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
                }
            }
            with override_settings(CACHES=caches):
                figures.append(_limiter_only("Redis"))
                figures += _flood_figures("Redis")
    return figures
