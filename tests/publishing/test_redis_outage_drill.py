"""Drill (#12): kill -9 the Redis a real gunicorn, worker and beat use, then restart it.

A private redis-server on its own port (never the shared one), the test database on
the real PostgreSQL, gunicorn with 2 sync workers, a Celery worker and beat, all
started from a fresh VAR_DIR. With Redis dead every public page answers 200
uncached and quickly, a member's question is stored, the admin publishes guidance
to every CĐCS (302, all distribution rows), /healthz says 503 and why. With Redis
back (from a snapshot holding the pages cached before the outage) pages are cached
again and none of the old ones is served.
"""

import sys
import time
from importlib import import_module
from pathlib import Path

import pytest
import requests
from django.apps import apps
from django.contrib.auth import get_user_model

from consultation.models import Question, Topic
from guidance.models import Distribution, Document
from publishing.models import Notification, SchedulerHeartbeat
from tests.guidance.factories import document_type
from tests.publishing.outage_site import GRASSROOTS_UNITS, public_pages
from tests.support import processes
from tests.support.forms import form_data
from tests.support.redis_server import PrivateRedis, free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "drill-mật-khẩu-2026"
PAGE_KEYS = "*publishing:page:*"
# A page rendered without the cache on a shared 2-CPU machine; a dead socket would
# add the 0.5 s connect timeout (or hang) to every request instead.
UNCACHED_PAGE_SECONDS = 2.0


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stack(private_redis, tmp_path):
    """gunicorn, a worker and beat on the private Redis, from an empty VAR_DIR."""
    var_dir = tmp_path / "var"  # does not exist yet: a fresh install
    env = processes.test_database_env()
    env.update(
        REDIS_URL=private_redis.url,
        DJANGO_SETTINGS_MODULE="tests.support.served_settings",
        VAR_DIR=str(var_dir),
        SCHEDULER_HEARTBEAT_SECONDS="1",
    )
    port = free_port()
    started = [
        processes.start(
            [
                GUNICORN,
                "unionportal.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            env=env,
            log=tmp_path / "gunicorn.log",
        ),  # fmt: skip
        processes.celery_worker(log=tmp_path / "worker.log", env=env),
        # No --schedule: beat writes VAR_DIR/celery/beat-schedule, as deployed.
        processes.start(
            [processes.CELERY, "-A", "unionportal", "beat", "--loglevel=INFO"],
            env=env,
            log=tmp_path / "beat.log",
        ),  # fmt: skip
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        processes.wait_for(
            lambda: _answers(f"{base}/healthz"), timeout=60, what="gunicorn"
        )
        yield base, started, var_dir
    finally:
        for process in started:
            processes.stop(process)


def _answers(url):
    try:
        return requests.get(url, timeout=5).status_code
    except requests.RequestException:
        return None


def timed_get(url):
    started = time.perf_counter()
    response = requests.get(url, timeout=30, allow_redirects=False)
    return response, time.perf_counter() - started


def ask_question(base, email):
    session = requests.Session()
    url = f"{base}/hoi-dap/dat-cau-hoi/"
    data = form_data(session.get(url, timeout=30).text)
    data.update(
        name=["Trần Văn Minh"],
        email=[email],
        phone=[""],
        topic=[str(Topic.objects.get(slug="luong-phu-cap").pk)],
        body=["Đoàn viên nghỉ thai sản có được hưởng trợ cấp của công đoàn không?"],
        consent=["anonymous"],
    )
    return session.post(url, data=data, timeout=30, allow_redirects=False)


def admin_session(base, username):
    session = requests.Session()
    login = f"{base}/admin/login/"
    data = form_data(session.get(login, timeout=30).text)
    data.update(username=[username], password=[PASSWORD], next=["/admin/"])
    response = session.post(login, data=data, timeout=30, allow_redirects=False)
    assert response.status_code == 302, response.text[-2000:]
    return session


def publish_guidance_to_every_unit(session, base):
    url = f"{base}/admin/guidance/document/add/"
    data = form_data(session.get(url, timeout=30).text)
    data.update(
        title=["Hướng dẫn đại hội công đoàn cơ sở nhiệm kỳ 2026-2031"],
        document_type=[str(document_type("HD").pk)],
        number_text=["12/HD-CĐĐHQG"],
        issue_date=["04/05/2026"],
        issuer_name=["Công đoàn ĐHQG-HCM"],
        summary=["Đại hội công đoàn cơ sở"],
        body=["<p>Nội dung hướng dẫn đại hội</p>"],
        recipients_all_grassroots=["on"],
        intent=["publish"],
    )
    return session.post(url, data=data, timeout=60, allow_redirects=False)


def test_the_site_serves_and_keeps_everything_through_a_killed_redis(
    private_redis, stack
):
    base, started, var_dir = stack
    pages = public_pages()
    import_module("consultation.migrations.0002_seed_topics").seed(apps, None)
    get_user_model().objects.create_superuser("drill", "drill@example.vn", PASSWORD)
    redis = private_redis.client()

    # Healthy: beat and worker started on a fresh install with REDIS_URL set.
    processes.wait_for(
        lambda: SchedulerHeartbeat.objects.filter(source="beat").exists(),
        timeout=60,
        what="beat's heartbeat through the worker",
    )
    assert (var_dir / "celery").is_dir()
    assert all(process.poll() is None for process in started)
    for name, url in pages.items():
        assert timed_get(base + url)[0].status_code == 200, name
        assert timed_get(base + url)[0].status_code == 200, name
    cached_before = set(redis.keys(PAGE_KEYS))
    assert len(cached_before) >= len(pages)
    private_redis.save()  # the restart below comes back with these pages

    # Redis killed.
    private_redis.kill()
    slowest = 0.0
    for _round in range(2):
        for name, url in pages.items():
            response, seconds = timed_get(base + url)
            assert response.status_code == 200, (name, response.status_code)
            slowest = max(slowest, seconds)
    assert slowest < UNCACHED_PAGE_SECONDS, slowest

    response = ask_question(base, "minh.tran@example.edu.vn")
    assert response.status_code == 302, response.status_code
    assert Question.objects.filter(asker_email="minh.tran@example.edu.vn").exists()

    response = publish_guidance_to_every_unit(admin_session(base, "drill"), base)
    assert response.status_code == 302, response.text[-3000:]
    document = Document.objects.get(number_text="12/HD-CĐĐHQG")
    assert document.is_published
    assert Distribution.objects.filter(document=document).count() == GRASSROOTS_UNITS

    response, seconds = timed_get(f"{base}/healthz")
    assert response.status_code == 503
    reasons = response.json()["reasons"]
    assert "cache: unreachable" in reasons and "broker: unreachable" in reasons
    assert seconds < 3, seconds

    # Redis back on the same port, with its snapshot of the pages cached before.
    private_redis.start()
    assert cached_before <= set(redis.keys(PAGE_KEYS))
    processes.wait_for(
        lambda: requests.get(f"{base}/healthz", timeout=10).json()["checks"]["cache"][
            "ok"
        ],
        timeout=30,
        what="/healthz to see the cache again",
    )
    time.sleep(1.5)  # every gunicorn worker's circuit has had its pause (1 s)
    listing = timed_get(f"{base}/tai-lieu/")[0].text
    assert "Hướng dẫn đại hội công đoàn cơ sở" in listing  # not the cached copy
    for name, url in pages.items():
        assert timed_get(base + url)[0].status_code == 200, name
        assert timed_get(base + url)[0].status_code == 200, name
    cached_after = set(redis.keys(PAGE_KEYS)) - cached_before
    assert len(cached_after) >= len(pages)  # cached again, under a new generation

    # The worker is back on the broker too: a question asked now gets its e-mail.
    assert ask_question(base, "lan.pham@example.edu.vn").status_code == 302
    processes.wait_for(
        lambda: Notification.objects.filter(
            kind="consultation.tracking_link",
            to=["lan.pham@example.edu.vn"],
            status=Notification.Status.SENT,
        ).exists(),
        # At once when the web process's broker connection survived the restart;
        # otherwise (its first publish fails and opens the circuit) by the
        # notifications sweep, which beat wakes every minute: two ticks of room.
        timeout=150,
        what="the worker to send the tracking link after Redis came back",
    )
    assert all(process.poll() is None for process in started)
