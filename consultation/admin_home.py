"""The consultation app's boxes on the admin home: questions waiting for someone."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from publishing.admin_home import (
    Home,
    HomeBox,
    HomeLine,
    change_url,
    changelist_url,
    list_box,
    see_all,
)

from .models import Question
from .timeliness import age_in_working_days, overdue_before, overdue_working_days


def _office_box(home: Home) -> HomeBox:
    counts = Question.objects.aggregate(
        unassigned=Count("pk", filter=Q(status=Question.Status.NEW)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=Question.OPEN_STATUSES,
                created_at__lt=overdue_before(now=home.now),
            ),
        ),
    )
    lines = []
    if counts["unassigned"]:
        lines.append(
            HomeLine(
                _("Câu hỏi mới chưa phân công"),
                url=changelist_url(Question, status__exact=Question.Status.NEW),
                count=counts["unassigned"],
            )
        )
    if counts["overdue"]:
        lines.append(
            HomeLine(
                _("Câu hỏi quá hạn trả lời (hơn %(days)d ngày làm việc)")
                % {"days": overdue_working_days()},
                url=changelist_url(Question, han="qua-han"),
                count=counts["overdue"],
                urgent=True,
            )
        )
    return HomeBox(
        key="questions",
        title=_("Câu hỏi của đoàn viên"),
        lines=lines,
        empty=_("Không có câu hỏi nào chờ phân công hay quá hạn."),
        order=20,
    )


def _editor_box(home: Home) -> HomeBox:
    mine = Question.objects.open().filter(assigned_unit_id__in=home.unit_ids)
    late = overdue_working_days()

    def line(question: Question) -> HomeLine:
        age = age_in_working_days(question.created_at, until=home.now)
        return HomeLine(
            str(question),
            url=change_url(question),
            detail=_("chờ %(days)d ngày làm việc") % {"days": age},
            urgent=age > late,
        )

    return list_box(
        rows=mine.order_by("created_at", "pk"),
        line=line,
        more=see_all(
            _("Tất cả câu hỏi đang chờ trả lời"),
            url=changelist_url(Question, han="dang-cho"),
        ),
        key="questions",
        title=_("Câu hỏi giao cho đơn vị bạn"),
        empty=_("Không có câu hỏi nào đang chờ đơn vị trả lời."),
        order=30,
    )


def admin_home_consultation(home: Home) -> list[HomeBox]:
    if not home.may_view(Question):
        return []
    return [_office_box(home) if home.is_office else _editor_box(home)]
