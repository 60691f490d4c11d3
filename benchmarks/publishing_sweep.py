"""Issue #4: the due-publication sweep with 10,000 due articles and two workers.

Two forked processes, started together, each call publishing.workflow.publishing_sweep
on the same PostgreSQL database, as two Celery workers would on one beat tick. Every
article must be published exactly once: the ids announced by publishing.signals.
published in both processes are compared, and the database is counted. Goal: < 30 s.
"""

import multiprocessing
import time
from datetime import timedelta

from benchmarks.support import articles_bulk_create, bench_database, require

DUE = 10_000
WORKERS = 2
GOAL_SECONDS = 30.0
TIMEOUT_SECONDS = 300


def _worker(index: int, start, results) -> None:
    """One sweeping process: collect the ids it announces, time its sweep."""
    from django.db import connections

    from news.models import Article
    from publishing import signals
    from publishing.workflow import publishing_sweep

    announced: list[int] = []

    def collect(sender, pks, **kwargs):
        if sender is Article:
            announced.extend(pks)

    signals.published.connect(collect, weak=False, dispatch_uid="bench-collect")
    try:
        start.wait()
        began = time.perf_counter()
        result = publishing_sweep()
        ended = time.perf_counter()
        results.put((index, announced, began, ended, result.published, None))
    except Exception as error:  # reported by the parent, which owns the output
        results.put((index, announced, 0.0, 0.0, {}, repr(error)))
    finally:
        connections.close_all()


def run() -> list[tuple[str, str]]:
    from django.db import connections
    from django.utils import timezone

    from news.models import Article
    from publishing.models import Status

    with bench_database(__name__):
        now = timezone.now()
        articles_bulk_create(
            DUE,
            status=Status.SCHEDULED,
            publish_at=now - timedelta(minutes=2),
            seed=5,
            with_covers=False,
        )
        require(
            Article.objects.due(timezone.now()).count() == DUE, f"{DUE:,} due articles"
        )
        connections.close_all()  # the children must not share this process's socket

        context = multiprocessing.get_context("fork")
        start, results = context.Event(), context.Queue()
        workers = [
            context.Process(target=_worker, args=(i, start, results))
            for i in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        time.sleep(0.5)  # both connected to the start line
        start.set()
        outcomes = [results.get(timeout=TIMEOUT_SECONDS) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        errors = [o[5] for o in outcomes if o[5]]
        require(not errors, f"sweeps raised {errors}")

        published = Article.objects.filter(status=Status.PUBLISHED).count()
        still_due = Article.objects.filter(status=Status.SCHEDULED).count()
        missing_date = Article.objects.filter(
            status=Status.PUBLISHED, published_at__isnull=True
        ).count()

    outcomes.sort()
    announced = [pk for o in outcomes for pk in o[1]]
    twice = len(announced) - len(set(announced))
    elapsed = max(o[3] for o in outcomes) - min(o[2] for o in outcomes)
    once = published == DUE and len(set(announced)) == DUE and twice == 0
    verdict = "met" if elapsed < GOAL_SECONDS else "MISSED"
    return [
        (
            "sweep of 10,000 due articles, 2 workers",
            f"{elapsed:.2f} s wall (goal < {GOAL_SECONDS:.0f} s: {verdict})",
        ),
        (
            "published per worker (signal ids)",
            ", ".join(f"worker {o[0] + 1}: {len(o[1]):,}" for o in outcomes),
        ),
        (
            "published exactly once",
            f"{'yes' if once else 'NO'}: {published:,} published in the database, "
            f"{len(set(announced)):,} distinct ids announced, {twice} announced twice, "
            f"{still_due} still scheduled, {missing_date} without published_at",
        ),
    ]
