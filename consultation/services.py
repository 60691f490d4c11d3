"""Every write of the consultation app: ask, assign, answer, publish, merge, e-mail.

These are the only functions that change `Question.status`. E-mails leave through
publishing.notifications: the `*_send`/`*_notify` services here queue them in the
same transaction as the change that promises them, once per question and message.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.models import Status as PublishStatus
from publishing.notifications import notification_enqueue, notification_key
from publishing.richtext import richtext_to_text, sanitize_html
from publishing.workflow import Intent, content_save
from units import permissions

from .models import Faq, Question, Topic

logger = logging.getLogger(__name__)
FAQ_TITLE_MAX_CHARS = 160


# -- asking --------------------------------------------------------------------------
@transaction.atomic
def question_submit(
    *,
    name: str,
    email: str,
    phone: str,
    topic: Topic,
    body: str,
    consent: str,
    unit=None,
    ip: str | None = None,
) -> Question:
    """Record a member's question; e-mail them the tracking link after commit."""
    question = Question(
        asker_name=name,
        asker_email=email,
        asker_phone=phone,
        asker_ip=ip,
        unit=unit,
        topic=topic,
        body=body,
        consent=consent,
    )
    question.full_clean()
    question.save()
    question_tracking_link_send(question=question)
    return question


# -- handling ------------------------------------------------------------------------
def _check_handler(*, actor, question: Question) -> None:
    if actor is not None and not permissions.user_can_edit(
        user=actor, obj=question, unit_field="assigned_unit"
    ):
        raise PermissionDenied


def _check_office(actor) -> None:
    if actor is not None and not permissions.is_office_staff(actor):
        raise PermissionDenied


@transaction.atomic
def question_assign(
    *, question: Question, unit=None, user=None, actor=None
) -> Question:
    """Give a question to a unit (its editors then see it) and/or an office person.

    Office staff only. A new question becomes "assigned"; removing both assignees
    of an assigned question makes it "new" again. Later statuses stay as they are.
    """
    _check_office(actor)
    if unit is not None and not unit.is_active:
        raise ValidationError(
            {"assigned_unit": _("Không thể giao cho đơn vị đã ngừng hoạt động.")},
            code="inactive_unit",
        )
    if user is not None and not permissions.is_office_staff(user):
        raise ValidationError(
            {"assigned_user": _("Chỉ giao cho cán bộ văn phòng Công đoàn.")},
            code="not_office_staff",
        )
    question.assigned_unit = unit
    question.assigned_user = user
    if question.is_open:
        question.status = (
            Question.Status.ASSIGNED
            if unit is not None or user is not None
            else Question.Status.NEW
        )
    question.full_clean()
    question.save(
        update_fields=["assigned_unit", "assigned_user", "status", "updated_at"]
    )
    return question


@transaction.atomic
def question_update(*, question: Question, actor=None) -> Question:
    """Save the handler's edits (topic, a draft answer) without changing the status.

    If the question is already on the FAQ, the public entry follows the new answer.
    """
    _check_handler(actor=actor, question=question)
    question.full_clean()
    question.save(update_fields=["topic", "answer", "updated_at"])
    if question.status == Question.Status.PUBLISHED:
        _faq_sync(question=question)
    return question


@transaction.atomic
def question_answer(
    *, question: Question, answer: str | None = None, actor=None, now=None
) -> Question:
    """Record the answer and e-mail it to the asker (and to askers of duplicates).

    The first answer sets `answered_at` (the response time counts to it); editing
    the answer later keeps it. An open question becomes "answered"; a published
    one stays published and its FAQ entry follows. Refuses an empty answer.
    """
    _check_handler(actor=actor, question=question)
    if question.duplicate_of_id:
        raise ValidationError(
            _("Câu hỏi trùng dùng câu trả lời của câu hỏi gốc."), code="is_duplicate"
        )
    if answer is not None:
        question.answer = answer
    if not richtext_to_text(sanitize_html(question.answer)).strip():
        raise ValidationError(
            {"answer": _("Hãy viết câu trả lời trước khi gửi.")}, code="answer_empty"
        )
    if question.answered_at is None:
        question.answered_at = now or timezone.now()
        question.answered_by = actor if actor is not None else question.answered_by
    if question.status != Question.Status.PUBLISHED:
        question.status = Question.Status.ANSWERED
    question.full_clean()
    question.save(
        update_fields=[
            "topic",
            "answer",
            "answered_at",
            "answered_by",
            "status",
            "updated_at",
        ]
    )
    if question.status == Question.Status.PUBLISHED:
        _faq_sync(question=question)
    for waiting in [question, *question.duplicates.select_related("duplicate_of")]:
        question_answer_notify(question=waiting)
    return question


def faq_title_default(text: str) -> str:
    """The start of the public wording, cut on a word boundary."""
    text = " ".join(text.split())
    if len(text) <= FAQ_TITLE_MAX_CHARS:
        return text
    return text[: FAQ_TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _faq_sync(*, question: Question, title: str = "", question_text: str = "") -> Faq:
    faq = Faq.objects.filter(question=question).first() or Faq(question=question)
    # The title comes from the public (possibly redacted) wording, never the original.
    faq.question_text = question_text or faq.question_text or question.body
    faq.title = (title or faq.title or faq_title_default(faq.question_text))[:255]
    faq.answer = question.answer
    faq.topic = question.topic
    faq.asker_unit = question.unit
    faq.asker_public_name = (
        question.asker_name if question.consent == Question.Consent.NAMED else ""
    )
    faq.asked_at = question.created_at
    content_save(obj=faq, intent=Intent.PUBLISH)
    return faq


@transaction.atomic
def question_publish(
    *, question: Question, title: str = "", question_text: str = "", actor=None
) -> Faq:
    """Put an answered question on the public FAQ, as the asker agreed to be shown.

    Office staff only. Refused for a question without an answer, a duplicate, or
    one whose asker did not agree to publication. `question_text` lets the office
    publish a redacted wording; the title defaults to the start of the question.
    Publishing again updates the entry (a no-op for its status).
    """
    _check_office(actor)
    if question.consent == Question.Consent.PRIVATE:
        raise ValidationError(
            _("Người hỏi không đồng ý đăng công khai câu hỏi này."),
            code="no_consent",
        )
    if question.duplicate_of_id:
        raise ValidationError(
            _("Câu hỏi trùng không được đăng riêng; hãy đăng câu hỏi gốc."),
            code="is_duplicate",
        )
    if question.answered_at is None:
        question_answer(question=question, actor=actor)
    faq = _faq_sync(question=question, title=title, question_text=question_text)
    question.status = Question.Status.PUBLISHED
    question.save(update_fields=["status", "updated_at"])
    return faq


@transaction.atomic
def question_unpublish(*, question: Question, actor=None) -> Question:
    """Take a question's FAQ entry off the site; the question is "answered" again."""
    _check_office(actor)
    faq = Faq.objects.filter(question=question).first()
    if faq is not None and faq.status != PublishStatus.ARCHIVED:
        content_save(obj=faq, intent=Intent.ARCHIVE)
    if question.status == Question.Status.PUBLISHED:
        question.status = Question.Status.ANSWERED
        question.save(update_fields=["status", "updated_at"])
    return question


@transaction.atomic
def question_close(*, question: Question, actor=None) -> Question:
    """Close a question without answering (spam, out of scope); takes it off the FAQ."""
    _check_office(actor)
    question_unpublish(question=question, actor=actor)
    question.status = Question.Status.CLOSED
    question.save(update_fields=["status", "updated_at"])
    return question


@transaction.atomic
def question_mark_duplicate(
    *, question: Question, canonical: Question, actor=None
) -> Question:
    """Merge `question` into `canonical`: it shares the canonical answer from now on.

    Office staff only. A chain is flattened (a duplicate of a duplicate points at
    the root, and the question's own duplicates move to the root too). The duplicate
    is closed and leaves the FAQ; its asker is e-mailed the canonical answer, now
    if there is one, otherwise when the canonical question is answered.
    """
    _check_office(actor)
    while canonical.duplicate_of_id:
        canonical = canonical.duplicate_of
    if canonical.pk == question.pk:
        raise ValidationError(
            {"duplicate_of": _("Câu hỏi không thể trùng với chính nó.")},
            code="duplicate_of_itself",
        )
    question_unpublish(question=question, actor=actor)
    Question.objects.filter(duplicate_of=question).update(duplicate_of=canonical)
    question.duplicate_of = canonical
    question.status = Question.Status.CLOSED
    question.full_clean()
    question.save(update_fields=["duplicate_of", "status", "updated_at"])
    if canonical.answered_at is not None:
        question_answer_notify(question=question)
    return question


@transaction.atomic
def question_merge(*, questions: list[Question], actor=None) -> Question:
    """Merge several questions into one canonical question and return it.

    The canonical one is the question answered first (it may already be on the
    FAQ), or else the oldest; every other one becomes its duplicate.
    """
    _check_office(actor)
    if len(questions) < 2:
        raise ValidationError(
            _("Hãy chọn ít nhất hai câu hỏi để gộp."), code="merge_too_few"
        )
    far_future = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    canonical = min(
        questions,
        key=lambda q: (
            q.duplicate_of_id is not None,
            q.answered_at or far_future,
            q.created_at,
            q.pk,
        ),
    )
    for question in questions:
        if question.pk != canonical.pk:
            question_mark_duplicate(question=question, canonical=canonical, actor=actor)
    return canonical


# -- e-mail --------------------------------------------------------------------------
def _enqueue(*, question: Question, message: str, template: str, subject, context):
    """Queue one e-mail to the asker, once per question and message (the key)."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "question": question,
                "tracking_url": settings.SITE_URL + question.get_tracking_url(),
                "organization": settings.ORGANIZATION,
                **context,
            },
        )
        subject = str(subject)
    return notification_enqueue(
        kind=f"consultation.{message}",
        key=notification_key(f"consultation.{message}", question=question.pk),
        to=[question.asker_email],
        subject=subject,
        body=body,
    )


def question_tracking_link_send(*, question: Question) -> bool:
    """Queue the e-mail with the link to follow the question; once. True if queued.

    Called in the transaction that records the question, so the e-mail is promised
    with it (publishing.notifications sends it, retries included). Nothing when the
    asker left no e-mail or it was queued before.
    """
    if not question.asker_email:
        return False
    return bool(
        _enqueue(
            question=question,
            message="tracking_link",
            template="consultation/email/tracking_link.txt",
            subject=gettext_lazy("Công đoàn đã nhận câu hỏi của bạn"),
            context={},
        )
    )


def question_answer_notify(*, question: Question) -> bool:
    """Queue the e-mail telling the asker their question (or its canonical one) is
    answered; once. True if queued.

    Nothing when the question has no e-mail, has no answer yet (a duplicate whose
    canonical question is still open), or was notified before: the first answer is
    announced, later edits are not.
    """
    source = question.duplicate_of or question
    if not question.asker_email or source.answered_at is None or not source.answer:
        return False
    return bool(
        _enqueue(
            question=question,
            message="answer_ready",
            template="consultation/email/answer_ready.txt",
            subject=gettext_lazy("Câu hỏi của bạn đã có câu trả lời"),
            context={
                "is_duplicate": question.duplicate_of_id is not None,
                "answer_text": richtext_to_text(source.answer),
            },
        )
    )
