"""A test run killed with -9 leaves nothing running behind it (tests/support/reaper.py)."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a test does: start a long-running process (a worker, beat...) through
# tests/support/processes.py, then the whole run dies before it can stop it.
RUN = """
import sys
from pathlib import Path
from tests.support import processes
child = processes.start(["sleep", "300"], env={"PATH": "/usr/bin:/bin"},
                        log=Path(sys.argv[1]))
print(child.pid, flush=True)
import time
time.sleep(300)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie nobody reaped yet is dead for our purpose.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


def test_what_a_killed_test_run_started_is_killed_within_seconds(tmp_path):
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, str(tmp_path / "child.log")],
        cwd=ROOT,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="unionportal.settings.test"),
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(run.stdout.readline())
    assert alive(child)
    run.kill()  # kill -9 of the test run
    run.wait()
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)
