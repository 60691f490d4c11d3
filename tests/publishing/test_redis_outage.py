"""Without Redis the site degrades, it does not fail (#12): pages, forms, saves, /healthz.

Redis is made unreachable for real: the cache points at a port where nothing listens
(connection refused) or at a socket that accepts and never answers (a hung server).
The drills with a killed redis-server and real processes are in
test_redis_outage_drill.py.
"""

import logging
import socket
import threading
import time
from importlib import import_module

import pytest
from celery import Celery
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import Question
from guidance.models import Distribution, Document
from news.models import Article
from publishing import health
from publishing.cache import page_cache_invalidate
from publishing.circuits import Circuit, Unavailable, cache_circuit, task_enqueue
from publishing.models import PageGeneration, RateLimitCounter
from publishing.ratelimit import RateLimit
from publishing.tasks import scheduler_heartbeat
from publishing.workflow import Intent, content_save
from tests.consultation.helpers import ASK_URL, ask, ask_data
from tests.guidance.factories import document_type
from tests.publishing.outage_site import GRASSROOTS_UNITS, public_pages
from tests.support.forms import form_data
from tests.support.redis_server import free_port

pytestmark = pytest.mark.django_db
DEAD_URL = f"redis://127.0.0.1:{free_port()}/0"  # a port nobody listens on


def redis_cache_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "unionportal-test-outage",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(autouse=True)
def topics(db):
    """The topics the data migration seeds (a transaction=True test elsewhere flushes
    them from a reused database)."""
    from django.apps import apps

    import_module("consultation.migrations.0002_seed_topics").seed(apps, None)


@pytest.fixture(autouse=True)
def no_fill_delay(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0  # has its own tests


@pytest.fixture
def dead_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = redis_cache_settings(DEAD_URL)


class HungServer:
    """Accepts connections and never says a word, like a Redis stopped with SIGSTOP."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self.held.append(conn)

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def hung_cache(settings):
    server = HungServer()
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{server.port}/0")
    yield server
    server.close()


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - started


# -- public pages ---------------------------------------------------------------------
def test_every_public_page_answers_200_while_the_cache_is_unreachable(
    client, dead_cache
):
    pages = public_pages()
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert response.headers["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert cache_circuit.is_open


def test_a_hung_cache_costs_one_timeout_then_is_skipped(client, hung_cache, settings):
    # The walk over every page may outlast the circuit's pause on a loaded machine;
    # a half-open retry then waits once more, as designed: a pause longer than it.
    settings.REDIS_CIRCUIT_OPEN_SECONDS = 120
    pages = public_pages()
    _first, first_seconds = timed_get(client, pages["news list"])
    assert first_seconds >= 0.5  # waited for the socket timeout once
    seconds = [timed_get(client, url)[1] for url in pages.values()]
    assert max(seconds) < 0.5, seconds  # never again on the dead socket
    assert hung_cache.connections == 1


def test_the_circuit_probes_once_after_its_pause_and_closes_on_success(settings):
    settings.REDIS_CIRCUIT_OPEN_SECONDS = 0.2
    circuit = Circuit("test", (ConnectionError,))
    calls = []

    def down():
        calls.append("down")
        raise ConnectionError("refused")

    with pytest.raises(Unavailable):
        circuit.call(down)
    with pytest.raises(Unavailable):
        circuit.call(down)  # open: not even tried
    assert calls == ["down"]
    time.sleep(0.25)
    assert circuit.call(lambda: calls.append("up") or "ok") == "ok"
    assert not circuit.is_open
    assert calls == ["down", "up"]


def test_an_error_that_is_not_an_outage_still_raises_and_keeps_the_circuit_closed():
    circuit = Circuit("test", (ConnectionError,))
    with pytest.raises(ZeroDivisionError):
        circuit.call(lambda: 1 / 0)
    assert not circuit.is_open


# -- saves ----------------------------------------------------------------------------
def guidance_add_form(client) -> dict:
    url = reverse("admin:guidance_document_add")
    data = form_data(client.get(url).text)
    data.update(
        title=["Hướng dẫn tổ chức Tháng Công nhân 2026"],
        document_type=[str(document_type("HD").pk)],
        number_text=["07/HD-CĐĐHQG"],
        issue_date=["02/05/2026"],
        issuer_name=["Công đoàn ĐHQG-HCM"],
        summary=["Tháng Công nhân năm 2026"],
        body=["<p>Nội dung hướng dẫn</p>"],
        recipients_all_grassroots=["on"],
        intent=["publish"],
    )
    return data


def test_publishing_guidance_to_every_unit_while_the_cache_is_down_redirects_and_distributes(
    office_client, dead_cache, django_capture_on_commit_callbacks
):
    public_pages()  # the units
    before = PageGeneration.objects.filter(pk=PageGeneration.ROW).first()
    data = guidance_add_form(office_client)
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(reverse("admin:guidance_document_add"), data)
    assert response.status_code == 302, response.context and response.context.get(
        "errors"
    )
    document = Document.objects.get(number_text="07/HD-CĐĐHQG")
    assert document.is_published
    assert Distribution.objects.filter(document=document).count() == GRASSROOTS_UNITS
    after = PageGeneration.objects.get(pk=PageGeneration.ROW)
    assert after.value == (before.value if before else 0) + 1


def test_invalidation_is_a_database_write_that_never_raises(dead_cache, caplog):
    page_cache_invalidate()
    page_cache_invalidate()
    assert PageGeneration.objects.get(pk=PageGeneration.ROW).value == 2
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.integration
def test_a_change_committed_while_the_cache_was_unreachable_is_shown_once_it_returns(
    client, settings, django_capture_on_commit_callbacks
):
    """The cache keeps its pages through the outage (a partition, or a Redis restarted
    from its snapshot); none of them may be served after a change made meanwhile."""
    from django.core.cache import cache

    cache.clear()
    settings.PAGE_CACHE_SECONDS = 300
    public_pages()
    article = Article.objects.get()
    reachable = settings.CACHES
    assert "Hội nghị đại biểu" in client.get("/tin-tuc/").text
    with CaptureQueriesContext(connection) as queries:
        client.get("/tin-tuc/")
    assert len(queries) == 0  # the page is in Redis now

    settings.CACHES = redis_cache_settings(DEAD_URL)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội nghị đã dời sang tháng sau"
        content_save(obj=article, intent=Intent.PUBLISH)
    assert "Hội nghị đã dời" in client.get("/tin-tuc/").text  # uncached meanwhile

    settings.CACHES = reachable
    cache_circuit.reset()
    text = client.get("/tin-tuc/").text
    assert "Hội nghị đã dời sang tháng sau" in text
    assert "Hội nghị đại biểu" not in text


# -- forms ----------------------------------------------------------------------------
def test_questions_are_kept_and_still_limited_while_the_cache_is_down(
    client, dead_cache, settings
):
    allowed = settings.CONSULTATION_RATE_LIMIT_PER_CONTACT[0]
    statuses = [ask(client).status_code for _ in range(allowed + 2)]
    assert statuses == [302] * allowed + [429, 429]
    assert Question.objects.filter(asker_email="hoa.nguyen@example.edu.vn").count() == (
        allowed
    )
    assert RateLimitCounter.objects.exists()


def test_a_refused_question_is_given_back_with_what_was_typed(client, dead_cache):
    limit = ask_data(client)
    for _ in range(5):
        client.post(ASK_URL, limit, REMOTE_ADDR="203.0.113.7")
    response = client.post(ASK_URL, limit, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Phụ cấp thâm niên nhà giáo được tính từ khi nào?" in response.text


def test_the_database_limiter_counts_windows_like_the_cache_does(dead_cache):
    limit = RateLimit("test-db-window", 3, 60)
    start = (time.time() // 60 + 1) * 60 + 20  # 20 s into the next minute
    assert [limit.hit("k", now=start + i) for i in range(5)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert limit.hit("other", now=start) is True
    assert limit.hit("k", now=start + 40) is True  # the next window
    assert RateLimitCounter.objects.filter(name="test-db-window").count() == 3
    limit.hit("k", now=start + 24 * 60 * 60)  # a day later: past windows are pruned
    assert RateLimitCounter.objects.filter(name="test-db-window").count() == 4
    # An e-mail address never sits in the table in clear.
    assert not RateLimitCounter.objects.filter(key_digest="k").exists()


# -- the broker -----------------------------------------------------------------------
@pytest.fixture
def dead_broker_app():
    app = Celery("outage-test", broker=DEAD_URL, set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
    app.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0}
    yield app
    app.close()


def test_enqueueing_with_the_broker_down_is_logged_and_skipped_quickly(
    dead_broker_app, caplog
):
    @dead_broker_app.task(name="outage.test")
    def task():
        pass

    started = time.perf_counter()
    assert task_enqueue(task) is False
    first = time.perf_counter() - started
    started = time.perf_counter()
    assert task_enqueue(task) is False
    assert time.perf_counter() - started < 0.05  # the circuit is open: not tried
    assert first < 3
    assert "broker unavailable: outage.test" in caplog.text


@pytest.mark.integration  # the broker's timeouts are set only with REDIS_URL
def test_a_hung_broker_costs_one_enqueue_its_timeouts_then_is_skipped():
    server = HungServer()
    app = Celery("hung-broker-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")  # as deployed
    app.conf.broker_url = f"redis://127.0.0.1:{server.port}/0"

    @app.task(name="outage.hung")
    def task():
        pass

    try:
        started = time.perf_counter()
        assert task_enqueue(task) is False
        first = time.perf_counter() - started
        started = time.perf_counter()
        assert task_enqueue(task) is False
        assert time.perf_counter() - started < 0.05
        assert first < 10, first  # two attempts of at most 2 s each, not forever
    finally:
        app.close()
        server.close()


# -- /healthz -------------------------------------------------------------------------
def test_healthz_names_what_is_unreachable_and_answers_quickly(
    client, monkeypatch, dead_broker_app
):
    scheduler_heartbeat()
    monkeypatch.setattr(health, "cache", RedisCache(DEAD_URL, {}))
    monkeypatch.setattr(health, "current_app", dead_broker_app)
    response, seconds = timed_get(client, "/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["reasons"] == ["cache: unreachable", "broker: unreachable"]
    assert body["checks"]["cache"]["detail"].startswith("unreachable: ConnectionError")
    assert body["checks"]["database"]["ok"] and body["checks"]["scheduler"]["ok"]
    assert seconds < 3


def test_the_worker_check_button_says_the_queue_is_down_instead_of_failing(
    admin_client, monkeypatch, dead_broker_app
):
    from publishing import views

    @dead_broker_app.task(name="publishing.tasks.worker_ping")
    def worker_ping():
        pass

    monkeypatch.setattr(views, "worker_ping", worker_ping)
    response = admin_client.post(reverse("admin:scheduler_ping"), follow=True)
    assert response.status_code == 200
    assert "hàng đợi tác vụ (Redis) không phản hồi" in response.text
