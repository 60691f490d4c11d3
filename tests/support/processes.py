"""Start and stop the real processes (Celery worker, beat, the whole Procfile) in tests."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
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


_reaper: dict[str, object] = {}


def reaped(process: subprocess.Popen) -> subprocess.Popen:
    """List `process`'s group (it must lead one) for the reaper of this test run,
    which kills it if the run dies without stopping it (tests/support/reaper.py)."""
    reap_group(process.pid)
    return process


def reap_group(pgid: int) -> None:
    """List the process group `pgid` for the reaper (see `reaped`): for the groups
    that a started process makes of its own children (honcho gives each one its own)."""
    if "registry" not in _reaper:
        handle, name = tempfile.mkstemp(prefix="unionportal-reaper-", suffix=".pids")
        os.close(handle)
        _reaper["registry"] = Path(name)
        _reaper["process"] = subprocess.Popen(
            [sys.executable, "-m", "tests.support.reaper", name, str(os.getpid())],
            cwd=ROOT,
            start_new_session=True,  # a Ctrl-C of the run must not kill it first
        )
    with _reaper["registry"].open("a") as registry:
        registry.write(f"{pgid}\n")


def unreaped(pid: int) -> None:
    """Take a stopped group off the list, so that its id, once reused by someone
    else's process, is never killed."""
    registry = _reaper.get("registry")
    if registry is None or not registry.exists():
        return
    lines = [line for line in registry.read_text().split() if line != str(pid)]
    registry.write_text("".join(f"{line}\n" for line in lines))


def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stop() reaches children
    )
    return reaped(process)


def stop(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout=20) -> int:
    """Stop `process` and every process of its group, then take it off the reaper's
    list. The group is killed even when its leader is gone already: a Celery worker
    whose main process died leaves its pool children running in the group."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    unreaped(process.pid)
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
