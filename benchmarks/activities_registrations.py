"""Issue #15: registrations under concurrency, check-ins per second, /hoat-dong/ queries.

- 500 registrations posted at once for an activity of 100 places, through the public
  form, to gunicorn (4 sync workers, production settings) on PostgreSQL: how many
  places are taken (must be exactly 100; the other 400 wait) and the latency of the
  posts (p50/p95, from sending to the redirect to the ticket). Each post comes from
  its own address (X-Forwarded-For behind the one trusted proxy of production), as
  500 members on their phones would, so the per-address limit does not refuse them.
- check-ins per second on one gunicorn worker: a signed-in editor posts 100 codes
  one after another as the scanner does (JSON answers), then the same 100 again
  (each answered "already checked in", nothing counted twice).
- queries of /hoat-dong/ (upcoming list) with 10 and 5,000 published activities.
"""

import http.client
import secrets
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from benchmarks.support import (
    bench_database,
    count_queries,
    gunicorn_server,
    require,
    units_bulk_create,
    vacuum_analyze,
)

REGISTRATIONS = 500
PLACES = 100
CHECKINS = 100
REGISTER_WORKERS = 4
MIN_FILL_SECONDS = 3.2
PASSWORD = "mat-khau-cua-ban-to-chuc-2027"  # noqa: S105 (a throwaway bench account)  # the form refuses posts sent sooner after it was shown


def _activity(*, capacity, unit=None, title="Hội nghị người lao động năm 2027"):
    from django.utils import timezone

    from activities.models import Activity, ActivityKind
    from activities.services import activity_save
    from publishing.workflow import Intent

    starts_at = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    return activity_save(
        activity=Activity(
            title=title,
            kind=ActivityKind.objects.get(slug="hoi-nghi"),
            unit=unit,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place="Hội trường Nhà điều hành ĐHQG-HCM",
            capacity=capacity,
        ),
        intent=Intent.PUBLISH,
    )


def _form_tokens(base: str, path: str) -> tuple[str, str, str]:
    """(csrf cookie, csrf token, signed "shown at") from one GET of the form."""
    import re

    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    conn.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    started = re.search(r'name="started" value="([^"]*)"', html)[1]
    require(bool(started), "the form carries its signed timestamp")
    return cookie, token, started


def _post(base, path, body, headers) -> tuple[int, float]:
    parts = urlsplit(base)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _register_at_once(base: str, activity) -> tuple[list[int], list[float]]:
    path = f"/hoat-dong/{activity.slug}/dang-ky/"
    cookie, token, started = _form_tokens(base, path)
    time.sleep(MIN_FILL_SECONDS)
    barrier = threading.Barrier(REGISTRATIONS)

    def one(n):
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "started": started,
                "website": "",
                "name": f"Đoàn viên số {n}",
                "email": f"doanvien{n}@example.edu.vn",
                "phone": "",
                "unit": "",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": base + path,
            "Origin": base,
            "X-Forwarded-For": f"10.{n // 250}.{n % 250}.7",
        }
        barrier.wait()
        return _post(base, path, body, headers)

    with ThreadPoolExecutor(max_workers=REGISTRATIONS) as pool:
        results = list(pool.map(one, range(REGISTRATIONS)))
    return [status for status, _ in results], [seconds for _, seconds in results]


def _burst_rate(seconds: list[float]) -> float:
    """Registrations per second over the burst (all sent together; the slowest ends it)."""
    return len(seconds) / max(seconds)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class _Browser:
    """Plain HTTP with a cookie jar that ignores the Secure flag (production marks
    its cookies Secure; here gunicorn speaks HTTP on 127.0.0.1, as behind the TLS
    proxy), no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method, path, data=None, headers=None):
        from http.cookies import SimpleCookie

        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": self.base + path,
            **(headers or {}),
        }
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read().decode()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def csrf(self, html: str) -> str:
        return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def _checkins(base: str, activity, codes: list[str], password: str, username: str):
    import json

    browser = _Browser(base)
    _status, html = browser.request("GET", "/admin/login/")
    status, html = browser.request(
        "POST",
        "/admin/login/",
        {
            "csrfmiddlewaretoken": browser.csrf(html),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    require(
        status == 302,
        f"the editor signed in ({status} {html[html.find('errornote') :][:300]})",
    )
    path = f"/hoat-dong/{activity.pk}/diem-danh/"
    status, html = browser.request("GET", path)
    require(status == 200, f"the check-in page answers 200 ({status})")
    token = browser.csrf(html)
    outcomes = []
    started = time.perf_counter()
    for code in codes:
        status, answer = browser.request(
            "POST",
            path,
            {"csrfmiddlewaretoken": token, "action": "code", "code": code},
            headers={"Accept": "application/json"},
        )
        require(status == 200, f"the check-in answers ({status}: {answer[:200]})")
        outcomes.append(json.loads(answer)["outcome"])
    return time.perf_counter() - started, outcomes


def run() -> list[tuple[str, str]]:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.test import override_settings

    from activities import emails
    from activities.models import Activity, Registration
    from tests.units.factories import editor_of

    rows = []
    with bench_database(__name__) as database:
        activity = _activity(capacity=PLACES)
        with gunicorn_server(database=database, workers=REGISTER_WORKERS) as base:
            statuses, seconds = _register_at_once(base, activity)
        held = Registration.objects.filter(activity=activity, status="confirmed")
        waiting = Registration.objects.filter(activity=activity, status="waiting")
        accepted = statuses.count(302)
        verdict = "exactly" if held.count() == PLACES else "ERROR: not"
        rows += [
            (
                f"{REGISTRATIONS} registrations at once, {PLACES} places",
                f"{held.count()} places taken ({verdict} {PLACES}), {waiting.count()} "
                f"waiting; {accepted} posts answered 302, others {sorted(set(statuses) - {302})}",
            ),
            (
                "registration latency",
                f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 "
                f"{_percentile(seconds, 0.95) * 1000:.0f} ms, max "
                f"{max(seconds) * 1000:.0f} ms ({REGISTER_WORKERS} gunicorn workers, "
                f"{_burst_rate(seconds):.0f} registrations/s; latency is mostly the "
                "queue of 500 posts sent at once)",
            ),
        ]
        require(accepted == REGISTRATIONS, "every registration post was accepted")

        unit = units_bulk_create(1)[0]
        door = _activity(capacity=None, unit=unit, title="Tập huấn cán bộ công đoàn")
        people = [
            Registration(
                activity=door,
                name=f"Cán bộ {n}",
                email=f"canbo{n}@example.edu.vn",
                status=Registration.Status.CONFIRMED,
            )
            for n in range(CHECKINS)
        ]
        Registration.objects.bulk_create(people)
        # The codes are signed with the served site's key, as its e-mails would be.
        key = secrets.token_urlsafe(50)
        with override_settings(SECRET_KEY=key):
            codes = [emails.registration_checkin_code(person) for person in people]
        editor = editor_of(unit)
        # Hashed as production hashes (this process runs on the test settings' MD5).
        hasher = PBKDF2PasswordHasher()
        editor.password = hasher.encode(PASSWORD, hasher.salt())
        editor.save(update_fields=["password"])
        served = {"DJANGO_SECRET_KEY": key}
        with gunicorn_server(database=database, workers=1, env=served) as base:
            first, outcomes = _checkins(base, door, codes, PASSWORD, editor.username)
            again, repeated = _checkins(base, door, codes, PASSWORD, editor.username)
        attended = Registration.objects.filter(
            activity=door, checked_in_at__isnull=False
        ).count()
        rows += [
            (
                f"check-ins, one worker ({CHECKINS} codes)",
                f"{CHECKINS / first:.0f} per second ({first * 1000 / CHECKINS:.1f} ms "
                f"each); outcomes {dict((o, outcomes.count(o)) for o in set(outcomes))}",
            ),
            (
                "the same codes again",
                f"{CHECKINS / again:.0f} per second; outcomes "
                f"{dict((o, repeated.count(o)) for o in set(repeated))}; attended "
                f"{attended} (counted once each)",
            ),
        ]

        small, large = _list_queries()
        rows += [
            ("queries of /hoat-dong/, 10 activities", str(small)),
            ("queries of /hoat-dong/, 5,000 activities", str(large)),
        ]
        require(Activity.objects.count() >= 5000, "the activities exist")
    return rows


def _list_queries() -> tuple[int, int]:
    from django.utils import timezone

    from activities.models import Activity, ActivityKind, Registration
    from publishing.models import Status

    Registration.objects.all().delete()
    Activity.objects.all().delete()
    kind = ActivityKind.objects.get(slug="toa-dam")
    now = timezone.now()

    def make(first, count):
        rows = []
        for n in range(first, first + count):
            starts_at = now + timedelta(days=1 + n % 365, hours=n % 24)
            rows.append(
                Activity(
                    title=f"Tọa đàm số {n}",
                    slug=f"toa-dam-so-{n}",
                    kind=kind,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    place="Nhà văn hóa sinh viên",
                    capacity=80,
                    status=Status.PUBLISHED,
                    published_at=now,
                )
            )
        Activity.objects.bulk_create(rows, batch_size=1000)

    make(0, 10)
    vacuum_analyze("activities_activity", "activities_registration")
    small = count_queries("/hoat-dong/").count
    make(10, 4990)
    vacuum_analyze("activities_activity", "activities_registration")
    large = count_queries("/hoat-dong/").count
    return small, large
