"""Start and stop the real processes (Celery worker, beat, the whole Procfile) in tests."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def test_database_env() -> dict[str, str]:
    """Environment for a child process that must use this test run's database."""
    db = connection.settings_dict
    env = dict(os.environ, DJANGO_ENV="test", PYTHONUNBUFFERED="1")
    if db["ENGINE"].endswith("postgresql"):
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}"
        )
    return env


def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stop() reaches children
    )


def stop(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout=20) -> int:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


def wait_for(condition: Callable[[], object], *, timeout: float, what: str):
    """Poll `condition` until it returns something truthy; fail with `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def celery_worker(*, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return start(
        [
            CELERY, "-A", "unionportal", "worker", "--loglevel=INFO",
            "--concurrency=2", "--without-gossip", "--without-mingle",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
        ],
        env=env or test_database_env(),
        log=log,
    )  # fmt: skip


def celery_beat(*, log: Path, env: dict[str, str]) -> subprocess.Popen:
    return start(
        [
            CELERY, "-A", "unionportal", "beat", "--loglevel=INFO",
            "--schedule", str(log.with_suffix(".schedule")),
        ],
        env=env,
        log=log,
    )  # fmt: skip
