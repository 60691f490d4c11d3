"""Services of the publication workflow: save with an intent, review, the due sweep.

These are the only functions that change `status`. The admin, management commands
and Celery tasks call them; nothing else writes the status fields.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import signals
from .cache import page_cache_invalidate
from .models import Publishable, ReviewStep, Status
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
    # Review inside the unit (#16): the unit's chief editors and office staff.
    APPROVE_UNIT = "approve_unit", _("Duyệt trong đơn vị: đăng (hoặc giữ giờ hẹn)")
    RETURN_UNIT = "return_unit", _("Trả lại người viết (ghi lý do)")


OFFICE_ONLY_INTENTS = {Intent.APPROVE_HOME, Intent.REJECT_HOME}
REVIEWER_INTENTS = {Intent.APPROVE_UNIT, Intent.RETURN_UNIT}
# A publish time typed up to this long ago is "now" (the form has minutes only).
RESCHEDULE_PAST_GRACE = timedelta(minutes=2)


def review_note_check(*, intent: str, review_note: str) -> None:
    """A rejection or a return needs its reason, for the editor to read."""
    if (review_note or "").strip():
        return
    if intent == Intent.REJECT_HOME:
        raise ValidationError(
            _("Hãy ghi lý do từ chối để đơn vị biết cần sửa gì."),
            code="review_note_required",
        )
    if intent == Intent.RETURN_UNIT:
        raise ValidationError(
            _("Hãy ghi lý do trả lại để người viết biết cần sửa gì."),
            code="review_note_required",
        )


def _local_text(value: datetime) -> str:
    return date_format(timezone.localtime(value), "H:i d/m/Y")


def schedule_check(
    *,
    publish_at: datetime | None,
    unpublish_at: datetime | None,
    stored_publish_at: datetime | None,
    stored_status: str | None,
    now: datetime,
) -> None:
    """Refuse moving a scheduled item into the past or after its expiry (#16).

    Only a new publish time of an item not yet published is judged: a new item
    with a past time still publishes at once, backdated (DESIGN.md, publishing).
    """
    rescheduled = (
        publish_at is not None
        and stored_publish_at is not None
        and publish_at != stored_publish_at
        and stored_status not in Status.EVER_PUBLISHED
    )
    if not rescheduled:
        return
    if publish_at < now - RESCHEDULE_PAST_GRACE:
        raise ValidationError(
            {
                "publish_at": ValidationError(
                    _(
                        "Không thể dời lịch đăng về quá khứ: %(when)s đã qua. Hãy "
                        "chọn một thời điểm sau bây giờ, hoặc để trống để đăng ngay."
                    ),
                    code="reschedule_past",
                    params={"when": _local_text(publish_at)},
                )
            }
        )
    if unpublish_at is not None and publish_at >= unpublish_at:
        raise ValidationError(
            {
                "publish_at": ValidationError(
                    _(
                        "Không thể dời lịch đăng tới %(when)s: bài hết hạn (tự gỡ) "
                        "lúc %(until)s. Hãy chọn thời điểm đăng sớm hơn, hoặc dời "
                        "thời điểm gỡ."
                    ),
                    code="reschedule_after_expiry",
                    params={
                        "when": _local_text(publish_at),
                        "until": _local_text(unpublish_at),
                    },
                )
            }
        )


def stale_version_error(*, seen: int, stored: int) -> ValidationError:
    return ValidationError(
        _(
            "Người khác đã lưu mục này sau khi bạn mở trang (bạn mở phiên bản "
            "%(seen)d, hiện đã là phiên bản %(stored)d). Thay đổi của bạn chưa được "
            "lưu: hãy mở lại trang để xem bản mới rồi sửa lại."
        ),
        code="stale_version",
        params={"seen": seen, "stored": stored},
    )


def live_edit_error() -> ValidationError:
    return ValidationError(
        _(
            "Bài đang đăng công khai: ở đơn vị có duyệt, thay đổi của biên tập viên "
            "phải qua trưởng ban biên tập. Chưa có gì thay đổi. Hãy nhờ trưởng ban "
            "biên tập sửa, hoặc chọn “Lưu nháp” để gỡ bài xuống, sửa rồi gửi duyệt."
        ),
        code="published_needs_review",
    )


def live_edit_refused(*, obj: Publishable, intent: str, needs_review: bool) -> bool:
    """Would this save change a published item without its unit's review (#16)?

    An editor who must be reviewed may re-save a live item as it is, take it down or
    archive it, but not change what the public reads: that waits for a reviewer.
    """
    if not (needs_review and obj.pk and intent in (Intent.PUBLISH,)):
        return False
    stored = _stored_row(obj, lock=False)
    return bool(
        stored and stored["status"] == Status.PUBLISHED and _row_changed(obj, stored)
    )


@dataclass(frozen=True)
class Editing:
    """Who is saving `obj` from the admin, and which version their form showed."""

    obj: Publishable
    actor: object = None
    expected_version: int | None = None


_editing: ContextVar[Editing | None] = ContextVar("publishing_editing", default=None)


@contextmanager
def editing_as(
    *, obj: Publishable, actor, expected_version: int | None = None
) -> Iterator[None]:
    """Within the block, content_save of `obj` acts for `actor` and checks the version.

    The shared admin mixin wraps its calls of an app's save service in this, so the
    review rule and the version check hold for every content type whatever its own
    service's signature (an app's service passes its workflow arguments on and needs
    to know nothing of them). Only `obj` itself is concerned: other items a service
    saves on the way keep their own rules.
    """
    token = _editing.set(
        Editing(obj=obj, actor=actor, expected_version=expected_version)
    )
    try:
        yield
    finally:
        _editing.reset(token)


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
    actor=None,
    expected_version: int | None = None,
) -> Publishable:
    """Validate and save content, moving its status as `intent` asks.

    - DRAFT keeps it off the site; PUBLISH puts it live now, or schedules it when
      `publish_at` is in the future (a past `publish_at` publishes at once).
    - SUBMIT_HOME puts a unit's item in review for the home page; APPROVE_HOME and
      REJECT_HOME (office staff only, `may_publish_home`) decide, a rejection keeping
      its reason in `review_note` for the editor to read. ARCHIVE takes it down.
    - Review inside the unit (#16, publishing.review): when the rule says `actor`
      must wait, PUBLISH and SUBMIT_HOME put the item in UNIT_REVIEW instead, which
      the sweep never publishes; APPROVE_UNIT (it publishes, keeps its schedule, or
      goes on to the office for the home page) and RETURN_UNIT (back to draft with
      the reason) are for the rule's reviewers. Each step is a ReviewStep row, a
      history change reason and an e-mail, in this transaction.
    - `on_home` is honoured only for those who may publish to the home page.
    - `expected_version`: the version the editor's form showed; another save since
      refuses this one (ValidationError, code "stale_version"), changing nothing.
      A save that changes the row bumps `version`.
    `actor` and `expected_version` default to those of an enclosing `editing_as`.
    Fills the slug (stable once published; an edited slug leaves a redirect) and the
    folded search text. In the same transaction it retires the cached pages and, on
    first publication, sends `published`, whose receivers write what must follow
    (distribution rows, social deliveries): all of it commits together or not at all.
    """
    now = now or timezone.now()
    editing = _editing.get()
    if editing is not None and editing.obj is obj:
        actor = actor if actor is not None else editing.actor
        if expected_version is None:
            expected_version = editing.expected_version
    if intent in OFFICE_ONLY_INTENTS and not may_publish_home:
        raise PermissionDenied
    previous = _stored_row(obj)
    stale = previous and expected_version not in (None, previous["version"])
    if stale:
        raise stale_version_error(seen=expected_version, stored=previous["version"])
    schedule_check(
        publish_at=obj.publish_at,
        unpublish_at=obj.unpublish_at,
        stored_publish_at=previous["publish_at"] if previous else None,
        stored_status=previous["status"] if previous else None,
        now=now,
    )
    previous_status = previous["status"] if previous else None
    was_published = previous_status == Status.PUBLISHED
    edited = bool(previous) and _row_changed(obj, previous)
    if not obj.slug:
        obj.slug = _unique_slug_for(obj)
    if may_publish_home and on_home is not None:
        obj.on_home = on_home
    step = _intent_apply(
        obj,
        intent=intent,
        may_publish_home=may_publish_home,
        review_note=review_note,
        now=now,
        actor=actor,
        previous_status=previous_status,
        edited=edited,
    )
    if obj.status == Status.PUBLISHED and not (was_published and obj.published_at):
        obj.published_at = min(obj.publish_at or now, now)
    obj.search_text = fold(obj.get_search_text())
    stored_slug = previous["slug"] if previous else None
    with slug_redirect_on_save(instance=obj, stored_slug=stored_slug):
        obj.full_clean()
        if previous and _row_changed(obj, previous):
            obj.version = previous["version"] + 1
        if step is not None:
            obj._change_reason = str(ReviewStep.Action(step["action"]).label)
        obj.save()
    if step is not None:
        from .review import review_step_record

        review_step_record(obj=obj, actor=actor, now=now, **step)
    page_cache_invalidate()
    if obj.status == Status.PUBLISHED and not was_published:
        signals.published.send(type(obj), pks=[obj.pk])
    return obj


def _unique_slug_for(obj: Publishable) -> str:
    queryset = type(obj)._default_manager.all()
    return unique_slug(queryset=queryset, value=obj.title, instance_pk=obj.pk)


# Bookkeeping that a save rewrites without anyone having changed the item.
_NOT_AN_EDIT = {"version", "search_text", "updated_at", "created_at"}


def _stored_row(obj: Publishable, *, lock: bool = True) -> dict | None:
    """The row as stored before this save, locked until the save commits (so that
    two saves of one item are judged one after the other); None for a new object."""
    if not obj.pk:
        return None
    fields = [f.attname for f in obj._meta.concrete_fields]
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values(*fields).first()


def _row_changed(obj: Publishable, stored: dict) -> bool:
    """Would saving `obj` change a stored value (bar bookkeeping)?"""
    for f in obj._meta.concrete_fields:
        if f.attname in _NOT_AN_EDIT or f.attname not in stored:
            continue
        value = getattr(obj, f.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
            stored_value = stored[f.attname] or ""
        else:
            stored_value = stored[f.attname]
        if value != stored_value:
            return True
    return False


def _intent_apply(
    obj: Publishable,
    *,
    intent: str,
    may_publish_home: bool,
    review_note: str,
    now: datetime,
    actor=None,
    previous_status: str | None = None,
    edited: bool = False,
) -> dict | None:
    """Set the status (and home-page flag, review note) that `intent` asks for.

    Returns the review step to record ({"action", "note", "wants_home"}) or None.
    """
    step = _unit_review_apply(
        obj,
        intent=intent,
        may_publish_home=may_publish_home,
        review_note=review_note,
        now=now,
        actor=actor,
        previous_status=previous_status,
        edited=edited,
    )
    if step is not False:
        return step
    _plain_intent_apply(
        obj,
        intent=intent,
        may_publish_home=may_publish_home,
        review_note=review_note,
        now=now,
    )
    return None


def _unit_review_apply(
    obj, *, intent, may_publish_home, review_note, now, actor, previous_status, edited
) -> dict | None | bool:
    """The unit-review part of an intent (#16); False when it has nothing to say."""
    from .review import latest_submission, review_rights

    in_review = previous_status == Status.UNIT_REVIEW
    submission = latest_submission(obj) if in_review else None
    rights = review_rights(
        user=actor,
        obj=obj,
        submitted_by_id=submission.actor_id if submission else None,
    )
    publishing = intent in (Intent.PUBLISH, Intent.SUBMIT_HOME)
    if intent in REVIEWER_INTENTS or (in_review and publishing and rights.may_review):
        if not rights.may_review:
            raise PermissionDenied
        if not in_review:
            raise ValidationError(
                _("Mục này không chờ duyệt trong đơn vị."), code="not_in_unit_review"
            )
        if intent == Intent.RETURN_UNIT:
            try:
                review_note_check(intent=intent, review_note=review_note)
            except ValidationError as error:
                raise ValidationError({"review_note": error}) from error
            obj.status, obj.review_note = Status.DRAFT, review_note.strip()
            return {"action": ReviewStep.Action.RETURNED, "note": obj.review_note}
        wants_home = intent == Intent.SUBMIT_HOME or bool(
            submission and submission.wants_home
        )
        obj.review_note = ""
        if wants_home and not may_publish_home:
            obj.status = Status.IN_REVIEW  # the office decides the home page
        else:
            obj.on_home = obj.on_home or wants_home
            obj.status = _live_status(obj, now)
        return {"action": ReviewStep.Action.APPROVED, "wants_home": wants_home}
    if in_review and publishing:
        return None  # saved again while it waits: it keeps waiting
    live = previous_status == Status.PUBLISHED
    if live and edited and intent == Intent.PUBLISH and rights.needs_review:
        raise live_edit_error()
    if publishing and rights.needs_review and previous_status != Status.PUBLISHED:
        obj.status, obj.review_note = Status.UNIT_REVIEW, ""
        return {
            "action": ReviewStep.Action.SUBMITTED,
            "wants_home": intent == Intent.SUBMIT_HOME,
        }
    return False


def _plain_intent_apply(
    obj: Publishable,
    *,
    intent: str,
    may_publish_home: bool,
    review_note: str,
    now: datetime,
) -> None:
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
