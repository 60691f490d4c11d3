"""Which real servers this test run can reach."""

import functools
import os
import socket
from urllib.parse import urlparse


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


@functools.cache
def missing_services() -> tuple[str, ...]:
    missing = []
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        missing.append("PostgreSQL (DATABASE_URL unset)")
    elif not _reachable(database_url, 5432):
        missing.append("PostgreSQL (not reachable)")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        missing.append("Redis (REDIS_URL unset)")
    elif not _reachable(redis_url, 6379):
        missing.append("Redis (not reachable)")
    return tuple(missing)
