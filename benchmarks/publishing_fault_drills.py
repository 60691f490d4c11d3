"""Issue #12: the fault drills' figures (tests/publishing/test_fault_drills.py).

The drills are integration tests: each starts real Celery workers and beats on a
private redis-server and the test database, makes a failure happen (kill -9 of a
worker mid-sweep and mid-send, Redis stopped and restarted, two beats,
pg_terminate_backend mid-sweep and mid-request, a hanging Facebook) and prints one
`DRILL name: key=value, ...` line. This module runs them in a pytest of their own,
on a throwaway `test_unionportal_bench_fault_drills` database that pytest creates
and drops, and reports those lines: items due, published, lost, lateness p50/max
in seconds. Goal: nothing lost, nothing doubled, every lateness under a minute.
"""

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

from benchmarks.support import ROOT, Skip, _environment

LINE = re.compile(r"^DRILL (?P<name>[^:]+): (?P<figures>.*)$", re.MULTILINE)
TIMEOUT_SECONDS = 1200
GOAL_SECONDS = 60.0


def run() -> list[tuple[str, str]]:
    database_url = _environment.get("DATABASE_URL", "")
    parts = urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        raise Skip("the drills need PostgreSQL: DATABASE_URL=postgres://...")
    env = dict(
        os.environ,
        DATABASE_URL=parts._replace(path="/unionportal_bench_fault_drills").geturl(),
        REDIS_URL=_environment["REDIS_URL"],
        DJANGO_SETTINGS_MODULE="unionportal.settings.test",
        CI="true",  # a missing server fails instead of skipping every drill
    )
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "tests/publishing/test_fault_drills.py",
            "-o", "addopts=", "-p", "no:randomly", "-p", "no:cacheprovider",
            "-s", "-q",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
    )  # fmt: skip
    rows = []
    for match in LINE.finditer(done.stdout):
        figures = dict(
            item.split("=", 1) for item in match["figures"].split(", ") if "=" in item
        )
        late = figures.get("lateness_max_s")
        missed = late not in (None, "None") and float(late) >= GOAL_SECONDS
        lost = figures.get("lost", "0")
        value = (
            f"due {figures.get('due', '-')}, lost {lost}, "
            f"p50 {figures.get('lateness_p50_s', '-')} s, max {late or '-'} s"
        )
        extra = {
            k: v
            for k, v in figures.items()
            if k not in {"due", "published", "lost", "lateness_p50_s", "lateness_max_s"}
        }
        if extra:
            value += " (" + ", ".join(f"{k} {v}" for k, v in extra.items()) + ")"
        if lost != "0" or missed:
            value += " goal: nothing lost, < 60 s: MISSED"
        rows.append((match["name"], value))
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-1:]
        rows.append(("pytest", f"ERROR: exit {done.returncode}: {' '.join(tail)}"))
    return rows
