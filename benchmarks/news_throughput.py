"""Issue #4: requests/s of the news pages under gunicorn, next to a bare view.

gunicorn with 2 sync workers and production settings (Redis cache) serves a database
of 10,000 articles; a load generator on 127.0.0.1 (wrk, 4 connections, 10 s per URL
in 3 interleaved slices, after a 1 s warm-up) requests, anonymously: the news list page 1 and page 50, an
article, and /bench/ok (HttpResponse("ok"), benchmarks/urls.py). Twice: with the
page cache (publishing/cache.py, the default 300 s) and without it
(PAGE_CACHE_SECONDS=0), so the figures show what the cache buys.
Goal: every page at least half of the bare view's rate in the same run.
"""

import os

from benchmarks.support import (
    GUNICORN_WORKERS,
    LOAD_CONNECTIONS,
    LOAD_SECONDS,
    Load,
    articles_bulk_create,
    bench_database,
    check_page,
    gunicorn_server,
    load,
    load_tool,
    require,
    units_bulk_create,
    vacuum_analyze,
)

ARTICLES = 10_000
WARM_SECONDS = 1.0
ROUNDS = 3
GOAL_SHARE = 0.5
MODES = (("page cache on", {}), ("page cache off", {"PAGE_CACHE_SECONDS": "0"}))


def _urls(article_path: str) -> dict[str, str]:
    return {
        "bare /bench/ok": "/bench/ok",
        "list /tin-tuc/ page 1": "/tin-tuc/",
        "list /tin-tuc/?trang=50": "/tin-tuc/?trang=50",
        "article /tin-tuc/<slug>/": article_path,
    }


def run() -> list[tuple[str, str]]:
    from news.models import Article

    rows = [
        (
            "setup",
            f"gunicorn {GUNICORN_WORKERS} sync workers, {load_tool()} "
            f"{LOAD_CONNECTIONS} connections × {LOAD_SECONDS:g} s per URL, "
            f"({ROUNDS} interleaved slices, median shown), {ARTICLES:,} articles, "
            f"anonymous; {os.cpu_count()} CPUs, load average before "
            f"{os.getloadavg()[0]:.1f}",
        )
    ]
    with bench_database(__name__) as database:
        units = units_bulk_create(20)
        articles_bulk_create(ARTICLES, units=units, seed=3)
        vacuum_analyze("news_article", "news_article_categories", "news_article_tags")
        article = (
            Article.objects.published()
            .filter(categories__isnull=False)
            .order_by("-published_at")
            .first()
        )
        urls = _urls(article.get_absolute_url())
        for mode, env in MODES:
            with gunicorn_server(database=database, env=env) as base:
                results = _measure(base, urls, mode)
            bare = results["bare /bench/ok"].rate
            for label, result in results.items():
                value = str(result)
                if label != "bare /bench/ok":
                    share = result.rate / bare
                    verdict = "met" if share >= GOAL_SHARE else "MISSED"
                    value += f" = {share:.0%} of bare (goal ≥ 50%: {verdict})"
                rows.append((f"{label}, {mode}", value))
    return rows


def _measure(base: str, urls: dict[str, str], mode: str) -> dict[str, Load]:
    """Each URL in ROUNDS interleaved slices; the median slice's figures.

    Interleaving exposes every URL to the same background load on a shared machine,
    so the ratios to the bare view stay fair even when the absolute rates wobble.
    """
    for path in urls.values():
        body = check_page(base + path)
        if "trang=50" in path:
            require(b"article-card" in body, "page 50 of the news list shows articles")
        load(base + path, seconds=WARM_SECONDS)
    slices: dict[str, list[Load]] = {label: [] for label in urls}
    for _round in range(ROUNDS):
        for label, path in urls.items():
            slices[label].append(load(base + path, seconds=LOAD_SECONDS / ROUNDS))
    results = {}
    for label, runs in slices.items():
        runs.sort(key=lambda r: r.rate)
        middle = runs[len(runs) // 2]
        results[label] = Load(
            url=middle.url,
            tool=middle.tool,
            seconds=LOAD_SECONDS,
            connections=middle.connections,
            requests=sum(r.requests for r in runs),
            rate=middle.rate,
            p50_ms=middle.p50_ms,
            p99_ms=middle.p99_ms,
            socket_errors=sum(r.socket_errors for r in runs),
            spread=(runs[0].rate, runs[-1].rate),
        )
        print(f"  {mode}: {label}: {results[label]}", flush=True)
    return results
