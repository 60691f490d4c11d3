"""What every benchmark shares.

- `bench_database(name)`: a fresh, migrated PostgreSQL database for one module,
  dropped afterwards; Django's default connection points at it meanwhile.
- `count_queries(path)`: the queries one anonymous GET runs (after a warm-up GET).
- `gunicorn_server(database=...)`: gunicorn (2 sync workers, production settings,
  Redis) on a free port of 127.0.0.1, serving that database.
- `load(url)`: requests/s from wrk (4 connections, ~10 s), or a small Python load
  generator when wrk is missing.
- `units_bulk_create`, `leaders_bulk_create`, `articles_bulk_create`: data at scale
  with bulk_create, filling the fields the services would (slug, search text, status).

A benchmark raises `Skip("why")` when this machine cannot run it; the harness prints
the reason and goes on with the next module.
"""

import functools
import http.client
import logging
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# The harness's own connection points here until a module opens its bench database,
# so a benchmark that forgets bench_database() fails instead of writing elsewhere.
UNSET_DATABASE = "unionportal_bench_unset"
# BENCH_DATABASE_PREFIX keeps two checkouts benchmarking on one server apart.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "unionportal_bench_")
GUNICORN_WORKERS = 2
LOAD_CONNECTIONS = 4
LOAD_SECONDS = 10.0


class Skip(Exception):  # noqa: N818 (reads as `raise Skip("no PostgreSQL")`)
    """This machine cannot run the benchmark; the message says what is missing."""


# ---------------------------------------------------------------------------
# Environment of the harness process (before django.setup())
# ---------------------------------------------------------------------------
_environment: dict[str, str] = {}


def prepare_environment() -> None:
    """Settle the harness's environment before Django reads it.

    The harness runs on the test settings (no real e-mail, tasks kept in memory) with
    a local-memory cache, so the page cache is off and query counts are the views'
    own. Redis is kept for the gunicorn that benchmarks start.
    """
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    _environment["DATABASE_URL"] = database_url
    _environment["REDIS_URL"] = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    parts = urlsplit(database_url)
    if parts.scheme in {"postgres", "postgresql", "pgsql", "psql"}:
        database_url = parts._replace(path=f"/{UNSET_DATABASE}").geturl()
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = (
        ""  # empty wins over a .env file (read_env only sets defaults)
    )
    os.environ["DJANGO_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "unionportal.settings.test"
    var_dir = tempfile.mkdtemp(prefix="unionportal-bench-")
    os.environ["VAR_DIR"] = var_dir
    _cleanup_at_exit(var_dir)


def _cleanup_at_exit(path: str) -> None:
    import atexit

    atexit.register(shutil.rmtree, path, ignore_errors=True)


# ---------------------------------------------------------------------------
# A throwaway PostgreSQL database
# ---------------------------------------------------------------------------
def _server_params() -> dict:
    from django.db import connections

    db = connections["default"].settings_dict
    if not db["ENGINE"].endswith("postgresql"):
        raise Skip(
            "DATABASE_URL must point at PostgreSQL "
            f"(e.g. {DEFAULT_DATABASE_URL}); it selects {db['ENGINE']}"
        )
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def _maintenance(statement: str) -> None:
    """Run one statement on the server's `postgres` database, in autocommit."""
    import psycopg2

    params = _server_params()
    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=3, **params)
    except psycopg2.OperationalError as error:
        raise Skip(
            f"PostgreSQL is not reachable at {params['host']}:{params['port']} as "
            f"{params['user']} ({str(error).strip().splitlines()[0]}); set "
            "DATABASE_URL=postgres://USER[:PASSWORD]@HOST:PORT/ANY"
        ) from error
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def database_url(name: str) -> str:
    """The URL of database `name` on the benchmark server (for child processes)."""
    params = _server_params()
    password = f":{params['password']}" if params["password"] else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"


def _reset_process_caches() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


@contextmanager
def bench_database(name: str) -> Iterator[str]:
    """A fresh migrated database `unionportal_bench_<name>` for the duration.

    `name` is the module's short name (pass `__name__`; the package part is dropped).
    A database left by an interrupted run is dropped first. Raises Skip when
    PostgreSQL is not configured or not reachable.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    short = name.rsplit(".", 1)[-1]
    if not re.fullmatch(r"[a-z0-9_]+", short):
        raise ValueError(f"bench database name must be [a-z0-9_]+, not {short!r}")
    database = f"{DATABASE_PREFIX}{short}"
    connection = connections["default"]
    _maintenance(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _maintenance(f'CREATE DATABASE "{database}"')
    previous = connection.settings_dict["NAME"]
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = database
    connection.settings_dict["NAME"] = database
    _reset_process_caches()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield database
    finally:
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = previous
        connection.settings_dict["NAME"] = previous
        _reset_process_caches()
        _maintenance(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def vacuum_analyze(*tables: str) -> None:
    """Give the planner fresh statistics, as autovacuum would on a live site."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


# ---------------------------------------------------------------------------
# Queries per request
# ---------------------------------------------------------------------------
@dataclass
class Queries:
    path: str
    sql: list[str]
    content: str = field(default="", repr=False)

    @property
    def count(self) -> int:
        return len(self.sql)

    def shapes(self) -> list[tuple[str, int]]:
        """Distinct statements (literals blanked), most repeated first."""
        blank = re.compile(r"'(?:[^']|'')*'|\b\d+\b")
        counts = Counter(blank.sub("?", sql) for sql in self.sql)
        return counts.most_common()

    def report(self) -> str:
        lines = [f"  {self.count} queries for GET {self.path}:"]
        for sql, times in self.shapes():
            lines.append(f"    {times}x {sql[:220]}")
        return "\n".join(lines)


def count_queries(path: str, *, warm: bool = True) -> Queries:
    """The queries an anonymous GET of `path` runs; the page must answer 200.

    One warm-up GET first (per-process caches such as content types fill once per
    worker, not per request), then the counted one.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)  # the client raises the error itself
    try:
        if warm:
            client.get(path)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
    finally:
        request_logger.setLevel(level)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}, not 200")
    return Queries(
        path=path,
        sql=[q["sql"] for q in context.captured_queries],
        content=response.content.decode(),
    )


def require(condition: bool, what: str) -> None:
    """Stop the benchmark when its setup did not produce what it measures."""
    if not condition:
        raise RuntimeError(f"benchmark setup failed: {what}")


# ---------------------------------------------------------------------------
# gunicorn under production settings
# ---------------------------------------------------------------------------
def redis_url() -> str:
    """The Redis the served site uses; Skip when it does not answer."""
    import redis

    url = _environment.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise Skip(
            f"Redis is not reachable at {url} ({error}); set REDIS_URL"
        ) from error
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(*, database: str, var_dir: str, extra: dict[str, str]) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(database),
        REDIS_URL=redis_url(),
        VAR_DIR=var_dir,
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@cache
def _collected_static() -> str:
    """A VAR_DIR holding collectstatic's output (hashed names), made once per run."""
    var_dir = tempfile.mkdtemp(prefix="unionportal-bench-static-")
    _cleanup_at_exit(var_dir)
    env = _production_env(database=UNSET_DATABASE, var_dir=var_dir, extra={})
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return var_dir


def _get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target or "/")
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn_server(
    *, database: str, env: dict[str, str] | None = None, workers: int = GUNICORN_WORKERS
) -> Iterator[str]:
    """gunicorn serving `database` with production settings; yields its base URL.

    2 sync workers from the venv, DJANGO_ENV=production with benchmarks.settings (the
    project's URLs plus /bench/ok), Redis as cache with a key prefix of its own (its
    keys are deleted afterwards), static files collected into a temporary VAR_DIR.
    `env` adds or overrides variables, e.g. {"PAGE_CACHE_SECONDS": "0"}.
    """
    import redis

    port = _free_port()
    prefix = f"unionportal-bench-{database}-{port}"
    var_dir = _collected_static()
    server_env = _production_env(
        database=database,
        var_dir=var_dir,
        extra={"CACHE_KEY_PREFIX": prefix, "SITE_URL": f"http://127.0.0.1:{port}"},
    )
    server_env.update(env or {})
    log_dir = Path(tempfile.mkdtemp(prefix="unionportal-bench-gunicorn-"))
    log = log_dir / "gunicorn.log"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    args = [
        gunicorn, "unionportal.wsgi:application",
        "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT),
        "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    with log.open("wb") as handle:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=server_env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() reaches workers
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process, log)
        yield base
    finally:
        _stop(process)
        try:
            client = redis.Redis.from_url(server_env["REDIS_URL"])
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass
        shutil.rmtree(log_dir, ignore_errors=True)


def _wait_until_serving(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start:\n{log.read_text()[-3000:]}")
        try:
            status, _body = _get(f"{base}/bench/ok", timeout=2)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise RuntimeError(f"gunicorn answered {status}:\n{log.read_text()[-3000:]}")
    raise RuntimeError(f"gunicorn did not answer in 60 s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_page(url: str) -> bytes:
    """GET `url` once; it must answer 200 (the setup works before we load it)."""
    status, body = _get(url, timeout=30)
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}, not 200")
    return body


# ---------------------------------------------------------------------------
# Load generator
# ---------------------------------------------------------------------------
@dataclass
class Load:
    url: str
    tool: str
    seconds: float
    connections: int
    requests: int
    rate: float  # requests per second
    p50_ms: float
    p99_ms: float
    socket_errors: int = 0
    spread: tuple[float, float] | None = None  # (slowest, fastest) of several slices

    def __str__(self) -> str:
        text = f"{self.rate:,.0f} req/s"
        if self.spread:
            text += f" [{self.spread[0]:,.0f}–{self.spread[1]:,.0f}]"
        text += f" (p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms)"
        if self.socket_errors:
            text += f", {self.socket_errors} socket errors"
        return text


def load_tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def load(
    url: str, *, seconds: float = LOAD_SECONDS, connections: int = LOAD_CONNECTIONS
) -> Load:
    """Hit `url` (on 127.0.0.1 only) with `connections` keep-alive clients.

    wrk when installed (Debian: apt-get install -y wrk), otherwise a Python generator
    of one process per connection. Any non-2xx answer is a broken setup: RuntimeError.
    """
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"load() only targets 127.0.0.1, not {url}")
    if load_tool() == "wrk":
        return _wrk(url, seconds, connections)
    return _python_load(url, seconds, connections)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS_MS[unit]


def _wrk(url: str, seconds: float, connections: int) -> Load:
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
         "--timeout", "10s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} non-2xx answers under load")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    return Load(
        url=url,
        tool="wrk",
        seconds=seconds,
        connections=connections,
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        socket_errors=sum(map(int, errors.groups())) if errors else 0,
    )


def _python_client(url: str, deadline: float, results) -> None:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, bad, errors = [], 0, 0
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    while (start := time.perf_counter()) < deadline:
        try:
            conn.request("GET", target)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            continue
        latencies.append(time.perf_counter() - start)
        if not 200 <= response.status < 400:
            bad += 1
    conn.close()
    results.put((latencies, bad, errors))


def _python_load(url: str, seconds: float, connections: int) -> Load:
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = time.perf_counter()
    deadline = start + seconds
    workers = [
        context.Process(target=_python_client, args=(url, deadline, results))
        for _ in range(connections)
    ]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(x for lat, _bad, _err in collected for x in lat)
    bad = sum(b for _lat, b, _err in collected)
    if bad:
        raise RuntimeError(f"{url}: {bad} non-2xx answers under load")
    return Load(
        url=url,
        tool="python",
        seconds=seconds,
        connections=connections,
        requests=len(latencies),
        rate=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        socket_errors=sum(e for _lat, _bad, e in collected),
    )


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (any order); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


# ---------------------------------------------------------------------------
# Vietnamese content at scale
# ---------------------------------------------------------------------------
TITLE_OPENINGS = (
    "Hội nghị tổng kết", "Đại hội đại biểu", "Tập huấn nghiệp vụ", "Chương trình chăm lo",
    "Trao quà Tết", "Giải bóng đá", "Hội thao", "Tọa đàm", "Phát động thi đua",
    "Lễ kỷ niệm", "Tuyên dương", "Hướng dẫn triển khai", "Thăm hỏi", "Ngày hội",
    "Hội nghị người lao động", "Sơ kết", "Hội thi", "Gặp mặt", "Khám sức khỏe định kỳ",
    "Trao học bổng", "Hiến máu nhân đạo", "Tổ chức nghỉ dưỡng", "Ra mắt", "Khen thưởng",
)  # fmt: skip
TITLE_SUBJECTS = (
    "công tác công đoàn", "đoàn viên công đoàn", "cán bộ nữ công", "an toàn vệ sinh lao động",
    "Mái ấm Công đoàn", "Tết sum vầy", "người lao động", "cán bộ công đoàn cơ sở",
    "pháp luật lao động", "văn hóa công sở", "chuyển đổi số", "Tháng Công nhân",
    "gia đình nhà giáo", "Ngày Phụ nữ Việt Nam 20/10", "Ngày Nhà giáo Việt Nam 20/11",
    "Quốc tế Lao động 1/5", "con đoàn viên vượt khó học giỏi", "thương lượng tập thể",
    "quy chế dân chủ cơ sở", "phong trào thi đua dạy tốt, học tốt", "Ngày hội văn hóa",
    "đoàn viên có hoàn cảnh khó khăn", "Tháng hành động về an toàn, vệ sinh lao động",
    "gương người tốt việc tốt", "văn nghệ quần chúng", "sức khỏe người lao động",
)  # fmt: skip
TITLE_ENDINGS = (
    "năm học 2024 - 2025", "năm học 2025 - 2026", "nhiệm kỳ 2023 - 2028",
    "tại Trường Đại học Bách khoa", "tại Trường Đại học Khoa học Tự nhiên",
    "tại Trường Đại học Khoa học Xã hội và Nhân văn", "tại Trường Đại học Quốc tế",
    "tại Trường Đại học Công nghệ Thông tin", "tại Trường Đại học Kinh tế - Luật",
    "tại Khu đô thị ĐHQG-HCM", "của Công đoàn ĐHQG-HCM", "tại Viện Môi trường và Tài nguyên",
    "tại Trường Đại học An Giang", "tại Trường Đại học Khoa học Sức khỏe", "",
)  # fmt: skip
SENTENCES = (
    "Công đoàn ĐHQG-HCM luôn quan tâm chăm lo đời sống vật chất và tinh thần của đoàn viên.",
    "Ban Chấp hành Công đoàn cơ sở đã phối hợp với chuyên môn tổ chức chương trình chu đáo.",
    "Đồng chí Chủ tịch Công đoàn phát biểu ghi nhận những đóng góp của cán bộ, viên chức.",
    "Chương trình thu hút hơn 300 đoàn viên công đoàn và người lao động tham gia.",
    "Các đại biểu đã thảo luận sôi nổi về quyền lợi hợp pháp, chính đáng của người lao động.",
    "Hội nghị thống nhất thông qua nghị quyết và chương trình hành động của nhiệm kỳ mới.",
    "Nhân dịp này, Công đoàn trao tặng 50 suất quà cho đoàn viên có hoàn cảnh khó khăn.",
    "Mái ấm Công đoàn là hoạt động ý nghĩa, giúp đoàn viên an cư để yên tâm công tác.",
    "Chương trình Tết sum vầy mang đến niềm vui cho gia đình đoàn viên trước thềm năm mới.",
    "Lớp tập huấn trang bị kiến thức về pháp luật lao động và kỹ năng thương lượng tập thể.",
    "Tháng hành động về an toàn, vệ sinh lao động được triển khai đồng bộ tại các đơn vị.",
    "Ban Nữ công tổ chức tọa đàm về bình đẳng giới và vai trò của phụ nữ trong gia đình.",
    "Giải bóng đá nam nữ là sân chơi bổ ích, tăng cường sự gắn kết giữa các công đoàn cơ sở.",
    "Phong trào thi đua dạy tốt, học tốt tiếp tục được đẩy mạnh trong toàn hệ thống.",
    "Nhiều tập thể và cá nhân tiêu biểu được khen thưởng vì thành tích xuất sắc.",
    "Công đoàn cơ sở thực hiện tốt quy chế dân chủ ở cơ sở và hội nghị người lao động.",
    "Đợt khám sức khỏe định kỳ giúp đoàn viên chủ động theo dõi và chăm sóc sức khỏe.",
    "Học bổng con đoàn viên vượt khó học giỏi được trao cho 120 em học sinh, sinh viên.",
    "Ngày hội hiến máu nhân đạo tiếp nhận hơn 400 đơn vị máu từ cán bộ và sinh viên.",
    "Hội thi văn nghệ quần chúng diễn ra trong không khí vui tươi, đoàn kết.",
    "Công tác chuyển đổi số trong hoạt động công đoàn giúp quản lý đoàn viên thuận tiện hơn.",
    "Đoàn đã đến thăm hỏi, động viên đoàn viên ốm đau và gia đình có người thân qua đời.",
    "Chuyến nghỉ dưỡng tại Vũng Tàu giúp đoàn viên tái tạo sức lao động sau năm học bận rộn.",
    "Gương người tốt việc tốt được biểu dương để lan tỏa tinh thần tương thân tương ái.",
    "Việc làm mới, cách làm hay của các công đoàn cơ sở được chia sẻ rộng rãi.",
    "Thông tin đối ngoại giúp đoàn viên hiểu rõ hơn về hợp tác quốc tế của Đại học Quốc gia.",
    "Cán bộ công đoàn cần tỉnh táo phản bác các quan điểm sai trái, thù địch trên mạng xã hội.",
    "Ngày Nhà giáo Việt Nam 20/11 là dịp tri ân thầy cô đã tận tụy với sự nghiệp giáo dục.",
    "Ngày Phụ nữ Việt Nam 20/10 được tổ chức với nhiều hoạt động ý nghĩa dành cho nữ đoàn viên.",
    "Quốc tế Lao động 1/5 và Tháng Công nhân là dịp tôn vinh người lao động.",
    "Văn phòng Công đoàn đề nghị các đơn vị gửi báo cáo trước ngày 15 hằng tháng.",
    "Kinh phí công đoàn được sử dụng đúng mục đích, công khai và minh bạch.",
    "Nguyễn Thị Hồng Nhung, Phó Chủ tịch Công đoàn, trình bày báo cáo tổng kết.",
    "Trần Văn Đức, đoàn viên Khoa Vật lý, được vinh danh vì nhiều năm hiến máu tình nguyện.",
    "Lê Hoàng Phúc chia sẻ kinh nghiệm tổ chức hoạt động văn hóa văn nghệ tại đơn vị.",
    "Đoàn viên được hướng dẫn sử dụng ứng dụng Công đoàn Việt Nam trên điện thoại.",
    "Các công đoàn cơ sở tiếp tục vận động đoàn viên tham gia Quỹ Xã hội của Công đoàn.",
    "Chương trình kết thúc trong không khí ấm áp, đầy ý nghĩa.",
)  # fmt: skip
SUMMARIES = (
    "Công đoàn tổ chức chương trình với sự tham gia của đông đảo đoàn viên.",
    "Hoạt động nằm trong kế hoạch chăm lo đời sống đoàn viên năm học mới.",
    "Sự kiện góp phần nâng cao nhận thức của người lao động về quyền và nghĩa vụ.",
    "Nhiều tập thể, cá nhân được biểu dương tại chương trình.",
    "Đây là hoạt động thường niên của Công đoàn ĐHQG-HCM.",
)  # fmt: skip
TAG_NAMES = (
    "đại hội", "tết", "nữ công", "thể thao", "văn nghệ", "học bổng", "hiến máu", "sức khỏe",
    "pháp luật", "khen thưởng", "chuyển đổi số", "nhà giáo", "mái ấm", "an toàn lao động",
    "thương lượng tập thể", "nghỉ dưỡng", "thăm hỏi", "thi đua", "đối ngoại", "dân chủ",
)  # fmt: skip
SCHOOLS = (
    "Bách khoa", "Khoa học Tự nhiên", "Khoa học Xã hội và Nhân văn", "Quốc tế",
    "Công nghệ Thông tin", "Kinh tế - Luật", "An Giang", "Khoa học Sức khỏe",
    "Môi trường và Tài nguyên", "Đông Á", "Phân hiệu Bến Tre", "Thể dục Thể thao",
)  # fmt: skip
LEADER_NAMES = (
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thị Dung", "Huỳnh Văn Đức",
    "Võ Thị Giang", "Đặng Minh Hải", "Bùi Thị Hạnh", "Đỗ Quang Khải", "Hồ Thị Lan",
)  # fmt: skip
LEADER_ROLES = (
    "Chủ tịch",
    "Phó Chủ tịch",
    "Ủy viên Ban Thường vụ",
    "Ủy viên Ban Chấp hành",
)


SENTENCE_TEMPLATES = (
    "Ngày {day}/{month}/{year}, {unit} tổ chức {activity} với sự tham gia của {count} đoàn viên.",
    "{name}, {role} {unit}, phát biểu về {topic}.",
    "{activity} tại {place} thu hút đông đảo cán bộ, giảng viên và người lao động.",
    "Đồng chí {name} được tặng giấy khen vì thành tích trong {topic}.",
    "{unit} đã hỗ trợ {count} triệu đồng cho đoàn viên {name} gặp hoàn cảnh khó khăn.",
    "Trong năm {year}, {unit} đã triển khai {activity} gắn với {topic}.",
    "Theo {name}, {topic} cần được quan tâm hơn trong thời gian tới.",
    "Khoa {faculty} phối hợp với {unit} tổ chức {activity} cho {count} người lao động.",
)  # fmt: skip
FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
MIDDLE = ("Văn", "Thị", "Hoàng", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Thu", "Đức")
GIVEN = (
    "An", "Bình", "Cường", "Dung", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nhung", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
    "Tuấn", "Uyên", "Vy", "Yến",
)  # fmt: skip
FACULTIES = (
    "Vật lý", "Hóa học", "Sinh học", "Toán - Tin học", "Ngữ văn", "Lịch sử", "Địa lý",
    "Điện - Điện tử", "Cơ khí", "Xây dựng", "Kỹ thuật Hóa học", "Môi trường",
    "Khoa học Máy tính", "Kinh tế học", "Luật", "Y", "Dược", "Ngôn ngữ Anh",
)  # fmt: skip
ACTIVITIES = (
    "hội thao truyền thống", "lớp tập huấn kỹ năng", "chương trình thăm hỏi", "ngày hội gia đình",
    "hội thi nấu ăn", "giải cầu lông", "giải bóng chuyền", "chuyến tham quan học tập",
    "buổi tọa đàm", "đêm văn nghệ", "hội thi cắm hoa", "giải chạy bộ", "buổi nói chuyện chuyên đề",
)  # fmt: skip
TOPICS = (
    "chăm lo đời sống đoàn viên", "an toàn vệ sinh lao động", "bình đẳng giới",
    "quy chế dân chủ cơ sở", "thương lượng tập thể", "phòng chống bạo lực gia đình",
    "chuyển đổi số", "văn hóa công sở", "chính sách tiền lương", "bảo hiểm xã hội",
    "nhà ở cho người lao động", "sức khỏe tinh thần", "đổi mới sáng tạo",
)  # fmt: skip
SENTENCE_POOL_SIZE = 4000


@cache
def _sentence_pool() -> tuple[list[str], list[float]]:
    """Sentences with Zipf-like weights: a few in most articles, most in few.

    Real news mixes boilerplate ("Công đoàn ĐHQG-HCM...") with names, dates and
    places that occur rarely; a search benchmark over uniformly reused sentences
    would make every term common and every search slow.
    """
    rng = random.Random(20_251_126)
    pool = list(SENTENCES)
    while len(pool) < SENTENCE_POOL_SIZE:
        sentence = rng.choice(SENTENCE_TEMPLATES).format(
            day=rng.randint(1, 28),
            month=rng.randint(1, 12),
            year=rng.randint(2019, 2026),
            unit=f"Công đoàn Trường Đại học {rng.choice(SCHOOLS)}",
            activity=rng.choice(ACTIVITIES),
            count=rng.randint(10, 900),
            name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            role=rng.choice(LEADER_ROLES),
            topic=rng.choice(TOPICS),
            place=f"Khu đô thị ĐHQG-HCM, tòa {rng.choice('ABCDEFGH')}{rng.randint(1, 9)}",
            faculty=rng.choice(FACULTIES),
        )
        pool.append(sentence[0].upper() + sentence[1:])
    rng.shuffle(pool)
    weights, total = [], 0.0
    for rank in range(len(pool)):
        total += 1 / (rank + 1)
        weights.append(total)
    return pool, weights


def article_text(rng: random.Random, *, sentences: tuple[int, int] = (6, 14)):
    """(title, summary, body HTML) of a plausible union news article."""
    title = " ".join(
        part
        for part in (
            rng.choice(TITLE_OPENINGS),
            rng.choice(TITLE_SUBJECTS),
            rng.choice(TITLE_ENDINGS),
        )
        if part
    )
    pool, cum_weights = _sentence_pool()
    chosen = list(
        dict.fromkeys(
            rng.choices(pool, cum_weights=cum_weights, k=rng.randint(*sentences))
        )
    )
    paragraphs = [chosen[i : i + 3] for i in range(0, len(chosen), 3)]
    body = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs)
    return title, rng.choice(SUMMARIES), body


def _folded_text(title: str, summary: str, body: str) -> str:
    """fold(title summary text-of-body), as content_save stores it, sentence by sentence.

    fold() works character by character and collapses whitespace, so folding the
    parts (each cached: the sentences repeat) and joining them with spaces gives the
    same string much faster. articles_bulk_create checks that on a sample.
    """
    parts = re.split(r"</?p>|(?<=\.) ", body)
    return " ".join(_fold_cached(p) for p in (title, summary, *parts) if p.strip())


@functools.lru_cache(maxsize=20_000)
def _fold_cached(text: str) -> str:
    from publishing.text import fold

    return fold(text)


def units_bulk_create(count: int, *, start: int = 0, rng: random.Random | None = None):
    """`count` active grassroots unions with unique names, slugs and search text."""
    from publishing.text import fold, slugify_vi
    from units.models import Unit

    rng = rng or random.Random(start)
    units = []
    for number in range(start, start + count):
        school = SCHOOLS[number % len(SCHOOLS)]
        name = f"Công đoàn cơ sở Trường Đại học {school} số {number + 1}"
        short_name = f"CĐCS {number + 1}"
        units.append(
            Unit(
                name=name,
                short_name=short_name,
                slug=slugify_vi(name, max_length=80),
                kind=Unit.Kind.GRASSROOTS,
                name_key=fold(name),
                search_text=fold(f"{name} {short_name}"),
                introduction=f"<p>{rng.choice(SENTENCES)}</p>",
                address="Phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh",
                email=f"congdoan{number + 1}@example.edu.vn",
                member_count=rng.randint(20, 900),
                order=number,
            )
        )
    return Unit.objects.bulk_create(units, batch_size=1000)


def leaders_bulk_create(unit, count: int) -> list:
    from units.models import Leader

    leaders = [
        Leader(
            unit=unit,
            full_name=f"{LEADER_NAMES[n % len(LEADER_NAMES)]} {n + 1}",
            role=LEADER_ROLES[min(n, len(LEADER_ROLES) - 1)],
            order=n,
        )
        for n in range(count)
    ]
    return Leader.objects.bulk_create(leaders)


def tags_bulk_create() -> list:
    from news.models import Tag
    from publishing.text import slugify_vi

    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify_vi(name)) for name in TAG_NAMES],
        ignore_conflicts=True,
    )
    return list(Tag.objects.all())


@dataclass
class ArticleBatch:
    """What `articles_bulk_create` made, for picking URLs to benchmark."""

    count: int
    first_pk: int = 0
    last_pk: int = 0
    slugs_sample: list[str] = field(default_factory=list)


def articles_bulk_create(
    count: int,
    *,
    units: Sequence = (),
    status: str | None = None,
    publish_at: datetime | None = None,
    now: datetime | None = None,
    seed: int = 0,
    batch_size: int = 2000,
    with_covers: bool = True,
) -> ArticleBatch:
    """`count` articles with 1-2 categories and 0-3 tags each, as the services leave them.

    Published by default (published_at spread over three years, office articles and
    every fifth unit article on the home page, one in 40 featured). With
    `status=Status.SCHEDULED` and `publish_at` they wait for the sweep instead.
    Slug, folded search text and the cover's renditions are filled in here, the way
    content_save and the renditions task would.
    """
    from django.db import transaction
    from django.utils import timezone

    from news.models import Article, Category
    from publishing.models import Status
    from publishing.text import fold, slugify_vi

    rng = random.Random(seed)
    now = now or timezone.now()
    status = status or Status.PUBLISHED
    categories = list(Category.objects.values_list("pk", flat=True))
    tags = [t.pk for t in tags_bulk_create()]
    units = list(units)
    through_categories = Article.categories.through
    through_tags = Article.tags.through
    result = ArticleBatch(count=count)
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        articles = []
        for n in range(made, made + size):
            title, summary, body = article_text(rng)
            unit = units[n % len(units)] if units and rng.random() < 0.3 else None
            published = status == Status.PUBLISHED
            published_at = now - timedelta(minutes=n * 157 % (3 * 365 * 24 * 60) + 1)
            cover = {}
            if with_covers:
                cover = _cover_fields(n, published_at)
            articles.append(
                Article(
                    title=title,
                    slug=f"{slugify_vi(title, max_length=60)}-{seed}-{n}",
                    summary=summary,
                    body=body,
                    status=status,
                    publish_at=publish_at,
                    published_at=published_at if published else None,
                    on_home=published and (unit is None or n % 5 == 0),
                    featured=published and n % 40 == 0,
                    unit=unit,
                    search_text=_folded_text(title, summary, body),
                    view_count=rng.randint(0, 5000),
                    **cover,
                )
            )
        sample = articles[0]
        require(
            sample.search_text == fold(sample.get_search_text()),
            "bulk search text equals what content_save stores",
        )
        with transaction.atomic():
            created = Article.objects.bulk_create(articles)
            through_categories.objects.bulk_create(
                [
                    through_categories(article_id=a.pk, category_id=c)
                    for a in created
                    for c in rng.sample(categories, rng.choice((1, 1, 2)))
                ]
            )
            through_tags.objects.bulk_create(
                [
                    through_tags(article_id=a.pk, tag_id=t)
                    for a in created
                    for t in rng.sample(tags, rng.choice((0, 1, 2, 3)))
                ]
            )
        if not result.first_pk:
            result.first_pk = created[0].pk
        result.last_pk = created[-1].pk
        if len(result.slugs_sample) < 20:
            result.slugs_sample.extend(a.slug for a in created[:5])
        made += size
    return result


def _cover_fields(n: int, when: datetime) -> dict:
    name = f"news/covers/{when:%Y/%m}/bench-{n}.jpg"

    def sizes(ext):
        return [
            {"name": f"{name[:-4]}-{w}w.{ext}", "width": w, "height": w * 2 // 3}
            for w in (480, 960, 1600)
        ]

    return {
        "cover": name,
        "cover_alt": "Đoàn viên công đoàn tham dự chương trình",
        "cover_renditions": {
            "source": name,
            "width": 2400,
            "height": 1600,
            "webp": sizes("webp"),
            "jpeg": sizes("jpg"),
        },
    }


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """Drop the search index for a bulk load and build it again afterwards.

    Building a GIN index once is far faster than updating it row by row. The
    operation is the migration's own, so the index measured is the one shipped.
    """
    from django.db import connection

    from publishing.migration_ops import search_index

    operation = search_index("news_article")
    with connection.schema_editor() as editor:
        operation.reverse_code(None, editor)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        with connection.schema_editor() as editor:
            operation.code(None, editor)
        with connection.cursor() as cursor:
            cursor.execute("RESET maintenance_work_mem")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result
