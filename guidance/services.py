"""Writes of the guidance app: documents, files, distribution, reports, reminders."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from publishing.cache import page_cache_invalidate
from publishing.documents.extraction import extract_text
from publishing.models import Notification, Status
from publishing.notifications import (
    notification_enqueue,
    notification_key,
    notification_keys_taken,
)
from publishing.outbox import task_enqueue_on_commit
from publishing.text import fold
from publishing.workflow import Intent, content_save
from units.models import Unit
from units.permissions import office_staff_users, unit_editor_memberships

from .models import (
    Attachment,
    Distribution,
    Document,
    ReportFile,
)

logger = logging.getLogger(__name__)
REMINDER_DAYS_BEFORE_DEFAULT = 3


def reminder_days_before() -> int:
    return int(
        getattr(settings, "GUIDANCE_REMINDER_DAYS_BEFORE", REMINDER_DAYS_BEFORE_DEFAULT)
    )


# -- documents ---------------------------------------------------------------------
@transaction.atomic
def document_save(
    *,
    document: Document,
    author=None,
    intent: str | None = Intent.DRAFT,
    may_publish_home: bool = False,
    on_home: bool | None = None,
    review_note: str = "",
) -> Document:
    """Save a document through the publishing workflow; the first saver is its author.

    When the document is (still) published, its distribution rows are brought up to
    date in the same transaction, so recipients added to a published document get
    theirs too. The first publication itself is announced by
    publishing.signals.published, inside the publishing transaction, which apps.py
    connects to document_distribute (the sweep sends it as well). The admin saves the
    chosen units after this and distributes again (admin.DocumentAdmin.save_related).
    """
    if document.pk is None and author is not None and author.is_authenticated:
        document.created_by = author
    document = content_save(
        obj=document,
        intent=intent or Intent.DRAFT,
        may_publish_home=may_publish_home,
        on_home=on_home,
        review_note=review_note,
    )
    if document.status == Status.PUBLISHED:
        document_distribute(document_ids=[document.pk])
    return document


def document_search_text_refresh(*, document_id: int) -> None:
    """Recompute the folded search text (after a file's text was extracted)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    Document.objects.filter(pk=document_id).update(
        search_text=fold(document.get_search_text())
    )
    page_cache_invalidate()


@transaction.atomic
def document_distribute(*, document_ids: list[int]) -> int:
    """Create one distribution row per recipient unit of each published document.

    Recipients are the chosen units plus, with "all CĐCS", every active grassroots
    union. Idempotent: the unique (document, unit) pair makes a second run (the
    signal and the save service both call this) create nothing. Returns how many
    rows were created.
    """
    documents = list(
        Document.objects.filter(pk__in=document_ids, status=Status.PUBLISHED)
        .only("pk", "recipients_all_grassroots")
        .prefetch_related("recipient_units")
    )
    if not documents:
        return 0
    grassroots: list[int] = []
    if any(d.recipients_all_grassroots for d in documents):
        grassroots = list(
            Unit.objects.filter(kind=Unit.Kind.GRASSROOTS, is_active=True).values_list(
                "pk", flat=True
            )
        )
    wanted = set()
    for document in documents:
        unit_ids = {u.pk for u in document.recipient_units.all() if u.is_active}
        if document.recipients_all_grassroots:
            unit_ids.update(grassroots)
        wanted.update((document.pk, unit_id) for unit_id in unit_ids)
    existing = set(
        Distribution.objects.filter(document_id__in=document_ids).values_list(
            "document_id", "unit_id"
        )
    )
    new = [
        Distribution(document_id=document_id, unit_id=unit_id)
        for document_id, unit_id in sorted(wanted - existing)
    ]
    Distribution.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def on_documents_published(sender, *, pks: list[int], **kwargs) -> None:
    """Receiver of publishing.signals.published for Document (connected in apps.py)."""
    document_distribute(document_ids=pks)


# -- files -------------------------------------------------------------------------
@transaction.atomic
def attachment_save(
    *, attachment: Attachment, upload_name: str | None = None
) -> Attachment:
    """Save a document's file; a new upload's text is extracted after commit.

    The file is judged by its content (publishing.documents) and stored under a
    random folder and name; the user's file name is kept for downloads.
    """
    new_file = bool(attachment.file) and not attachment.file._committed
    attachment.describe_upload(upload_name)
    attachment.full_clean()
    attachment.save()
    if new_file:
        # guidance.tasks imports this module: the task is looked up when enqueued.
        from .tasks import attachment_text_extract as task

        task_enqueue_on_commit(task, attachment.pk)
    page_cache_invalidate()
    return attachment


def attachment_text_extract(*, attachment_id: int) -> bool:
    """Extract the text of a PDF/DOCX/... file and fold it into the document's search.

    Runs in the worker (guidance.tasks), never on the request path. Returns False
    quietly when the attachment is gone. A hostile or broken file gives "" (see
    publishing.documents.extraction.extract_text), never an exception.
    """
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return False
    kind = attachment.document_kind
    text = ""
    if kind is not None:
        try:
            with attachment.file.open("rb") as handle:
                text = extract_text(handle, kind)
        except FileNotFoundError:
            logger.warning("Attachment %s has no file in storage", attachment_id)
    # Both rows change together: a reader never sees the file done but not searchable.
    with transaction.atomic():
        Attachment.objects.filter(pk=attachment_id).update(
            text=text, text_extracted_at=timezone.now()
        )
        document_search_text_refresh(document_id=attachment.document_id)
    return True


@transaction.atomic
def report_file_save(
    *, report_file: ReportFile, upload_name: str | None = None
) -> ReportFile:
    """Save a file of a unit's report under the same upload rules as attachments."""
    report_file.describe_upload(upload_name)
    report_file.full_clean()
    report_file.save()
    return report_file


# -- acknowledgement and reports ---------------------------------------------------
@transaction.atomic
def distribution_mark_received(
    *, distribution: Distribution, user, now: datetime | None = None
) -> Distribution:
    """Record that the unit received the document; a second call changes nothing."""
    if distribution.status != Distribution.Status.NOT_SEEN:
        return distribution
    distribution.status = Distribution.Status.RECEIVED
    distribution.received_at = now or timezone.now()
    distribution.received_by = user if user and user.is_authenticated else None
    distribution.full_clean()
    distribution.save(
        update_fields=["status", "received_at", "received_by", "updated_at"]
    )
    return distribution


@transaction.atomic
def distribution_report_save(
    *,
    distribution: Distribution,
    report_text: str | None = None,
    report_url: str | None = None,
) -> Distribution:
    """Save the unit's report text and the link to its own article (validated)."""
    if report_text is not None:
        distribution.report_text = report_text
    if report_url is not None:
        distribution.report_url = report_url
    distribution.full_clean()
    distribution.save()
    return distribution


@transaction.atomic
def distribution_mark_implemented(
    *,
    distribution: Distribution,
    user,
    report_text: str | None = None,
    report_url: str | None = None,
    now: datetime | None = None,
) -> Distribution:
    """Record that the unit implemented the document, receiving it if not yet done.

    The first implementation time and person stay; a later call only updates the
    report. Marking implemented stops the reminders for this unit.
    """
    now = now or timezone.now()
    if distribution.status == Distribution.Status.NOT_SEEN:
        distribution_mark_received(distribution=distribution, user=user, now=now)
    if distribution.status != Distribution.Status.IMPLEMENTED:
        distribution.status = Distribution.Status.IMPLEMENTED
        distribution.implemented_at = now
        distribution.implemented_by = user if user and user.is_authenticated else None
    return distribution_report_save(
        distribution=distribution, report_text=report_text, report_url=report_url
    )


# -- reminders ---------------------------------------------------------------------
def _admin_link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _unit_recipients(unit_ids: set[int]) -> dict[int, list[str]]:
    """E-mail addresses of each unit's editors and of the unit itself (two queries)."""
    found: dict[int, list[str]] = {pk: [] for pk in unit_ids}
    for unit_id, email in unit_editor_memberships(unit_ids=unit_ids).values_list(
        "unit_id", "user__email"
    ):
        if email and email not in found[unit_id]:
            found[unit_id].append(email)
    for unit_id, email in Unit.objects.filter(pk__in=unit_ids).values_list(
        "pk", "email"
    ):
        if email and email not in found[unit_id]:
            found[unit_id].append(email)
    return found


REMINDER_BEFORE, REMINDER_DUE = "before", "due"


def _reminder_key(row: Distribution, kind: str) -> str:
    return notification_key(f"guidance.reminder.{kind}", distribution=row.pk)


def distribution_reminders_send(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """E-mail units that have not implemented a document whose deadline is near.

    "before": from GUIDANCE_REMINDER_DAYS_BEFORE days before the deadline until the
    day before it; "due": on the deadline day. Each (distribution, kind) is one
    Notification row (publishing.notifications), so beat may run this as often as
    it likes and each reminder goes once. Returns the number of e-mails queued (or
    due, with `dry_run`) per kind.
    """
    today = timezone.localdate(now or timezone.now())
    due = _reminders_due(today)
    counts = {REMINDER_BEFORE: 0, REMINDER_DUE: 0}
    if dry_run:
        for _row, kind in due:
            counts[kind] += 1
        return counts
    recipients = _unit_recipients({row.unit_id for row, _kind in due})
    for row, kind in due:
        subject, body = _reminder_message(row, kind, today)
        queued = notification_enqueue(
            kind=f"guidance.reminder.{kind}",
            key=_reminder_key(row, kind),
            to=recipients[row.unit_id],
            subject=subject,
            body=body,
        )
        if queued is not None and queued.to:
            counts[kind] += 1
    return counts


def _reminders_due(today) -> list[tuple[Distribution, str]]:
    """(distribution, kind) for every reminder due today and not yet queued."""
    window_end = today + timedelta(days=reminder_days_before())
    rows = (
        Distribution.objects.of_published_documents()
        .not_implemented()
        .filter(
            document__response_deadline__gte=today,
            document__response_deadline__lte=window_end,
            unit__is_active=True,
        )
        .select_related("document", "unit")
        .order_by("pk")
    )
    wanted = [
        (
            row,
            REMINDER_DUE
            if row.document.response_deadline == today
            else REMINDER_BEFORE,
        )
        for row in rows
    ]
    taken = notification_keys_taken([_reminder_key(row, kind) for row, kind in wanted])
    return [
        (row, kind) for row, kind in wanted if _reminder_key(row, kind) not in taken
    ]


def _reminder_message(row: Distribution, kind: str, today) -> tuple[str, str]:
    context = {
        "distribution": row,
        "document": row.document,
        "unit": row.unit,
        "is_due_today": kind == REMINDER_DUE,
        "days_left": (row.document.response_deadline - today).days,
        "link": _admin_link("admin:guidance_distribution_change", row.pk),
        "organization": settings.ORGANIZATION,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("guidance/email/reminder_subject.txt", context)
        body = render_to_string("guidance/email/reminder_body.txt", context)
    return " ".join(subject.split()), body


def _office_emails() -> list[str]:
    users = office_staff_users()
    emails = sorted({e for e in users.values_list("email", flat=True) if e})
    return emails or [settings.ORGANIZATION["email"]]


def overdue_digest_send(*, now: datetime | None = None) -> Notification | None:
    """Send the office, once per ISO week, the list of units past a deadline.

    Beat wakes it daily: the first run of a week that finds overdue units queues
    the week's Notification (key guidance.digest:week=<monday>); every later run of
    that week does nothing. Returns the notification when this call queued it.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_start = today - timedelta(days=today.weekday())
    key = notification_key("guidance.digest", week=week_start.isoformat())
    if notification_keys_taken([key]):
        return None
    overdue = list(
        Distribution.objects.overdue(today)
        .select_related("document", "unit")
        .order_by("document__response_deadline", "document_id", "unit__name")
    )
    if not overdue:
        return None
    groups: dict[int, dict] = {}
    for row in overdue:
        entry = groups.setdefault(
            row.document_id, {"document": row.document, "rows": []}
        )
        entry["rows"].append(row)
    context = {
        "groups": list(groups.values()),
        "count": len(overdue),
        "today": today,
        "link": _admin_link("admin:guidance_document_matrix"),
        "organization": settings.ORGANIZATION,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("guidance/email/digest_subject.txt", context)
        body = render_to_string("guidance/email/digest_body.txt", context)
    return notification_enqueue(
        kind="guidance.digest", key=key, to=_office_emails(), subject=subject, body=body
    )
