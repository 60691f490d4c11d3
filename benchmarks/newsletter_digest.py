"""Issue #14: a weekly digest to 20,000 subscribers with two real Celery workers.

20,000 active weekly subscribers and five office articles published last week. Two
worker processes (concurrency 1 each, PostgreSQL + Redis, tests/newsletter/
worker_settings.py) run the digest task (render and enqueue in batches of 500) and
the e-mails' own send tasks, to a local aiosmtpd server that counts what it receives.
The harness stands in for beat, waking the e-mail sweep every second and the digest
task every 20 s (beat: every 15 minutes). When half the
e-mails have arrived, one worker is killed with SIGKILL (and not replaced).

Reported: time until the server holds every e-mail, peak memory (VmHWM) per worker
child, messages received, distinct addresses, duplicates, and the rows the kill left
(an e-mail being sent at the kill is "sending"/"failed": it may have gone, so by the
send-once policy it is not sent again).

Measured 2026-12-02 on the shared 2-core machine (load ~7): 398.6 s, 50 e-mails/s,
peak 124 / 109 MB per worker, worker 0 killed after 10,006; the server received
19,999 messages to 19,999 distinct addresses, 0 duplicates; 1 row "sending" (the
e-mail in flight at the kill: not delivered, and by the policy not retried).
"""

import os
import signal
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

from benchmarks.campaigns_outbox import point_celery_at_redis, wait_for_workers
from benchmarks.support import bench_database, database_url, redis_url, require

SUBSCRIBERS = 20_000
TIMEOUT_SECONDS = 900


class Counting:
    def __init__(self):
        self.addresses = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        to = message_from_bytes(envelope.original_content)["To"]
        with self.lock:
            self.addresses[to] += 1
        return "250 OK"

    @property
    def received(self):
        return sum(self.addresses.values())


def _children_hwm_kb(pid: int) -> int:
    """Peak resident memory of the prefork child(ren) of worker `pid`, in kB."""
    peak = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0
    for child in [pid, *map(int, children)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak


def run() -> list[tuple[str, str]]:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.utils import timezone

    from benchmarks.support import articles_bulk_create
    from newsletter.models import Subscriber
    from publishing.models import Notification
    from publishing.tasks import notifications_due_send
    from tests.support import processes
    from tests.support.redis_server import free_port

    redis_url()
    with bench_database(__name__) as database, tempfile.TemporaryDirectory() as logs:
        point_celery_at_redis()
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"doanvien{n}@example.edu.vn",
                status=Subscriber.Status.ACTIVE,
                topics=["office_news"],
                frequency="weekly",
                consented_at=timezone.now(),
            )
            for n in range(SUBSCRIBERS)
        )
        now = timezone.localtime()
        monday = (now - timedelta(days=now.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        articles_bulk_create(
            5, publish_at=None, now=monday - timedelta(days=3), with_covers=False
        )
        from news.models import Article

        Article.objects.update(published_at=monday - timedelta(days=2), unit=None)

        handler, port = Counting(), free_port()
        smtp = Controller(handler, hostname="127.0.0.1", port=port)
        smtp.start()
        env = processes.test_database_env()
        env.update(
            DATABASE_URL=database_url(database),
            REDIS_URL=redis_url(),
            DJANGO_ENV="test",
            DJANGO_SETTINGS_MODULE="tests.newsletter.worker_settings",
            EMAIL_PORT=str(port),
        )
        workers, peaks = [], {}
        try:
            for n in range(2):
                workers.append(
                    processes.start(
                        [
                            processes.CELERY,
                            "-A",
                            "unionportal",
                            "worker",
                            "--loglevel=WARNING",
                            "--concurrency=1",
                            "-n",
                            f"nlbench{n}@%h",
                            "--without-gossip",
                            "--without-mingle",
                            "-Q",
                            settings.CELERY_TASK_DEFAULT_QUEUE,
                        ],
                        env=env,
                        log=Path(logs) / f"worker{n}.log",
                    )  # fmt: skip
                )
            wait_for_workers(2)
            from newsletter.tasks import newsletter_weekly_send

            start = time.monotonic()
            newsletter_weekly_send.delay()
            killed_at, last_wake, last_digest_wake = None, 0.0, time.monotonic()
            while time.monotonic() - start < TIMEOUT_SECONDS:
                for process in workers:
                    if process.poll() is None:
                        peaks[process.pid] = max(
                            peaks.get(process.pid, 0), _children_hwm_kb(process.pid)
                        )
                if killed_at is None and handler.received >= SUBSCRIBERS // 2:
                    os.killpg(workers[0].pid, signal.SIGKILL)
                    workers[0].wait()
                    killed_at = handler.received
                rows_now = Notification.objects.filter(kind="newsletter.issue")
                if rows_now.count() >= SUBSCRIBERS and not _pending():
                    break
                if time.monotonic() - last_digest_wake >= 20.0:
                    # Beat's 15-minute wake-up, compressed: finishes an issue whose
                    # enqueueing the killed worker interrupted.
                    newsletter_weekly_send.delay()
                    last_digest_wake = time.monotonic()
                if time.monotonic() - last_wake >= 1.0:
                    notifications_due_send.delay()  # what beat does every minute
                    last_wake = time.monotonic()
                time.sleep(0.2)
            elapsed = time.monotonic() - start
        finally:
            for process in workers:
                processes.stop(process)
            smtp.stop()
        rows = Counter(
            Notification.objects.filter(kind="newsletter.issue").values_list(
                "status", flat=True
            )
        )
        duplicates = sum(count - 1 for count in handler.addresses.values() if count > 1)
        require(rows.total() == SUBSCRIBERS, f"{SUBSCRIBERS} e-mails enqueued")
    return [
        (
            "setup",
            f"{SUBSCRIBERS} weekly subscribers, 5 items, 2 workers x1, SMTP local",
        ),
        ("time until settled (s)", f"{elapsed:.1f}"),
        ("e-mails per second", f"{handler.received / elapsed:.0f}"),
        *(
            (f"peak memory worker {n} (MB)", f"{kb / 1024:.0f}")
            for n, kb in enumerate(peaks.values())
        ),
        ("killed worker 0 after (received)", str(killed_at)),
        ("messages received by SMTP", str(handler.received)),
        ("distinct addresses received", str(len(handler.addresses))),
        ("duplicates", str(duplicates) if not duplicates else f"ERROR {duplicates}"),
        (
            "rows sent / sending / failed",
            f"{rows['sent']} / {rows['sending']} / {rows['failed']}",
        ),  # fmt: skip
    ]


def _pending():
    from publishing.models import Notification

    return Notification.objects.filter(
        kind="newsletter.issue", status="pending"
    ).exists()
