"""Every write of the newsletter: subscribe, confirm, choose, stop, erase, send."""

import logging
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from publishing.models import Notification
from publishing.notifications import (
    notification_enqueue,
    notification_key,
    notification_keys_taken,
)
from publishing.outbox import task_enqueue_on_commit
from publishing.published_items import PublishedItem, published_items
from publishing.published_items import Topic as ItemTopic
from units.models import Unit

from . import tokens, tracking
from .models import Frequency, Issue, Subscriber, Topic

logger = logging.getLogger(__name__)

WEEKLY_SEND_AT = time(6, 30)  # Monday, local time
ISSUE_BATCH_SIZE = 500  # subscribers rendered and enqueued per transaction
KIND_ISSUE = "newsletter.issue"
KIND_CONFIRM = "newsletter.confirm"
KIND_TEST = "newsletter.test"


def _absolute(path: str, **query) -> str:
    url = settings.SITE_URL.rstrip("/") + path
    return f"{url}?{urlencode(query)}" if query else url


def _links(subscriber: Subscriber | None) -> dict[str, str]:
    if subscriber is None or subscriber.pk is None:  # a preview or a test
        return {"manage_url": _absolute("/"), "unsubscribe_url": _absolute("/")}
    return {
        "manage_url": _absolute(
            reverse(
                "newsletter:manage",
                args=[tokens.token_make(subscriber=subscriber, purpose=tokens.MANAGE)],
            )
        ),
        "unsubscribe_url": _absolute(
            reverse(
                "newsletter:unsubscribe",
                args=[
                    tokens.token_make(subscriber=subscriber, purpose=tokens.UNSUBSCRIBE)
                ],
            )
        ),
    }


# --- subscribing ---------------------------------------------------------------


@transaction.atomic
def subscriber_subscribe(
    *,
    email: str,
    topics: list[str],
    units: list[Unit],
    frequency: str,
    consent_text: str,
) -> Subscriber:
    """Record a request to subscribe and e-mail the signed confirmation link.

    A new or stopped address becomes "pending" with these choices; an active one
    keeps its choices and gets nothing (the page says the same either way, so the
    form does not tell who is subscribed).
    """
    email = email.strip().lower()
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
        return subscriber
    subscriber = subscriber or Subscriber(email=email)
    subscriber.status = Subscriber.Status.PENDING
    subscriber.topics = sorted(set(topics))
    subscriber.frequency = frequency
    subscriber.consent_text = consent_text
    subscriber.full_clean(exclude=["units"])
    subscriber.save()
    subscriber.units.set(units)
    _confirmation_send(subscriber)
    return subscriber


def _confirmation_send(subscriber: Subscriber) -> None:
    """E-mail the signed link that confirms `subscriber` (a new key each request)."""
    confirm_url = _absolute(
        reverse(
            "newsletter:confirm",
            args=[tokens.token_make(subscriber=subscriber, purpose=tokens.CONFIRM)],
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "newsletter/email/confirm.txt",
            {"confirm_url": confirm_url, "subscriber": subscriber},
        )
        subject = _("Xác nhận đăng ký nhận bản tin Công đoàn")
    notification_enqueue(
        kind=KIND_CONFIRM,
        key=notification_key(
            KIND_CONFIRM,
            subscriber=subscriber.pk,
            at=int(timezone.now().timestamp() * 1000),
        ),
        to=[subscriber.email],
        subject=subject,
        body=body,
    )


def subscriber_confirm(*, subscriber: Subscriber) -> bool:
    """Pending -> active, recording when consent was given; False if not pending."""
    now = timezone.now()
    changed = Subscriber.objects.filter(
        pk=subscriber.pk, status=Subscriber.Status.PENDING
    ).update(
        status=Subscriber.Status.ACTIVE,
        consented_at=now,
        stopped_at=None,
        stop_reason="",
        updated_at=now,
    )
    return bool(changed)


@transaction.atomic
def subscriber_preferences_update(
    *, subscriber: Subscriber, topics: list[str], units: list[Unit], frequency: str
) -> Subscriber:
    subscriber.topics = sorted(set(topics))
    subscriber.frequency = frequency
    subscriber.full_clean(exclude=["units"])
    subscriber.save(update_fields=["topics", "frequency", "updated_at"])
    subscriber.units.set(units)
    return subscriber


def subscriber_stop(
    *, email: str, status: str, reason: str, now: datetime | None = None
) -> int:
    """Stop sending to `email` (unsubscribed, bounced, complained); rows changed.

    Pending e-mails of issues to that address are marked failed, so a digest being
    sent right now stops too.
    """
    now = now or timezone.now()
    subscribers = Subscriber.objects.filter(email__iexact=email.strip())
    ids = list(subscribers.values_list("pk", flat=True))
    changed = subscribers.exclude(status=status).update(
        status=status, stopped_at=now, stop_reason=reason[:1000], updated_at=now
    )
    for pk in ids:
        _issue_notifications(pk).filter(status=Notification.Status.PENDING).update(
            status=Notification.Status.FAILED,
            next_attempt_at=None,
            last_error=f"subscriber stopped: {status}",
            updated_at=now,
        )
    return changed


def _issue_notifications(subscriber_id: int):
    return Notification.objects.filter(
        key__startswith=f"{KIND_ISSUE}:", key__endswith=f":subscriber={subscriber_id}"
    )


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber) -> None:
    """Forget the address: the row goes, and its address leaves every e-mail kept."""
    pk = subscriber.pk
    for notifications in (
        _issue_notifications(pk),
        Notification.objects.filter(key__startswith=f"{KIND_CONFIRM}:subscriber={pk}:"),
    ):
        notifications.update(to=[], body="", html_body="", headers={})
    subscriber.delete()


# --- issues ----------------------------------------------------------------------


def issue_create_for_published(sender, pks, **kwargs) -> list[Issue]:
    """Receiver of publishing.signals.published: one "as it happens" issue per item.

    Runs in the publishing transaction; the issue and the task that sends it commit
    with the publication (publishing.outbox re-drives it if the broker is down).
    """
    label = sender._meta.label_lower
    created = []
    for item in published_items(label=label, pks=list(pks)):
        issue, is_new = Issue.objects.get_or_create(
            key=f"item:{item.label}:{item.pk}",
            defaults={
                "kind": Issue.Kind.INSTANT,
                "subject": item.title[:200],
                "items": [item.as_json()],
            },
        )
        if is_new:
            # newsletter.tasks imports this module: the task is looked up when enqueued.
            from .tasks import issue_send

            task_enqueue_on_commit(issue_send, issue.pk)
            created.append(issue)
    return created


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def issue_create_weekly(*, week: date) -> Issue | None:
    """The digest of the week before Monday `week`; None when nothing was published.

    Idempotent: the same week returns the issue already made.
    """
    existing = Issue.objects.filter(key=f"weekly:{week.isoformat()}").first()
    if existing is not None:
        return existing
    zone = timezone.get_current_timezone()
    until = datetime.combine(week, datetime.min.time(), tzinfo=zone)
    items = published_items(since=until - timedelta(days=7), until=until)
    if not items:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Bản tin Công đoàn tuần %(start)s – %(end)s") % {
            "start": (week - timedelta(days=7)).strftime("%d/%m"),
            "end": (week - timedelta(days=1)).strftime("%d/%m/%Y"),
        }
    issue, _created = Issue.objects.get_or_create(
        key=f"weekly:{week.isoformat()}",
        defaults={
            "kind": Issue.Kind.WEEKLY,
            "subject": subject,
            "items": [item.as_json() for item in items],
        },
    )
    return issue


def _office_unit_ids() -> set[int]:
    return set(Unit.objects.filter(kind=Unit.Kind.OFFICE).values_list("pk", flat=True))


def items_for_subscriber(
    *,
    items: list[PublishedItem],
    topics: set[str],
    unit_ids: set[int],
    office_ids: set[int],
) -> list[PublishedItem]:
    """The items of an issue this subscriber chose."""
    chosen = []
    for item in items:
        if item.topic == ItemTopic.NEWS:
            office = item.unit_id is None or item.unit_id in office_ids
            wanted = (
                (Topic.OFFICE_NEWS in topics) if office else item.unit_id in unit_ids
            )
        else:
            wanted = item.topic in topics
        if wanted:
            chosen.append(item)
    return chosen


def _item_url(*, issue: Issue, item: PublishedItem, tracked: bool) -> str:
    """A real recipient's link is a signed click link (newsletter.tracking); a
    preview's or a test's goes straight to the item, so staff count nothing."""
    if not tracked:
        return _absolute(item.url, utm_source="newsletter", utm_medium="email")
    token = tracking.click_token(issue_id=issue.pk, label=item.label, pk=item.pk)
    return _absolute(reverse("newsletter:click", args=[token]))


def issue_render(
    *,
    issue: Issue,
    items: list[PublishedItem],
    subscriber: Subscriber | None,
    links: dict[str, str] | None = None,
) -> tuple[str, str]:
    """The plain-text and HTML parts of `issue` for one subscriber (or a preview).

    A subscriber's copy has signed click links and the open pixel (#14).
    """
    tracked = subscriber is not None and subscriber.pk is not None
    context = {
        "issue": issue,
        "items": [
            {
                "title": item.title,
                "summary": item.summary,
                "url": _item_url(issue=issue, item=item, tracked=tracked),
                "published_at": item.published_at,
            }
            for item in items
        ],
        "site_url": settings.SITE_URL,
        "open_pixel_url": _absolute(
            reverse(
                "newsletter:opened",
                args=[
                    tracking.open_token(issue_id=issue.pk, subscriber_id=subscriber.pk)
                ],
            )
        )
        if tracked
        else "",
        **(links or _links(subscriber)),
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("newsletter/email/issue.txt", context)
        html = render_to_string("newsletter/email/issue.html", context)
    return text, html


def _headers(links: dict[str, str]) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST to the link."""
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def issue_send(*, issue_id: int) -> int:
    """Enqueue the issue to every active subscriber who chose some of its items.

    Batches of ISSUE_BATCH_SIZE, each in a transaction; one Notification per
    subscriber keyed ``newsletter.issue:issue=<id>:subscriber=<id>``, so a second run
    (a retry, a restart, two workers) enqueues only what is missing and nobody gets
    one issue twice. Returns how many e-mails this run enqueued.
    """
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None:
        return 0
    frequency = (
        Frequency.INSTANT if issue.kind == Issue.Kind.INSTANT else Frequency.WEEKLY
    )
    items = [PublishedItem.from_json(data) for data in issue.items]
    office_ids = _office_unit_ids()
    ids = list(
        Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, frequency=frequency)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    enqueued = 0
    for start in range(0, len(ids), ISSUE_BATCH_SIZE):
        enqueued += _issue_batch_send(
            issue=issue,
            items=items,
            subscriber_ids=ids[start : start + ISSUE_BATCH_SIZE],
            office_ids=office_ids,
        )
    Issue.objects.filter(pk=issue.pk).update(
        enqueued_at=timezone.now(),
        recipients=Notification.objects.filter(
            key__startswith=f"{KIND_ISSUE}:issue={issue.pk}:"
        ).count(),
    )
    return enqueued


@transaction.atomic
def _issue_batch_send(*, issue, items, subscriber_ids, office_ids) -> int:
    keys = {
        pk: notification_key(KIND_ISSUE, issue=issue.pk, subscriber=pk)
        for pk in subscriber_ids
    }
    taken = notification_keys_taken(list(keys.values()))
    subscribers = (
        Subscriber.objects.filter(
            pk__in=[pk for pk, key in keys.items() if key not in taken],
            status=Subscriber.Status.ACTIVE,
        )
        .prefetch_related("units")
        .only("pk", "email", "topics")
    )
    enqueued = 0
    for subscriber in subscribers:
        chosen = items_for_subscriber(
            items=items,
            topics=set(subscriber.topics),
            unit_ids={unit.pk for unit in subscriber.units.all()},
            office_ids=office_ids,
        )
        if not chosen:
            continue
        links = _links(subscriber)
        text, html = issue_render(
            issue=issue, items=chosen, subscriber=subscriber, links=links
        )
        if notification_enqueue(
            kind=KIND_ISSUE,
            key=keys[subscriber.pk],
            to=[subscriber.email],
            subject=issue.subject,
            body=text,
            html_body=html,
            headers=_headers(links),
        ):
            enqueued += 1
    return enqueued


def issue_send_test(*, issue: Issue, user) -> bool:
    """Staff send the issue, with every item, to themselves (a new e-mail each time)."""
    items = [PublishedItem.from_json(data) for data in issue.items]
    text, html = issue_render(issue=issue, items=items, subscriber=None)
    return bool(
        notification_enqueue(
            kind=KIND_TEST,
            key=notification_key(
                KIND_TEST,
                issue=issue.pk,
                user=user.pk,
                at=int(timezone.now().timestamp() * 1000),
            ),
            to=[user.email],
            subject=f"[{_('Thử')}] {issue.subject}",
            body=text,
            html_body=html,
        )
    )


def newsletter_weekly_send(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict:
    """Woken by beat every 15 minutes, and its command twin: the digest and the rest.

    From Monday WEEKLY_SEND_AT on (or the first wake-up after it, if beat was down),
    makes last week's digest, once. Every time, finishes each issue whose enqueueing
    did not finish (a killed worker, a lost task), so nothing waits a week.
    """
    now = timezone.localtime(now)
    week = week_start(now.date())
    due = now.time() >= WEEKLY_SEND_AT or now.date() > week
    if dry_run:
        return {"week": week.isoformat(), "issues": 0, "enqueued": 0}
    if due:
        issue_create_weekly(week=week)
    unfinished = list(
        Issue.objects.filter(enqueued_at__isnull=True).values_list("pk", flat=True)
    )
    enqueued = sum(issue_send(issue_id=pk) for pk in unfinished)
    return {"week": week.isoformat(), "issues": len(unfinished), "enqueued": enqueued}
