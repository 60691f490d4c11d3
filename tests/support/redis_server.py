"""A private redis-server for fault drills: started by the test, killed with -9, restarted.

Never the shared Redis on 6379: each drill gets its own port and folder, no persistence
unless the test asks for a snapshot (`save()`), which a restart then loads.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

from tests.support.processes import reaped, unreaped

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.folder),
                "--dbfilename", "dump.rdb",
            ],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        reaped(self.process)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        self.kill()  # a failed start leaves nothing running
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def save(self) -> None:
        """Write a snapshot now, so that a restart comes back with today's keys."""
        self.client().save()

    def kill(self) -> None:
        """kill -9: no shutdown, no snapshot, sockets simply die."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            unreaped(self.process.pid)

    def stop(self) -> None:
        self.kill()
