"""The `make run` stack (SQLite, filesystem broker, web + worker + beat under honcho).

Started in a temporary directory with no servers configured, as a newcomer would.
"""

import http.cookiejar
import json
import signal
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    BIN,
    free_port,
    processes_with,
    stack_env,
    stack_marker,
)
from tests.support.processes import start, stop, wait_for

pytestmark = pytest.mark.e2e


class Browser:
    """Just enough of a browser for the admin: cookies and the CSRF token."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, path):
        try:
            with self.opener.open(self.base_url + path, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path, data):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with self.opener.open(self.base_url + path, body, timeout=5) as response:
            return response.status, response.read()


def heartbeat(db: Path, source: str):
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT beat_at FROM publishing_schedulerheartbeat WHERE source = ?",
            (source,),
        ).fetchone()
    return row and row[0]


def test_web_worker_and_beat_run_together_and_stop_on_ctrl_c(tmp_path):
    env = stack_env(tmp_path / "var", SCHEDULER_HEARTBEAT_SECONDS="2")
    port = free_port()
    db = tmp_path / "var" / "db.sqlite3"
    honcho = start(
        [str(BIN / "honcho"), "start", "--port", str(port)],
        env=env,
        log=tmp_path / "honcho.log",
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: _answers(browser), timeout=60, what="the web process")
        status, css = browser.get("/static/css/site.css")
        assert status == 200 and b"--red" in css, "static files are not served"

        # A task sent by the web process is executed by the worker.
        browser.get("/admin/login/")
        browser.post(
            "/admin/login/?next=/admin/",
            {"username": "vanphong", "password": "congdoan-demo-2026"},
        )
        status, _body = browser.post("/admin/scheduler/ping/", {})
        assert status == 200
        wait_for(lambda: heartbeat(db, "worker"), timeout=60, what="the worker")

        # Beat ticks (every 2 s here), and /healthz reports everything healthy.
        first = wait_for(lambda: heartbeat(db, "beat"), timeout=60, what="beat")
        wait_for(lambda: heartbeat(db, "beat") != first, timeout=30, what="a tick")
        status, body = wait_for(
            lambda: (r := browser.get("/healthz"))[0] == 200 and r,
            timeout=30,
            what="a healthy /healthz",
        )
        assert json.loads(body)["status"] == "ok"
    finally:
        # Ctrl-C reaches honcho, which stops web, worker and beat.
        returncode = stop(honcho, sig=signal.SIGINT, timeout=30)
        log = (tmp_path / "honcho.log").read_text(errors="replace")
    assert returncode is not None, log
    marker = stack_marker(tmp_path / "var")
    wait_for(lambda: not processes_with(marker), timeout=20, what="children to stop")


def _answers(browser):
    try:
        return browser.get("/healthz")[0] in {200, 503}
    except OSError:
        return False
