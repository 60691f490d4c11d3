"""Issue #16: review inside each CĐCS with 40 units and 3,000 items waiting.

3,000 unit articles wait for their unit's review (a submission step each): 1,000 due
within 24 hours, 500 already past their time (blocked), the rest later; 500 approved
ones are due now. Measured on PostgreSQL: the admin home of office staff and of a
chief editor (queries and render time, the same whatever the number of items), a
change form with its history, one approval through the service, the day-before
reminder (first run, then a rerun that sends nothing), and the sweep, which publishes
the approved items and leaves every blocked one waiting.
"""

import random
import time
from datetime import timedelta

from benchmarks.support import (
    article_text,
    bench_database,
    median,
    require,
    units_bulk_create,
)

UNITS = 40
WAITING = 3_000
DUE_SOON = 1_000
BLOCKED = 500
APPROVED_DUE = 500
RUNS = 5


def _get(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: per-process caches (content types) fill once
    timings, count = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
        require(response.status_code == 200, f"GET {path} answered 200")
        count = len(captured)
    return count, median(timings)


def _articles(units, editor, now, rng):
    from django.contrib.contenttypes.models import ContentType

    from news.models import Article
    from publishing.models import ReviewStep, Status
    from publishing.text import fold, slugify_vi

    rows = []
    for n in range(WAITING + APPROVED_DUE):
        title, summary, body = article_text(rng)
        if n < BLOCKED:
            at, status = now - timedelta(minutes=5 + n), Status.UNIT_REVIEW
        elif n < BLOCKED + DUE_SOON:
            # Spread over the next 22 hours: all within the reminder's day.
            minutes = 10 + (n - BLOCKED) * 1.3
            at, status = now + timedelta(minutes=minutes), Status.UNIT_REVIEW
        elif n < WAITING:
            at, status = now + timedelta(days=2, minutes=n), Status.UNIT_REVIEW
        else:
            at, status = now - timedelta(minutes=1), Status.SCHEDULED
        rows.append(
            Article(
                title=title,
                slug=f"{slugify_vi(title, max_length=60)}-{n}",
                summary=summary,
                body=body,
                status=status,
                publish_at=at,
                unit=units[n % len(units)],
                search_text=fold(f"{title} {summary}"),
            )
        )
    created = Article.objects.bulk_create(rows, batch_size=1000)
    content_type = ContentType.objects.get_for_model(Article)
    ReviewStep.objects.bulk_create(
        [
            ReviewStep(
                content_type=content_type,
                object_id=a.pk,
                action=ReviewStep.Action.SUBMITTED,
                actor=editor,
                at=now - timedelta(hours=1),
            )
            for a in created
        ],
        batch_size=2000,
    )
    return created


def run() -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from news.models import Article
    from publishing.models import Notification, Status
    from publishing.review import content_review_due_remind
    from publishing.workflow import Intent, content_save, publishing_sweep
    from units.models import Membership, Unit
    from units.permissions import OFFICE_STAFF_GROUP

    with bench_database(__name__):
        rng = random.Random(16)
        units = units_bulk_create(UNITS, rng=rng)
        Unit.objects.update(requires_review=True)
        User = get_user_model()
        office = User.objects.create_user("vanphong.bench", is_staff=True)
        office.groups.add(Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)[0])
        editor = User.objects.create_user(
            "bientap.bench", email="bientap@example.edu.vn", is_staff=True
        )
        chief = User.objects.create_user(
            "truongban.bench", email="truongban@example.edu.vn", is_staff=True
        )
        for unit in units:
            Membership.objects.create(user=editor, unit=unit)
            Membership.objects.create(
                user=chief, unit=unit, role=Membership.Role.CHIEF_EDITOR
            )
        now = timezone.now()
        created = _articles(units, editor, now, rng)
        require(
            Article.objects.filter(status=Status.UNIT_REVIEW).count() == WAITING,
            f"{WAITING:,} waiting",
        )

        home = reverse("admin:index")
        results = []
        for name, user in (("office staff", office), ("chief editor of 40", chief)):
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            queries, ms = _get(client, home)
            results.append(
                (f"admin home, {name}", f"{queries} queries, {ms:.0f} ms (median)")
            )
        client = Client(HTTP_HOST="localhost")
        client.force_login(chief)
        change = reverse("admin:news_article_change", args=[created[BLOCKED].pk])
        queries, ms = _get(client, change)
        results.append(
            ("change form with history", f"{queries} queries, {ms:.0f} ms (median)")
        )

        obj = Article.objects.get(pk=created[BLOCKED + 1].pk)
        began = time.perf_counter()
        content_save(obj=obj, intent=Intent.APPROVE_UNIT, actor=chief)
        approve_ms = (time.perf_counter() - began) * 1000
        require(obj.status == Status.SCHEDULED, "approved keeps its schedule")
        results.append(("one approval (service, e-mail row)", f"{approve_ms:.0f} ms"))

        began = time.perf_counter()
        first = content_review_due_remind(now=now)
        first_s = time.perf_counter() - began
        began = time.perf_counter()
        again = content_review_due_remind(now=now)
        again_s = time.perf_counter() - began
        queued = Notification.objects.filter(kind="publishing.review.due").count()
        results.append(
            (
                "day-before reminder, first run",
                f"{sum(first.values()):,} e-mails in {first_s:.2f} s "
                f"({queued:,} rows, expected {DUE_SOON - 1:,})",
            )
        )
        results.append(
            ("reminder rerun", f"{sum(again.values())} e-mails in {again_s:.2f} s")
        )

        began = time.perf_counter()
        sweep = publishing_sweep(now=timezone.now())
        sweep_s = time.perf_counter() - began
        blocked_left = Article.objects.filter(
            status=Status.UNIT_REVIEW, publish_at__lte=timezone.now()
        ).count()
        results.append(
            (
                "sweep: approved due published / blocked left waiting",
                f"{sweep.published.get('news.Article', 0):,} / {blocked_left:,} "
                f"(expected {APPROVED_DUE:,} / {BLOCKED:,}) in {sweep_s:.2f} s",
            )
        )
    return results
