"""Services of the publication workflow: save with an intent, review, the due sweep.

These are the only functions that change `status`. The admin, management commands
and Celery tasks call them; nothing else writes the status fields.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import signals
from .cache import page_cache_invalidate
from .models import Publishable, Status
from .redirects import slug_redirect_on_save
from .text import fold, unique_slug

logger = logging.getLogger(__name__)
SWEEP_BATCH_SIZE = 500


class Intent(models.TextChoices):
    """What the person pressing "Save" wants to happen."""

    DRAFT = "draft", _("Lưu nháp")
    PUBLISH = "publish", _("Đăng (hoặc hẹn giờ theo thời điểm đăng)")
    SUBMIT_HOME = "submit_home", _("Gửi văn phòng duyệt lên trang chủ")
    APPROVE_HOME = "approve_home", _("Duyệt: đăng và đưa lên trang chủ")
    REJECT_HOME = "reject_home", _("Từ chối đưa lên trang chủ (ghi lý do)")
    ARCHIVE = "archive", _("Gỡ khỏi trang công khai")


OFFICE_ONLY_INTENTS = {Intent.APPROVE_HOME, Intent.REJECT_HOME}


def review_note_check(*, intent: str, review_note: str) -> None:
    """A rejection from the home page needs its reason, for the editor to read."""
    if intent == Intent.REJECT_HOME and not (review_note or "").strip():
        raise ValidationError(
            _("Hãy ghi lý do từ chối để đơn vị biết cần sửa gì."),
            code="review_note_required",
        )


def publishable_models() -> list[type[Publishable]]:
    """Every concrete content type that uses publishing/."""
    return [m for m in apps.get_models() if issubclass(m, Publishable)]


def _live_status(obj: Publishable, now: datetime) -> str:
    return (
        Status.SCHEDULED
        if obj.publish_at and obj.publish_at > now
        else Status.PUBLISHED
    )


@transaction.atomic
def content_save(
    *,
    obj: Publishable,
    intent: str = Intent.DRAFT,
    may_publish_home: bool = False,
    on_home: bool | None = None,
    review_note: str = "",
    now: datetime | None = None,
) -> Publishable:
    """Validate and save content, moving its status as `intent` asks.

    - DRAFT keeps it off the site; PUBLISH puts it live now, or schedules it when
      `publish_at` is in the future (a past `publish_at` publishes at once).
    - SUBMIT_HOME puts a unit's item in review for the home page; APPROVE_HOME and
      REJECT_HOME (office staff only, `may_publish_home`) decide, a rejection keeping
      its reason in `review_note` for the editor to read. ARCHIVE takes it down.
    - `on_home` is honoured only for those who may publish to the home page.
    Fills the slug (stable once published; an edited slug leaves a redirect) and the
    folded search text. In the same transaction it retires the cached pages and, on
    first publication, sends `published`, whose receivers write what must follow
    (distribution rows, social deliveries): all of it commits together or not at all.
    """
    now = now or timezone.now()
    if intent in OFFICE_ONLY_INTENTS and not may_publish_home:
        raise PermissionDenied
    previous = _stored_slug_and_status(obj)
    was_published = bool(previous) and previous["status"] == Status.PUBLISHED
    if not obj.slug:
        obj.slug = _unique_slug_for(obj)
    if may_publish_home and on_home is not None:
        obj.on_home = on_home
    _intent_apply(
        obj,
        intent=intent,
        may_publish_home=may_publish_home,
        review_note=review_note,
        now=now,
    )
    if obj.status == Status.PUBLISHED and not (was_published and obj.published_at):
        obj.published_at = min(obj.publish_at or now, now)
    obj.search_text = fold(obj.get_search_text())
    stored_slug = previous["slug"] if previous else None
    with slug_redirect_on_save(instance=obj, stored_slug=stored_slug):
        obj.full_clean()
        obj.save()
    page_cache_invalidate()
    if obj.status == Status.PUBLISHED and not was_published:
        signals.published.send(type(obj), pks=[obj.pk])
    return obj


def _unique_slug_for(obj: Publishable) -> str:
    queryset = type(obj)._default_manager.all()
    return unique_slug(queryset=queryset, value=obj.title, instance_pk=obj.pk)


def _stored_slug_and_status(obj: Publishable) -> dict | None:
    """{"slug", "status"} as stored before this save; None for a new object."""
    if not obj.pk:
        return None
    manager = type(obj)._default_manager
    return manager.filter(pk=obj.pk).values("slug", "status").first()


def _intent_apply(
    obj: Publishable,
    *,
    intent: str,
    may_publish_home: bool,
    review_note: str,
    now: datetime,
) -> None:
    """Set the status (and home-page flag, review note) that `intent` asks for."""
    if intent == Intent.DRAFT:
        obj.status = Status.DRAFT
    elif intent == Intent.PUBLISH:
        obj.status = _live_status(obj, now)
    elif intent == Intent.SUBMIT_HOME:
        if may_publish_home:
            obj.on_home, obj.status = True, _live_status(obj, now)
        else:
            obj.status, obj.review_note = Status.IN_REVIEW, ""
    elif intent == Intent.APPROVE_HOME:
        obj.on_home, obj.review_note = True, ""
        obj.status = _live_status(obj, now)
    elif intent == Intent.REJECT_HOME:
        try:
            review_note_check(intent=intent, review_note=review_note)
        except ValidationError as error:
            raise ValidationError({"review_note": error}) from error
        obj.on_home, obj.status, obj.review_note = False, Status.DRAFT, review_note
    elif intent == Intent.ARCHIVE:
        obj.status = Status.ARCHIVED
    else:
        raise ValidationError(_("Thao tác không hợp lệ."), code="invalid_intent")


@dataclass
class SweepResult:
    published: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.published.values()) + sum(self.archived.values())


def _claim_batch(queryset, *, batch_size: int) -> list[int]:
    # skip_locked: a second worker sweeping at the same moment takes other rows
    # (PostgreSQL). SQLite ignores row locks, but its IMMEDIATE transactions let one
    # writer in at a time, and the status filter on the update makes a row that
    # another sweep already moved count zero.
    return list(
        queryset.select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )


def publishing_sweep(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = SWEEP_BATCH_SIZE,
) -> SweepResult:
    """Publish every due item and archive every expired one, of every content type.

    Runs every minute from beat and as `manage.py publishing_sweep`. Each batch is claimed
    and changed in one transaction, so with two workers every item is published
    exactly once; an interrupted sweep leaves the rest for the next tick. With
    `dry_run` it only counts.
    """
    now = now or timezone.now()
    result = SweepResult()
    for model in publishable_models():
        label = model._meta.label
        manager = model._default_manager
        jobs = [
            ("published", manager.due(now), Status.SCHEDULED,
             {"status": Status.PUBLISHED,
              "published_at": Coalesce("publish_at", Value(now))}),
            ("archived", manager.expired(now), Status.PUBLISHED,
             {"status": Status.ARCHIVED}),
        ]  # fmt: skip
        for outcome, due, from_status, changes in jobs:
            if dry_run:
                count = due.count()
            else:
                count = _sweep_one(
                    model, due, from_status, changes, batch_size, outcome
                )
            if count:
                getattr(result, outcome)[label] = count
    if result.total:
        logger.info(
            "sweep: published %s archived %s", result.published, result.archived
        )
    return result


def _sweep_one(model, due, from_status, changes, batch_size, outcome) -> int:
    """Move every row of `due`, a batch per transaction; returns how many moved.

    A batch that fails (a receiver of `published` raising on one row) is retried row
    by row, so one bad row cannot hold back the others: it stays scheduled, turns
    overdue and shows on /healthz and the admin. A failure of the claim itself (the
    database is gone) propagates; the next tick starts again.
    """
    done, failed = 0, set()
    while True:
        queryset = due.exclude(pk__in=failed) if failed else due
        pks = []
        try:
            with transaction.atomic():
                pks = _claim_batch(queryset, batch_size=batch_size)
                if not pks:
                    return done
                done += _move(model, pks, from_status, changes, outcome)
        except Exception:
            if not pks:
                raise
            logger.exception("sweep: a batch of %s failed; row by row", model._meta)
            done += _move_each(model, pks, from_status, changes, outcome, failed)


def _move_each(model, pks, from_status, changes, outcome, failed: set) -> int:
    done = 0
    for pk in pks:
        try:
            with transaction.atomic():
                claimed = _claim_batch(
                    model._default_manager.filter(pk=pk, status=from_status),
                    batch_size=1,
                )
                done += _move(model, claimed, from_status, changes, outcome)
        except Exception:
            logger.exception("sweep: %s %s not %s; left for later", model, pk, outcome)
            failed.add(pk)
    return done


def _move(model, pks, from_status, changes, outcome) -> int:
    """In the caller's transaction: change the claimed rows, retire the cached pages,
    announce the publications (the receivers write in this transaction too)."""
    if not pks:
        return 0
    changed = model._default_manager.filter(pk__in=pks, status=from_status)
    if outcome == "published":
        # The ids this transaction really moved, read under its lock.
        pks = list(changed.values_list("pk", flat=True))
    count = changed.update(**changes)
    page_cache_invalidate()
    if outcome == "published" and pks:
        signals.published.send(model, pks=pks)
    return count
