"""Review inside a unit (#16): who must wait, who may approve, the steps and the e-mails.

Publishing may not import units (DESIGN.md), so the permission rule answers through
the hook REVIEW_RULE_HOOK: units registers one object with

    rights(*, user, obj, submitted_by_id) -> ReviewRights
    reviewer_emails(*, objs) -> list[list[str]]   # one list per obj, fixed queries
    applies_to(model) -> bool                     # its items belong to units
    may_review_any(user) -> bool                  # a reviewer of some unit

and every Publishable gets the review that way, whatever its app. Without a rule
nobody waits and nobody approves. publishing.workflow.content_save is the only
writer of ReviewStep rows and of the status they go with.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import hooks
from .models import ReviewStep, Status
from .notifications import notification_enqueue, notification_key

REVIEW_RULE_HOOK = "content_review_rule"
# How long before its publish time an item still waiting for review is reminded.
REVIEW_REMINDER_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class ReviewRights:
    """What the person saving may do about the unit's review of this item."""

    needs_review: bool = False  # their publish waits for the unit's reviewers
    may_review: bool = False  # they may approve or return the item


NO_REVIEW = ReviewRights()


def _rule():
    found = hooks.get_hooks(REVIEW_RULE_HOOK)
    return found[0] if found else None


def review_rights(*, user, obj, submitted_by_id=None) -> ReviewRights:
    """The rule's answer for `user` saving `obj`; NO_REVIEW without a user or rule."""
    rule = _rule()
    if rule is None or user is None or not user.is_authenticated:
        return NO_REVIEW
    return rule.rights(user=user, obj=obj, submitted_by_id=submitted_by_id)


def review_applies_to(model) -> bool:
    rule = _rule()
    return rule is not None and rule.applies_to(model)


def may_review_any(user) -> bool:
    rule = _rule()
    return rule is not None and rule.may_review_any(user)


def reviewer_emails(*, objs) -> list[list[str]]:
    rule = _rule()
    if rule is None:
        return [[] for _obj in objs]
    return rule.reviewer_emails(objs=list(objs))


def _steps_of(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return ReviewStep.objects.filter(content_type=content_type, object_id=obj.pk)


def latest_submission(obj) -> ReviewStep | None:
    if obj.pk is None:
        return None
    steps = _steps_of(obj).filter(action=ReviewStep.Action.SUBMITTED)
    return steps.order_by("-at", "-pk").first()


def review_history(obj) -> list[ReviewStep]:
    """Every review step of `obj`, oldest first, with who did it (one query)."""
    if obj is None or obj.pk is None:
        return []
    return list(_steps_of(obj).select_related("actor").order_by("at", "pk"))


def person_name(user) -> str:
    if user is None:
        return _("(tài khoản đã xóa)")
    return user.get_full_name() or user.get_username()


def step_text(step: ReviewStep) -> str:
    """ "09:30 03/12/2026 · Gửi duyệt · Nguyễn Văn A · reason" for history and e-mail."""
    parts = [
        date_format(timezone.localtime(step.at), "H:i d/m/Y"),
        step.get_action_display(),
        person_name(step.actor),
    ]
    if step.wants_home:
        parts.append(_("đề nghị lên trang chủ"))
    if step.note:
        parts.append(step.note)
    return " · ".join(str(p) for p in parts)


def _admin_link(obj) -> str:
    opts = obj._meta
    try:
        path = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def _item_key(obj) -> str:
    return f"{obj._meta.label_lower}.{obj.pk}"


def review_step_record(
    *, obj, action: str, actor, note: str = "", wants_home: bool = False, now: datetime
) -> ReviewStep:
    """Write one step of `obj`'s review and, in the same transaction, its e-mail:
    a submission to the unit's reviewers, an approval or return to the submitter."""
    submitter = (
        None if action == ReviewStep.Action.SUBMITTED else latest_submission(obj)
    )
    step = ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        wants_home=wants_home,
        at=now,
    )
    context = {
        "title": obj.title,
        "who": person_name(step.actor),
        "note": note,
        "link": _admin_link(obj),
    }
    if action == ReviewStep.Action.SUBMITTED:
        to = reviewer_emails(objs=[obj])[0]
        subject = _("Bài chờ bạn duyệt: %(title)s") % context
        body = (
            _(
                "%(who)s gửi duyệt “%(title)s”.\n\nMở bài để duyệt hoặc trả lại: %(link)s"
            )
            % context
        )
    else:
        to = [submitter.actor.email] if submitter and submitter.actor else []
        if action == ReviewStep.Action.APPROVED:
            subject = _("Bài đã được duyệt: %(title)s") % context
            body = _("%(who)s đã duyệt “%(title)s”.\n\n%(link)s") % context
        else:
            subject = _("Bài bị trả lại: %(title)s") % context
            body = (
                _(
                    "%(who)s trả lại “%(title)s”.\n\nLý do: %(note)s\n\n"
                    "Sửa bài rồi gửi duyệt lại: %(link)s"
                )
                % context
            )
    notification_enqueue(
        kind=f"publishing.review.{action}",
        key=notification_key(f"publishing.review.{action}", step=step.pk),
        to=to,
        subject=subject,
        body=body,
    )
    return step


def review_steps_delete(sender, instance, **kwargs) -> None:
    """post_delete of every Publishable: its steps go with it (a reused id, as
    SQLite reuses the highest, must not inherit another item's history)."""
    if instance.pk is not None:
        _steps_of(instance).delete()


def review_reminder_key(obj) -> str:
    # A new publish time is a new reminder: the key carries it.
    return notification_key(
        "publishing.review.due",
        item=_item_key(obj),
        at=int(obj.publish_at.timestamp()),
    )


def content_review_due_remind(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """E-mail the author and the reviewers of every item still waiting for its unit's
    review less than REVIEW_REMINDER_BEFORE before its publish time.

    The sweep will not publish it unapproved (it is not "scheduled"), so they are
    told while there is time. Each (item, publish time) is one Notification row:
    beat may run this as often as it likes. Queries: three per content type plus
    the rule's, whatever the number of items. Returns e-mails queued per model.
    """
    from .notifications import notification_keys_taken
    from .workflow import publishable_models

    now = now or timezone.now()
    counts: dict[str, int] = {}
    for model in publishable_models():
        rows = list(
            model._default_manager.filter(
                status=Status.UNIT_REVIEW,
                publish_at__gt=now,
                publish_at__lte=now + REVIEW_REMINDER_BEFORE,
            ).order_by("publish_at", "pk")
        )
        taken = notification_keys_taken([review_reminder_key(r) for r in rows])
        rows = [r for r in rows if review_reminder_key(r) not in taken]
        if not rows:
            continue
        if dry_run:
            counts[model._meta.label] = len(rows)
            continue
        authors = _submitters(model, rows)
        reviewers = reviewer_emails(objs=rows)
        queued = 0
        for obj, emails in zip(rows, reviewers, strict=True):
            author = authors.get(obj.pk)
            context = {
                "title": obj.title,
                "when": date_format(timezone.localtime(obj.publish_at), "H:i d/m/Y"),
                "link": _admin_link(obj),
            }
            sent = notification_enqueue(
                kind="publishing.review.due",
                key=review_reminder_key(obj),
                to=[*([author] if author else []), *emails],
                subject=_("Sắp đến giờ đăng mà chưa được duyệt: %(title)s") % context,
                body=_(
                    "“%(title)s” hẹn đăng lúc %(when)s nhưng chưa được duyệt trong "
                    "đơn vị. Chưa duyệt thì bài sẽ không được đăng.\n\n%(link)s"
                )
                % context,
            )
            queued += bool(sent and sent.to)
        counts[model._meta.label] = queued
    return counts


def _submitters(model, rows) -> dict[int, str]:
    """The e-mail of the latest submitter of each row (one query)."""
    steps = (
        ReviewStep.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[r.pk for r in rows],
            action=ReviewStep.Action.SUBMITTED,
        )
        .order_by("at", "pk")
        .values_list("object_id", "actor__email")
    )
    return {object_id: email for object_id, email in steps if email}
