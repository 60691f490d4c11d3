"""Issue #8: queries and render time of the office dashboard on PostgreSQL.

40 units and 20,000 of their articles over five years, plus annual plans; when the
guidance and consultation apps are installed, 400 guidance documents (distributed to
every unit) and 5,000 questions too. Their rows are built with bulk_create only for
models that exist, so this runs whichever of those apps have landed. Measures the
dashboard for the current year as office staff (every unit), the page's query count,
the median and 95th-percentile render time of 20 GETs, and the CSV export.
"""

import datetime
import random
import statistics
import time

from benchmarks.support import (
    bench_database,
    require,
    units_bulk_create,
    vacuum_analyze,
)

ARTICLES = 20_000
DOCUMENTS = 400
QUESTIONS = 5_000
YEARS = 5
RUNS = 20
GOAL_MS = 300
URL = "/admin/units/unitdashboard/"


def _articles(units, count: int, now) -> None:
    from news.models import Article
    from publishing.models import Status

    rng = random.Random(8)
    span = YEARS * 365 * 24 * 60
    Article.objects.bulk_create(
        (
            Article(
                title=f"Tin hoạt động số {n}",
                slug=f"tin-hoat-dong-so-{n}",
                summary="Công đoàn tổ chức chương trình cho đoàn viên.",
                body="<p>Nội dung bài viết.</p>",
                status=Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=rng.randrange(span)),
                unit=units[rng.randrange(len(units))],
                search_text="tin hoat dong",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def _plans(units, now) -> None:
    from units.models import AnnualPlan

    statuses = AnnualPlan.Status.values
    AnnualPlan.objects.bulk_create(
        AnnualPlan(
            unit=unit,
            year=year,
            kind=kind,
            deadline=datetime.date(year, 1 if kind == "plan" else 12, 15),
            status=statuses[(unit.pk + year) % len(statuses)],
        )
        for unit in units
        for year in range(now.year - YEARS + 1, now.year + 1)
        for kind in AnnualPlan.Kind.values
    )


def _model(label: str):
    """The model if its app is installed and defines it, else None."""
    from django.apps import apps

    app_label = label.split(".")[0]
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _guidance(units, now) -> str:
    Document = _model("guidance.Document")
    DocumentType = _model("guidance.DocumentType")
    Distribution = _model("guidance.Distribution")
    if not (Document and DocumentType and Distribution):
        return "not installed"
    from publishing.models import Status

    doc_type, _created = DocumentType.objects.get_or_create(
        name="Hướng dẫn", defaults={"abbreviation": "HD"}
    )
    rng = random.Random(9)
    documents = Document.objects.bulk_create(
        Document(
            title=f"Hướng dẫn tuyên truyền số {n}",
            slug=f"huong-dan-tuyen-truyen-{n}",
            status=Status.PUBLISHED,
            published_at=now - datetime.timedelta(days=rng.randrange(YEARS * 365)),
            document_type=doc_type,
            number_text=f"{n + 1}/HD-CĐ",
            number=n + 1,
            type_abbreviation="HD",
            issuer_abbreviation="CĐ",
            year=now.year,
            issue_date=(
                now - datetime.timedelta(days=rng.randrange(YEARS * 365))
            ).date(),
            issuer_name="Công đoàn ĐHQG-HCM",
            recipients_all_grassroots=True,
            response_deadline=(
                now - datetime.timedelta(days=rng.randrange(-60, 600))
            ).date(),
            search_text="huong dan tuyen truyen",
        )
        for n in range(DOCUMENTS)
    )
    statuses = Distribution.Status.values
    Distribution.objects.bulk_create(
        (
            Distribution(
                document=document,
                unit=unit,
                status=statuses[rng.randrange(len(statuses))],
            )
            for document in documents
            for unit in units
        ),
        batch_size=4000,
    )
    return f"{len(documents)} documents, {len(documents) * len(units)} distributions"


def _questions(units, now) -> str:
    Question = _model("consultation.Question")
    Topic = _model("consultation.Topic")
    if not (Question and Topic):
        return "not installed"
    topic, _created = Topic.objects.get_or_create(
        slug="che-do-chinh-sach", defaults={"name": "Chế độ, chính sách"}
    )
    rng = random.Random(10)
    questions = []
    for n in range(QUESTIONS):
        asked = now - datetime.timedelta(minutes=rng.randrange(YEARS * 365 * 24 * 60))
        answered = rng.random() < 0.8
        questions.append(
            Question(
                asker_name=f"Đoàn viên {n}",
                asker_email=f"doanvien{n}@example.edu.vn",
                topic=topic,
                body="Tôi muốn hỏi về chế độ nghỉ phép năm.",
                tracking_token=f"bench-{n}",
                status="answered" if answered else "assigned",
                assigned_unit=units[rng.randrange(len(units))],
                answer="<p>Trả lời.</p>" if answered else "",
                answered_at=(
                    asked + datetime.timedelta(hours=rng.randrange(1, 400))
                    if answered
                    else None
                ),
            )
        )
    created = Question.objects.bulk_create(questions, batch_size=2000)
    # created_at is auto_now_add: set it after the insert, up to 300 hours earlier
    # than the answer (or than now for open questions).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{Question._meta.db_table}" SET created_at = '
            "COALESCE(answered_at, now()) - (id % 300) * interval '1 hour'"
        )
    return f"{len(created)} questions"


def _timed_get(client, params) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(URL, params)
    return (time.perf_counter() - start) * 1000, response


def _cpu_ms(client, params) -> float:
    """CPU time of this (web) process for one GET: steadier on a busy machine."""
    start = time.process_time()
    client.get(URL, params)
    return (time.process_time() - start) * 1000


def run() -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from reports.registry import dashboard_providers

    with bench_database(__name__):
        now = timezone.now()
        units = units_bulk_create(40)
        _articles(units, ARTICLES, now)
        _plans(units, now)
        guidance = _guidance(units, now)
        questions = _questions(units, now)
        vacuum_analyze("news_article", "units_annualplan", "units_unit")
        user = get_user_model().objects.create_superuser(
            "bench", "bench@example.edu.vn", "password"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        params = {"period": "year", "year": str(timezone.localdate().year)}
        client.get(URL, params)  # warm-up: content types, templates
        queries: list[str] = []

        def record(execute, sql, params_, many, context):
            queries.append(sql)
            return execute(sql, params_, many, context)

        # execute_wrapper rather than CaptureQueriesContext: the bulk loads above
        # can fill the connection's bounded query log, which hides new entries.
        with connection.execute_wrapper(record):
            _ms, response = _timed_get(client, params)
        require(response.status_code == 200, "the dashboard answers 200")
        content = response.content.decode()
        require(content.count("<tr>") >= 40, "the table lists the 40 units")
        timings = sorted(_timed_get(client, params)[0] for _ in range(RUNS))
        cpu = statistics.median(_cpu_ms(client, params) for _ in range(RUNS))
        month = {"period": "month", "year": params["year"], "month": "1"}
        month_ms = statistics.median(_timed_get(client, month)[0] for _ in range(RUNS))
        start = time.perf_counter()
        export = client.get("/admin/units/unitdashboard/xuat/xlsx/", params)
        export_ms = (time.perf_counter() - start) * 1000
        require(export.status_code == 200, "the XLSX export answers 200")

    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "under" if median < GOAL_MS else "OVER"
    return [
        ("data", f"40 units, {ARTICLES} articles over {YEARS} years, 400 plans"),
        ("guidance data", guidance),
        ("consultation data", questions),
        ("providers registered", ", ".join(p.key for p in dashboard_providers())),
        ("queries GET dashboard (year, 40 units)", str(len(queries))),
        (
            "render time, year (median of 20)",
            f"{median:.0f} ms ({verdict} the {GOAL_MS} ms goal)",
        ),
        ("render time, year (p95)", f"{p95:.0f} ms"),
        ("web-process CPU per GET, year (median)", f"{cpu:.0f} ms"),
        ("render time, one month (median of 20)", f"{month_ms:.0f} ms"),
        ("XLSX export, year", f"{export_ms:.0f} ms"),
    ]
