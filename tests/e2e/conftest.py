"""The `make run` stack for end-to-end tests, and a Vietnamese browser to drive it.

The stack is what a newcomer gets: SQLite, the filesystem broker, web + worker + beat
under honcho, in a temporary directory with no servers configured and the demo
content loaded. Journeys share one stack per module (`run_stack`); it is stopped
when the module ends, whatever happened in its tests.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.support.processes import (
    ROOT,
    reap_group,
    start,
    stop,
    unreaped,
    wait_for,
)

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "var" / "e2e-screenshots"  # kept by CI as artefacts
DEMO_PASSWORD = "congdoan-demo-2026"
# Beat wakes the publishing sweep this often in the journeys' stack (a minute when
# deployed), so a post is seen live seconds after it is due, not up to a minute.
SWEEP_SECONDS = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh clone (no servers), migrated and with demo data."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1", **extra)
    for command in (["migrate", "--noinput"], ["demo_load"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return env


def processes_with(marker: str) -> list[int]:
    """Processes whose environment holds `marker` (a stack's own VAR_DIR)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if (
                proc.name.isdigit()
                and marker.encode() in (proc / "environ").read_bytes()
            ):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def stack_marker(var_dir: Path) -> str:
    return f"VAR_DIR={var_dir}\0"


def get(url: str) -> tuple[int, bytes]:
    """GET `url`; a refused or timed-out request answers (0, b"")."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def answers(url: str) -> bool:
    return get(url + "/healthz")[0] in {200, 503}


def healthy(url: str) -> bool:
    status, body = get(url + "/healthz")
    return status == 200 and json.loads(body).get("status") == "ok"


@dataclass
class Stack:
    url: str
    var_dir: Path
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def run_stack(tmp_path_factory):
    """One `make run` stack for the module: honcho starting the Procfile's web,
    worker and beat. Stopped with Ctrl-C at the end; whatever survives (honcho gives
    each process its own group) is killed by group."""
    root = tmp_path_factory.mktemp("stack")
    var_dir = root / "var"
    env = stack_env(
        var_dir,
        SCHEDULER_HEARTBEAT_SECONDS=str(SWEEP_SECONDS),
        PUBLISHING_SWEEP_SECONDS=str(SWEEP_SECONDS),
    )
    port = free_port()
    log = root / "honcho.log"
    honcho = start(
        [str(BIN / "honcho"), "start", "--port", str(port)], env=env, log=log
    )
    stack = Stack(url=f"http://127.0.0.1:{port}", var_dir=var_dir, log=log)
    marker = stack_marker(var_dir)
    groups = []
    try:
        wait_for(lambda: answers(stack.url), timeout=120, what="the web process")
        wait_for(
            lambda: healthy(stack.url),
            timeout=120,
            what="a healthy stack (worker and beat reporting)",
        )
        # honcho starts each process in its own group: list those with the reaper
        # too, so that even a killed test run leaves none behind.
        for pid in processes_with(marker):
            with contextlib.suppress(ProcessLookupError):
                if pid != honcho.pid and os.getpgid(pid) == pid:
                    reap_group(pid)
                    groups.append(pid)
        yield stack
    finally:
        stop(honcho, sig=signal.SIGINT, timeout=30)
        deadline = time.monotonic() + 10
        while processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in processes_with(marker):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(os.getpgid(pid), signal.SIGKILL)
        for pgid in groups:
            unreaped(pgid)


# -- the browser -------------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the call's report on the test, so a journey's fixture knows it failed."""
    report = yield
    if report.when == "call":
        item.report_call = report
    return report


@pytest.fixture(scope="module")
def vietnamese_chromium(playwright_driver):
    """Debian's chromium in Vietnamese, as the office's computers are: the native
    date-time picker then shows Vietnamese fields in Vietnamese order (it follows the
    browser's language, which needs the chromium-l10n package; Playwright's `locale`
    changes only what pages are told)."""
    if not (
        AXE_JS.exists()
        and shutil.which(CHROMIUM)
        and Path("/usr/lib/chromium/locales/vi.pak").exists()
    ):
        reason = (
            "the journeys need chromium in Vietnamese and axe-core: apt-get install "
            "-y chromium chromium-l10n, then `make test` (npm ci)"
        )
        pytest.fail(f"CI=true and {reason}") if IN_CI else pytest.skip(reason)
    from tests.browser.conftest import CHROMIUM_ARGS

    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        env={**os.environ, "LANGUAGE": "vi", "LANG": "vi_VN.UTF-8"},
    )
    yield browser
    browser.close()


@dataclass
class Journey:
    """One person's journey: numbered screenshots of each step and an axe-core scan
    of each page visited; the `journey` fixture fails on any serious or critical
    violation and on console errors."""

    name: str
    page: object
    folder: Path = field(init=False)
    steps: int = 0
    violations: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.folder = SCREENSHOTS / self.name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def shot(self, step: str) -> None:
        self.steps += 1
        self.page.screenshot(
            path=self.folder / f"{self.steps:02d}-{step}.png", full_page=True
        )

    def scan(self, step: str) -> None:
        """Screenshot, then axe-core on the page as it is now (serious, critical)."""
        self.shot(step)
        self.page.evaluate(AXE_JS.read_text())
        result = self.page.evaluate("async () => await axe.run(document)")
        self.violations += [
            {
                "page": self.page.url,
                "step": step,
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]


@pytest.fixture
def journey(request, vietnamese_chromium, run_stack):
    from tests.browser.conftest import ConsoleGuard

    context = vietnamese_chromium.new_context(
        viewport={"width": 1280, "height": 900},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=run_stack.url,
    )
    context.set_default_timeout(30_000)  # a loaded 2-core machine, one runserver
    page = context.new_page()
    guard = ConsoleGuard(page)
    name = request.node.name.removeprefix("test_").replace("_", "-")
    journey = Journey(name=name, page=page)
    yield journey
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        with contextlib.suppress(Exception):  # where the journey stopped
            journey.shot("failed-here")
    (journey.folder / "axe-violations.json").write_text(
        json.dumps(journey.violations, ensure_ascii=False, indent=1)
    )
    context.close()
    assert guard.errors == [], "console errors on the page"
    assert journey.violations == [], json.dumps(
        journey.violations, ensure_ascii=False, indent=1
    )
