"""Issue #5: queries of /tai-lieu/ and of the office matrix; time to render the matrix.

Data: 40 grassroots units, 200 published documents, each sent to every unit (8,000
distribution rows in mixed states, half the documents with a past deadline). The
list and the matrix must run the same number of queries with 10 documents and with
200; the matrix's render time is the median of five full admin GETs (selector,
template, 8,000 cells), with the CSV and XLSX exports timed the same way.
"""

import random
from datetime import date, datetime, timedelta
from statistics import median
from time import perf_counter
from zoneinfo import ZoneInfo

from benchmarks.support import (
    bench_database,
    count_queries,
    require,
    units_bulk_create,
    vacuum_analyze,
)

UNITS, SMALL, LARGE = 40, 10, 200
MAX_LIST_QUERIES = 10
RENDERS = 5
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _documents_bulk_create(start: int, count: int, rng: random.Random) -> list:
    from guidance.models import Document, DocumentType, Visibility
    from publishing.models import Status
    from publishing.text import fold

    kinds = list(DocumentType.objects.filter(abbreviation__in=["KH", "HD", "ĐC"]))
    now = datetime.now(tz=VN)
    documents = []
    for n in range(start, start + count):
        kind = kinds[n % len(kinds)]
        issued = date(2021 + n % 6, 1 + n % 12, 1 + n % 28)
        number_text = f"{n + 1}/{kind.abbreviation}-CĐĐHQG"
        title = f"{kind.name} tuyên truyền công đoàn số {n + 1}"
        documents.append(
            Document(
                title=title,
                slug=f"tai-lieu-{n + 1}",
                status=Status.PUBLISHED,
                published_at=now - timedelta(days=n),
                document_type=kind,
                number_text=number_text,
                number=n + 1,
                type_abbreviation=kind.abbreviation,
                issuer_abbreviation="CĐĐHQG",
                year=issued.year,
                issue_date=issued,
                issuer_name="Công đoàn ĐHQG-HCM",
                summary=f"Về {title.lower()}",
                body="<p>Nội dung hướng dẫn các công đoàn cơ sở.</p>",
                recipients_all_grassroots=True,
                visibility=Visibility.PUBLIC if n % 4 else Visibility.OFFICERS,
                response_deadline=issued + timedelta(days=30) if n % 2 else None,
                search_text=fold(f"{number_text} {title}"),
            )
        )
    return Document.objects.bulk_create(documents, batch_size=500)


def _distribute(documents, units, rng: random.Random) -> None:
    from guidance.models import Distribution

    at = datetime(2026, 1, 5, 9, tzinfo=VN)
    rows = []
    for document in documents:
        for unit in units:
            status = rng.choice(["not_seen", "received", "implemented"])
            rows.append(
                Distribution(
                    document=document,
                    unit=unit,
                    status=status,
                    received_at=at if status != "not_seen" else None,
                    implemented_at=at if status == "implemented" else None,
                )
            )
    Distribution.objects.bulk_create(rows, batch_size=2000)


def _office_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser(
        "vanphong.bench", "vanphong@example.edu.vn", "bench"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _matrix(client, **params) -> tuple[int, float, int]:
    """(queries, median seconds, bytes) of the matrix page or an export."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/admin/guidance/document/ma-tran/", params)  # warm-up
    seconds = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as captured:
            started = perf_counter()
            response = client.get("/admin/guidance/document/ma-tran/", params)
            seconds.append(perf_counter() - started)
        require(response.status_code == 200, f"matrix {params} answers 200")
    return len(captured), median(seconds), len(response.content)


def run() -> list[tuple[str, str]]:
    from guidance.models import Distribution

    rng = random.Random(5)
    rows: list[tuple[str, str]] = []
    with bench_database(__name__):
        units = units_bulk_create(UNITS)
        first = _documents_bulk_create(0, SMALL, rng)
        _distribute(first, units, rng)
        client = _office_client()
        list_small = count_queries("/tai-lieu/").count
        search_small = count_queries("/tai-lieu/?q=tuyen+truyen").count
        detail = count_queries(f"/tai-lieu/{first[1].slug}/").count
        matrix_small = _matrix(client)[0]
        rest = _documents_bulk_create(SMALL, LARGE - SMALL, rng)
        _distribute(rest, units, rng)
        vacuum_analyze("guidance_document", "guidance_distribution", "units_unit")
        require(
            Distribution.objects.count() == UNITS * LARGE,
            f"{UNITS * LARGE} distribution rows",
        )
        page = count_queries("/tai-lieu/")
        require("guidance-card" in page.content, "the list shows documents")
        list_large = page.count
        search_large = count_queries("/tai-lieu/?q=tuyen+truyen").count
        queries, seconds, size = _matrix(client)
        _q_csv, csv_seconds, _ = _matrix(client, xuat="csv")
        _q_xlsx, xlsx_seconds, _ = _matrix(client, xuat="xlsx")

    def verdict(small: int, large: int) -> str:
        if large != small:
            return f"{large} — GROWS (was {small} with {SMALL} documents)"
        return f"{large} (same with {SMALL} and {LARGE} documents)"

    rows += [
        ("queries GET /tai-lieu/ (anonymous)", verdict(list_small, list_large)),
        ("queries GET /tai-lieu/?q=tuyen+truyen", verdict(search_small, search_large)),
        ("queries GET /tai-lieu/<slug>/", str(detail)),
        (
            f"queries admin matrix ({UNITS} units x {LARGE} documents)",
            verdict(matrix_small, queries),
        ),
        (
            f"render admin matrix ({UNITS} x {LARGE}, {UNITS * LARGE:,} cells)",
            f"{seconds * 1000:.0f} ms median of {RENDERS} ({size / 1024:.0f} KiB)",
        ),
        ("export matrix CSV", f"{csv_seconds * 1000:.0f} ms"),
        ("export matrix XLSX", f"{xlsx_seconds * 1000:.0f} ms"),
    ]
    if list_large > MAX_LIST_QUERIES:
        rows[0] = (rows[0][0], f"{rows[0][1]} — OVER {MAX_LIST_QUERIES}")
    return rows
