"""Issue #14: what counting reads costs, and the dashboard's reach view at a year's size.

1. An article request with and without counting, in the same run, in this process on
   PostgreSQL (Django's test client, anonymous): the page GET alone, and the page GET
   plus the read beacon the page's script posts (publishing.reads), each time a new
   reader (a new browser) so every beacon counts; interleaved, median of 400 each.
   With the harness's local-memory cache, then with Redis (the dedupe key is one
   SET NX there) with the page cache off and on (the page then comes from Redis
   without the view, and only the beacon counts). Also a repeated reader's beacon
   (deduped: no write).
2. The reach page (/admin/units/unitdashboard/tiep-can/) and the main dashboard as
   office staff for a year: 40 units x 10 items each, a read row for each item on
   each day of the year from three sources (438,000 daily counters), plus Facebook
   reach for 400 posts. Queries of one GET and median time of 10.
"""

import datetime
import statistics
import time
import uuid

from benchmarks.support import (
    articles_bulk_create,
    bench_database,
    redis_url,
    require,
    units_bulk_create,
    vacuum_analyze,
)

ROUNDS = 400
UNITS = 40
ITEMS_PER_UNIT = 10
SOURCES = ("facebook", "direct", "zalo")
DASHBOARD_RUNS = 10
REACH_URL = "/admin/units/unitdashboard/tiep-can/"
DASHBOARD_URL = "/admin/units/unitdashboard/"


def _reader() -> dict:
    return {
        "HTTP_USER_AGENT": f"Mozilla/5.0 (Linux; Android 14) Mobile {uuid.uuid4()}",
        "REMOTE_ADDR": "198.51.100.7",
    }


def _us(start: float) -> float:
    return (time.perf_counter() - start) * 1_000_000


def _request_costs(client, article) -> dict[str, float]:
    """Median µs of: page alone, page + counted beacon, beacon alone, deduped beacon;
    wall time, and this (web) process's CPU time, steadier on a busy machine."""
    from django.urls import reverse

    url = article.get_absolute_url()
    beacon = reverse("publishing:read")
    payload = {"t": "news.article", "i": article.pk, "r": "https://l.facebook.com/"}
    times: dict[str, list[float]] = {
        key: []
        for key in (
            "page",
            "page+beacon",
            "beacon",
            "deduped",
            "beacon cpu",
            "page cpu",
        )
    }
    for _ in range(20):  # warm-up: templates, content types, connections
        client.get(url, **_reader())
        client.post(beacon, payload, **_reader())
    for _ in range(ROUNDS):
        reader = _reader()
        start, cpu = time.perf_counter(), time.process_time()
        client.get(url, **reader)
        times["page"].append(_us(start))
        times["page cpu"].append((time.process_time() - cpu) * 1_000_000)
        reader = _reader()
        start = time.perf_counter()
        client.get(url, **reader)
        middle, cpu = time.perf_counter(), time.process_time()
        client.post(beacon, payload, **reader)
        times["beacon cpu"].append((time.process_time() - cpu) * 1_000_000)
        times["page+beacon"].append(_us(start))
        times["beacon"].append(_us(middle))
        start = time.perf_counter()
        client.post(beacon, payload, **reader)  # the same reader again: deduped
        times["deduped"].append(_us(start))
    return {key: statistics.median(values) for key, values in times.items()}


def _cost_rows(costs: dict[str, float], mode: str) -> list[tuple[str, str]]:
    added = costs["page+beacon"] - costs["page"]
    return [
        (f"article GET, no counting ({mode})", f"{costs['page']:.0f} µs"),
        (
            f"article GET + counted beacon ({mode})",
            f"{costs['page+beacon']:.0f} µs (+{added:.0f} µs)",
        ),
        (f"counted beacon alone ({mode})", f"{costs['beacon']:.0f} µs"),
        (
            f"web-process CPU: article GET / counted beacon ({mode})",
            f"{costs['page cpu']:.0f} µs / {costs['beacon cpu']:.0f} µs",
        ),
        (f"repeated reader's beacon, deduped ({mode})", f"{costs['deduped']:.0f} µs"),
    ]


def _reads_bulk_create(units, articles) -> int:
    from django.contrib.contenttypes.models import ContentType

    from news.models import Article
    from publishing.models import ReadCount

    content_type = ContentType.objects.get_for_model(Article)
    year = datetime.date(timezone_year(), 1, 1)
    by_unit: dict[int, list] = {}
    for article in articles:
        by_unit.setdefault(article.unit_id, []).append(article.pk)
    total = 0
    for unit in units:
        rows = [
            ReadCount(
                content_type=content_type,
                object_id=pk,
                unit_id=unit.pk,
                day=year + datetime.timedelta(days=day),
                source=source,
                count=1 + (pk + day) % 9,
            )
            for pk in by_unit.get(unit.pk, [])[:ITEMS_PER_UNIT]
            for day in range(365)
            for source in SOURCES
        ]
        ReadCount.objects.bulk_create(rows, batch_size=5000)
        total += len(rows)
    return total


def timezone_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _reach_bulk_create(articles) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from news.models import Article
    from publishing.models import PostReach

    content_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    PostReach.objects.bulk_create(
        PostReach(
            platform="facebook",
            external_id=f"1234_{article.pk}",
            content_type=content_type,
            object_id=article.pk,
            unit_id=article.unit_id,
            posted_at=now - datetime.timedelta(days=article.pk % 300),
            reach=100 + article.pk % 500,
            reactions=article.pk % 40,
            fetched_at=now,
        )
        for article in articles
    )


def _timed(client, url, params) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url, params)
    return (time.perf_counter() - start) * 1000, response


def _count_queries(client, url, params) -> tuple[int, object]:
    from django.db import connection

    queries: list[str] = []

    def record(execute, sql, params_, many, context):
        queries.append(sql)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url, params)
    return len(queries), response


def run() -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from news.models import Article
    from publishing.models import ReadCount

    rows: list[tuple[str, str]] = []
    with bench_database(__name__):
        units = units_bulk_create(UNITS)
        articles_bulk_create(UNITS * ITEMS_PER_UNIT, units=units, seed=14)
        articles = list(Article.objects.published().only("pk", "unit_id", "slug"))
        require(len(articles) >= UNITS * ITEMS_PER_UNIT, "the articles exist")
        for index, row in enumerate(articles[: UNITS * ITEMS_PER_UNIT]):
            row.unit_id = units[index // ITEMS_PER_UNIT].pk  # ITEMS_PER_UNIT each
        Article.objects.bulk_update(articles, ["unit_id"], batch_size=1000)
        article = articles[0]
        anonymous = Client(HTTP_HOST="localhost")

        costs = _request_costs(anonymous, article)
        require(ReadCount.objects.exists(), "the beacon counted reads")
        rows += _cost_rows(costs, "local-memory cache, median of 400")
        url = redis_url()
        prefix = f"bench-reads-{uuid.uuid4().hex[:8]}"
        redis_cache = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
            }
        }
        for mode, seconds in (("page cache off", 0), ("page cache on", 300)):
            with override_settings(CACHES=redis_cache, PAGE_CACHE_SECONDS=seconds):
                costs = _request_costs(anonymous, article)
            rows += _cost_rows(costs, f"Redis, {mode}")
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)

        ReadCount.objects.all().delete()
        started = time.perf_counter()
        total = _reads_bulk_create(units, articles)
        _reach_bulk_create(articles)
        load_s = time.perf_counter() - started
        vacuum_analyze("publishing_readcount", "publishing_postreach", "units_unit")
        user = get_user_model().objects.create_superuser(
            "bench", "bench@example.edu.vn", "password"
        )
        staff = Client(HTTP_HOST="localhost")
        staff.force_login(user)
        params = {"period": "year", "year": str(timezone_year())}
        staff.get(REACH_URL, params)  # warm-up
        queries, response = _count_queries(staff, REACH_URL, params)
        require(response.status_code == 200, "the reach page answers 200")
        require(
            'id="chart-reach-items"' in response.content.decode(),
            "the most read items are charted",
        )
        reach_ms = sorted(
            _timed(staff, REACH_URL, params)[0] for _ in range(DASHBOARD_RUNS)
        )
        month = {**params, "period": "month", "month": "6"}
        month_ms = statistics.median(
            _timed(staff, REACH_URL, month)[0] for _ in range(DASHBOARD_RUNS)
        )
        staff.get(DASHBOARD_URL, params)
        dashboard_queries, dashboard = _count_queries(staff, DASHBOARD_URL, params)
        require(dashboard.status_code == 200, "the dashboard answers 200")
        dashboard_ms = statistics.median(
            _timed(staff, DASHBOARD_URL, params)[0] for _ in range(DASHBOARD_RUNS)
        )
        start = time.perf_counter()
        export = staff.get(f"{REACH_URL}xuat/don-vi/xlsx/", params)
        export_ms = (time.perf_counter() - start) * 1000
        require(export.status_code == 200, "the reach export answers 200")

    rows += [
        (
            "reach data",
            f"{UNITS} units × {ITEMS_PER_UNIT} articles × 365 days × "
            f"{len(SOURCES)} sources = {total:,} daily counters, 400 Facebook posts "
            f"(loaded in {load_s:.0f} s)",
        ),
        ("queries GET reach page (year, 40 units)", str(queries)),
        (
            "reach page, year (median / max of 10)",
            f"{statistics.median(reach_ms):.0f} ms / {reach_ms[-1]:.0f} ms",
        ),
        ("reach page, one month (median of 10)", f"{month_ms:.0f} ms"),
        ("queries GET main dashboard with reach columns", str(dashboard_queries)),
        ("main dashboard, year (median of 10)", f"{dashboard_ms:.0f} ms"),
        ("reach XLSX export (units), year", f"{export_ms:.0f} ms"),
    ]
    return rows
