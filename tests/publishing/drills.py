"""What the fault drills share (#12): a stack of real processes, due work, a stopwatch.

Every process runs on the test database (each with its own `application_name`, so a
drill can find and kill its connections) and a private redis-server, with
tests.support.drill_settings. All of it is stopped by the drill, and by the reaper
if the test run dies first (tests/support/reaper.py).
"""

from __future__ import annotations

import signal
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from channels.models import Delivery
from news.models import Article
from publishing.models import PageGeneration, Status
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory
from tests.news.factories import ArticleFactory
from tests.support import processes


class Stack:
    """Workers and beats by name, started and killed by the drill."""

    def __init__(self, tmp_path: Path, *, redis_url: str, tick: float, **env):
        self.tmp_path = tmp_path
        self.redis_url = redis_url
        self.tick = tick
        self.extra_env = {key: str(value) for key, value in env.items()}
        self.running: dict[str, object] = {}

    def env(self, name: str) -> dict[str, str]:
        env = processes.test_database_env()
        env["DATABASE_URL"] += f"?application_name={name}"
        env.update(
            REDIS_URL=self.redis_url,
            DJANGO_SETTINGS_MODULE="tests.support.drill_settings",
            VAR_DIR=str(self.tmp_path / f"var-{name}"),
            DRILL_TICK_SECONDS=str(self.tick),
            **self.extra_env,
        )
        return env

    def worker(self, name: str, *, wait: bool = True):
        log = self.tmp_path / f"{name}.log"
        log.unlink(missing_ok=True)
        process = processes.celery_worker(log=log, env=self.env(name))
        self.running[name] = process
        if wait:
            processes.wait_for(
                lambda: b"ready." in log.read_bytes(), timeout=60, what=f"{name} ready"
            )
        return process

    def beat(self, name: str):
        log = self.tmp_path / f"{name}.log"
        process = processes.start(
            [
                processes.CELERY, "-A", "unionportal", "beat", "--loglevel=INFO",
                "--schedule", str(self.tmp_path / f"{name}.schedule"),
            ],
            env=self.env(name),
            log=log,
        )  # fmt: skip
        self.running[name] = process
        return process

    def ticked(self, name: str) -> bool:
        """Whether beat `name` has sent the sweep at least once."""
        return "Sending due task publishing-sweep" in self.log(name)

    def kill(self, name: str) -> None:
        """kill -9 the whole process group: the main process and its pool."""
        processes.stop(self.running.pop(name), sig=signal.SIGKILL)

    def alive(self, name: str) -> bool:
        return self.running[name].poll() is None

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in self.running.values():
            processes.stop(process)
        self.running.clear()


# -- PostgreSQL: who is connected, who waits, who holds a lease ---------------------
def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def backends(*names: str, waiting_on_a_lock: bool = False) -> list[tuple[int, str]]:
    """(pid, application_name) of the stack's connections to the test database."""
    sql = (
        "SELECT pid, application_name FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = ANY(%s)"
    )
    if waiting_on_a_lock:
        sql += " AND wait_event_type = 'Lock'"
    return _rows(sql, [list(names)])


def lease_holders(key: int, *names: str) -> list[str]:
    """Which of `names` holds the advisory lock of `key` (publishing.leases)."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    return [
        row[0]
        for row in _rows(
            "SELECT a.application_name FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s "
            "AND l.objid = %s AND a.application_name = ANY(%s)",
            [unsigned >> 32, unsigned & 0xFFFFFFFF, list(names)],
        )
    ]


def terminate(*names: str) -> int:
    """pg_terminate_backend every connection of `names`; how many there were."""
    pids = [pid for pid, _name in backends(*names)]
    for pid in pids:
        _rows("SELECT pg_terminate_backend(%s)", [pid])
    return len(pids)


class GenerationLock:
    """Hold the page generation row FOR UPDATE from a connection of our own: every
    publication then waits at its in-transaction cache bump, in mid-transaction,
    holding its claimed rows and its lease, until `release()`."""

    def __init__(self):
        PageGeneration.objects.get_or_create(pk=PageGeneration.ROW)
        self.holder = connections.create_connection(DEFAULT_DB_ALIAS)
        self.holder.set_autocommit(False)
        with self.holder.cursor() as cursor:
            cursor.execute(
                "SELECT value FROM publishing_pagegeneration WHERE id = %s FOR UPDATE",
                [PageGeneration.ROW],
            )

    def release(self) -> None:
        if self.holder is not None:
            self.holder.rollback()
            self.holder.close()
            self.holder = None


# -- due work and its lateness ---------------------------------------------------------
@dataclass
class DueWork:
    due_at: dict[tuple[str, int], datetime] = field(default_factory=dict)
    deliveries: list[int] = field(default_factory=list)

    def fall_due(self, at) -> DueWork:
        """Move every item's publication time to `at` (a datetime, or a function of
        the item's index giving one). Done after everything exists: creating 200
        items on a loaded machine takes seconds, and an item saved with a time
        already past would be published at once instead of scheduled."""
        from campaigns.models import CampaignPost

        when = at if callable(at) else (lambda _index: at)
        models = {"article": Article, "post": CampaignPost}
        for index, (kind, pk) in enumerate(list(self.due_at)):
            moment = when(index)
            models[kind].objects.filter(pk=pk).update(publish_at=moment)
            self.due_at[kind, pk] = moment
        return self


def due_work(*, articles: int, posts: int = 0, server=None) -> DueWork:
    """`articles` news articles and `posts` campaign posts (each with a Facebook
    delivery to `server`), scheduled a day ahead until `DueWork.fall_due`."""
    later = timezone.now() + timedelta(days=1)
    work = DueWork()
    for _index in range(articles):
        article = ArticleFactory(publish_at=later)
        assert article.status == Status.SCHEDULED
        work.due_at["article", article.pk] = later
    if posts:
        channel = SocialChannelFactory(
            page_id=server.page_id, access_token=server.facebook_token
        )
        for _index in range(posts):
            post = CampaignPostFactory(publish_at=later)
            assert post.status == Status.SCHEDULED
            work.due_at["post", post.pk] = later
            work.deliveries.append(
                Delivery.objects.create(target=post, channel=channel).pk
            )
    return work


class Stopwatch(threading.Thread):
    """Notes when each due item is first seen published (every 0.2 s)."""

    def __init__(self, work: DueWork):
        super().__init__(daemon=True)
        self.work = work
        self.seen: dict[tuple[str, int], datetime] = {}
        self.done = threading.Event()

    def run(self) -> None:
        from campaigns.models import CampaignPost

        models = {"article": Article, "post": CampaignPost}
        try:
            while len(self.seen) < len(self.work.due_at) and not self.done.is_set():
                now = timezone.now()
                for kind, model in models.items():
                    waiting = [pk for k, pk in self.work.due_at if k == kind]
                    for pk in model.objects.filter(
                        pk__in=waiting, status=Status.PUBLISHED
                    ).values_list("pk", flat=True):
                        self.seen.setdefault((kind, pk), now)
                time.sleep(0.2)
        finally:
            connection.close()

    def wait(self, timeout: float) -> None:
        self.join(timeout)
        self.done.set()
        self.join(5)

    def lateness(self) -> list[float]:
        return sorted(
            (self.seen[key] - due).total_seconds()
            for key, due in self.work.due_at.items()
            if key in self.seen
        )


def report(name: str, work: DueWork, watch: Stopwatch, **extra) -> dict:
    """Print the drill's figures on one line (`pytest -s`, benchmarks) and return
    them: items due, published once, lateness p50/max, lost."""
    late = watch.lateness()
    figures = {
        "due": len(work.due_at),
        "published": len(late),
        "lost": len(work.due_at) - len(late),
        "lateness_p50_s": round(statistics.median(late), 1) if late else None,
        "lateness_max_s": round(max(late), 1) if late else None,
        **extra,
    }
    print(f"\nDRILL {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    return figures
