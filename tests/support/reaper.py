"""Kill what a test run started once that run is gone, even if it was killed -9.

    python -m tests.support.reaper REGISTRY PARENT_PID

is started by tests/support/processes.py with the test run as its parent. Every
process a test starts gets its own process group, whose id is appended to REGISTRY.
When the parent dies (a finished run, Ctrl-C, kill -9) this process is re-parented;
it then sends SIGKILL to every group still listed and exits. So no worker, beat,
gunicorn or redis-server outlives the run that started it (#12).
"""

import contextlib
import os
import signal
import sys
import time
from pathlib import Path


def main(registry: Path, parent: int) -> None:
    # The parent's pid comes as an argument: read here, it would already be 1 if the
    # run died while this process was starting.
    while os.getppid() == parent:
        time.sleep(0.5)
    for line in registry.read_text().split() if registry.exists() else []:
        with contextlib.suppress(ProcessLookupError, PermissionError, ValueError):
            os.killpg(int(line), signal.SIGKILL)
    registry.unlink(missing_ok=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
