"""Shared fixtures and the rules for tests that need real servers or a browser.

`integration` tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); `browser`
tests need Debian's chromium. Without them the tests are skipped with one line saying
how to enable them; under CI=true a missing piece fails the run instead.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.support import services

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing_for(item) -> str | None:
    if item.get_closest_marker("integration"):
        missing = services.missing_services()
        if missing:
            return (
                f"integration tests need {', '.join(missing)}: export DATABASE_URL="
                "postgres://postgres@127.0.0.1:5432/unionportal and REDIS_URL="
                "redis://127.0.0.1:6379/0 (as .ci/run does)"
            )
    if item.get_closest_marker("libreoffice") and not shutil.which("soffice"):
        return (
            "the XLSX test needs LibreOffice: apt-get install -y libreoffice-calc-nogui"
        )
    if item.get_closest_marker("browser"):
        if not shutil.which(CHROMIUM):
            return "browser tests need Debian's chromium: apt-get install -y chromium"
        if not AXE_JS.exists():
            return "browser tests need axe-core: install npm, then `make test`"
    return None


def pytest_runtest_setup(item):
    reason = _missing_for(item)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    reasons = {
        str(report.longrepr[2]).removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    }
    for reason in sorted(reasons):
        terminalreporter.write_line(f"SKIPPED: {reason}", yellow=True)


# -- people ------------------------------------------------------------------------
@pytest.fixture
def office_staff(db):
    from tests.units.factories import office_staff_user

    return office_staff_user()


@pytest.fixture
def unit_a(db):
    from tests.units.factories import UnitFactory

    return UnitFactory(name="Công đoàn Trường Đại học Bách khoa", short_name="BK")


@pytest.fixture
def unit_b(db):
    from tests.units.factories import UnitFactory

    return UnitFactory(
        name="Công đoàn Trường Đại học Khoa học Tự nhiên", short_name="KHTN"
    )


@pytest.fixture
def unit_editor(unit_a):
    """An editor of unit_a only."""
    from tests.units.factories import editor_of

    return editor_of(unit_a)


@pytest.fixture
def editor_client(client, unit_editor):
    client.force_login(unit_editor)
    return client


@pytest.fixture
def office_client(client, office_staff):
    client.force_login(office_staff)
    return client


@pytest.fixture(autouse=True)
def closed_circuits():
    """Each test starts with Redis presumed reachable: a circuit a test opened (a dead
    port, a killed server) must not make the next test skip the cache."""
    from publishing.cache import _memo_forget
    from publishing.circuits import broker_circuit, cache_circuit

    cache_circuit.reset()
    broker_circuit.reset()
    # The page-cache generation this process remembers for a second: a test's rolled
    # back database may hold a lower one than the previous test left in the memo.
    _memo_forget()
    yield
    cache_circuit.reset()
    broker_circuit.reset()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Each test reads content types afresh: a transactional test's flush gives them
    new ids, and ContentType.objects' process-wide cache would keep the old ones for
    the deliveries' generic targets (channels.Delivery)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def fresh_page_generation():
    """Each test reads the page cache's generation afresh: a test's transaction is
    rolled back, generation and all, and a memo of it would make the next test serve
    a page cached under the same number (publishing/cache.py)."""
    from publishing.cache import _memo_forget

    _memo_forget()
    yield
    _memo_forget()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Put back the rows the data migrations seed (topics, key dates, categories).

    pytest-django runs transactional tests last, and each ends with a flush that
    empties those rows too; with --reuse-db the next session would inherit the empty
    tables, so every session starts by running the seeds again (they are idempotent).
    """
    with django_db_blocker.unblock():
        _run_data_migrations()


def _run_data_migrations():
    from django.apps import apps as global_apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    plan = dict.fromkeys(
        key
        for leaf in loader.graph.leaf_nodes()
        for key in loader.graph.forwards_plan(leaf)
    )
    with connection.schema_editor(atomic=True) as schema_editor:
        for key in plan:
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(global_apps, schema_editor)


@pytest.fixture
def eager_notifications():
    """Send each queued e-mail in-process when its task is enqueued (wrap the action
    in django_capture_on_commit_callbacks(execute=True) to fire it on "commit")."""
    from unittest import mock

    from publishing import tasks

    with mock.patch.object(
        tasks.notification_send,
        "delay",
        side_effect=lambda pk: tasks.notification_send(pk),
    ):
        yield


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the whole run: its sync API runs an event loop in
    this thread, and a second `sync_playwright()` while one is open refuses to start
    (the browser tests and the end-to-end journeys run in one session)."""
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()
