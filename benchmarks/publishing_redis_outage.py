"""Issue #12: a 60-second Redis outage under a light load; what visitors got.

gunicorn (2 sync workers, production settings) serves 2,000 articles with a private
redis-server of its own (never the shared one) as cache and broker. A thread pool
on 127.0.0.1 requests public pages at a bounded rate (LOAD_RATE requests/s, round
robin over home, news list, an article, search, guidance, CĐCS list, FAQ) for 60 s,
and samples /healthz once a second. Redis is killed with SIGKILL at 10 s and started
again on the same port at 40 s. Reported per phase (before, outage, after): answers
by status code, connection errors, latency p50/max, and what /healthz said.
Goal: no 5xx and no connection error in any phase.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from benchmarks.support import (
    _free_port,
    articles_bulk_create,
    bench_database,
    check_page,
    gunicorn_server,
    median,
    require,
    units_bulk_create,
    vacuum_analyze,
)

ARTICLES = 2_000
DURATION_SECONDS = 60.0
KILL_AT_SECONDS = 10.0
RESTART_AT_SECONDS = 40.0
LOAD_RATE = 8  # requests per second, all threads together: a light load
THREADS = 4
REQUEST_TIMEOUT_SECONDS = 10
PHASES = (("before", 0.0), ("outage", KILL_AT_SECONDS), ("after", RESTART_AT_SECONDS))


class PrivateRedis:
    """redis-server on a free port of 127.0.0.1, no persistence; killed with -9."""

    def __init__(self):
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="unionportal-bench-redis-"))
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        binary = shutil.which("redis-server")
        if binary is None:
            from benchmarks.support import Skip

            raise Skip(
                "redis-server is not installed (apt-get install -y redis-server)"
            )
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def _phase(at: float) -> str:
    name = PHASES[0][0]
    for phase, start in PHASES:
        if at >= start:
            name = phase
    return name


def _drive(base: str, paths: list[str], server: PrivateRedis) -> dict:
    """The load, the kill and the restart; returns what each phase saw."""
    results: dict[str, list] = defaultdict(list)  # phase -> [(status, seconds)]
    health: dict[str, Counter] = defaultdict(Counter)
    lock = threading.Lock()
    local = threading.local()
    started = time.monotonic()
    total = int(DURATION_SECONDS * LOAD_RATE)

    def one(n: int) -> None:
        # Bounded: request n leaves at n / LOAD_RATE seconds, never earlier.
        delay = started + n / LOAD_RATE - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        at = time.monotonic() - started
        t0 = time.perf_counter()
        try:
            status = session.get(
                base + paths[n % len(paths)],
                timeout=REQUEST_TIMEOUT_SECONDS,
                allow_redirects=False,
            ).status_code
        except requests.RequestException:
            status = "connection error"
        with lock:
            results[_phase(at)].append((status, time.perf_counter() - t0))

    def sample_health() -> None:
        while (at := time.monotonic() - started) < DURATION_SECONDS:
            try:
                response = requests.get(f"{base}/healthz", timeout=5)
                body = response.json()
                said = f"{response.status_code} " + (
                    ", ".join(body.get("reasons", [])) or "ok"
                )
            except (requests.RequestException, ValueError):
                said = "no answer"
            with lock:
                health[_phase(at)][said] += 1
            time.sleep(1.0)

    def outage() -> None:
        time.sleep(max(0.0, started + KILL_AT_SECONDS - time.monotonic()))
        server.kill()
        time.sleep(max(0.0, started + RESTART_AT_SECONDS - time.monotonic()))
        server.start()

    threads = [threading.Thread(target=f) for f in (sample_health, outage)]
    for thread in threads:
        thread.start()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(one, range(total)))
    for thread in threads:
        thread.join()
    return {"results": results, "health": health}


def _summary(samples: list) -> str:
    statuses = Counter(status for status, _s in samples)
    seconds = sorted(s for _status, s in samples)
    by_status = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))
    return (
        f"{len(samples)} requests ({by_status}); p50 {median(seconds) * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms"
    )


def run() -> list[tuple[str, str]]:
    from news.models import Article
    from publishing.tasks import scheduler_heartbeat

    rows = [
        (
            "setup",
            f"gunicorn 2 sync workers, private redis-server, {LOAD_RATE} req/s from "
            f"{THREADS} threads for {DURATION_SECONDS:g} s; Redis killed (-9) at "
            f"{KILL_AT_SECONDS:g} s, restarted at {RESTART_AT_SECONDS:g} s; "
            f"{ARTICLES:,} articles; {os.cpu_count()} CPUs, load average before "
            f"{os.getloadavg()[0]:.1f}",
        )
    ]
    server = PrivateRedis()
    server.start()
    try:
        with bench_database(__name__) as database:
            units = units_bulk_create(20)
            articles_bulk_create(ARTICLES, units=units, seed=12)
            vacuum_analyze("news_article")
            article = Article.objects.published().order_by("-published_at").first()
            require(article is not None, "published articles exist")
            paths = [
                "/",
                "/tin-tuc/",
                article.get_absolute_url(),
                "/tim-kiem/?q=c%C3%B4ng+%C4%91o%C3%A0n",
                "/tai-lieu/",
                "/cdcs/",
                "/hoi-dap/",
            ]
            with gunicorn_server(
                database=database, env={"REDIS_URL": server.url}
            ) as base:
                for path in paths:
                    check_page(base + path)
                # Beat is not part of this run: a fresh heartbeat (good for 3 min)
                # keeps /healthz about Redis alone.
                scheduler_heartbeat()
                seen = _drive(base, paths, server)
    finally:
        server.close()
    failures = 0
    for phase, _start in PHASES:
        samples = seen["results"][phase]
        failures += sum(
            1 for status, _s in samples if status == "connection error" or status >= 500
        )
        rows.append((f"pages, {phase}", _summary(samples)))
        said = seen["health"][phase]
        rows.append(
            (
                f"/healthz, {phase}",
                "; ".join(f"{k} ×{v}" for k, v in said.most_common()) or "none",
            )
        )
    verdict = "met" if failures == 0 else f"MISSED ({failures} failed)"
    rows.append(("goal: no 5xx, no connection error", verdict))
    return rows
