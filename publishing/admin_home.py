"""The admin home: what needs each person now, in boxes that every app contributes.

An app registers, in its AppConfig.ready(), a function under the hook HOOK:

    hooks.register(admin_home.HOOK, boxes)      # boxes(home: Home) -> list[HomeBox]

It receives the request's `Home` (who, when, which role) and returns the boxes that
role should see, each line linking to the admin list filtered to what it counts. A
function runs a fixed number of queries whatever the number of rows (counts and a
short, sliced list), so the page costs the same with 10 or 500 items waiting; it
returns an empty list for a role it has nothing for and for models the user may not
view. This module also contributes publishing's own boxes: the scheduler, home-page
submissions and overdue schedules of every content type.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import hooks
from .models import SchedulerHeartbeat, Status
from .selectors import OVERDUE_GRACE, scheduler_state_get
from .workflow import publishable_models

HOOK = "admin_home_boxes"
ROLE_HOOK = "admin_home_role"  # fn(user) -> (is_office, unit ids the user edits)
LIST_ITEMS = 5  # rows listed in a box; the count links to the rest


@dataclass(frozen=True)
class Home:
    """Who is looking at the admin home, and when."""

    request: HttpRequest
    now: datetime
    is_office: bool
    unit_ids: frozenset[int]  # the editor's units; empty for office staff

    @property
    def user(self):
        return self.request.user

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def _model_admin(self, model):
        if not admin.site.is_registered(model):
            return None
        return admin.site.get_model_admin(model)

    def may_view(self, model) -> bool:
        model_admin = self._model_admin(model)
        return model_admin is not None and model_admin.has_view_permission(self.request)

    def may_add(self, model) -> bool:
        model_admin = self._model_admin(model)
        return model_admin is not None and model_admin.has_add_permission(self.request)


@dataclass
class HomeLine:
    text: str
    url: str = ""
    count: int | None = None
    detail: str = ""  # a deadline, a time: shown after the text
    urgent: bool = False


@dataclass
class HomeBox:
    key: str
    title: str
    lines: list[HomeLine] = field(default_factory=list)
    empty: str = ""  # said when there are no lines; a box without it is left out
    more: HomeLine | None = None  # "see all" under the lines
    order: int = 100
    template: str = "admin/home/box.html"
    context: dict = field(default_factory=dict)


def list_box(
    *,
    rows: QuerySet,
    line: Callable[[object], HomeLine],
    more: Callable[[int], HomeLine],
    count: int | None = None,
    **box,
) -> HomeBox:
    """A box listing the first LIST_ITEMS of `rows` (in their order), `line(row)` each.

    Under them `more(count)`, the "see all" line, where `count` (by default
    `rows.count()`) is what there is in all; none when nothing is. `box` is the rest
    of the HomeBox (key, title, empty, order). Two queries, whatever the rows.
    """
    if count is None:
        count = rows.count()
    lines = [line(row) for row in rows[:LIST_ITEMS]]
    return HomeBox(lines=lines, more=more(count) if count else None, **box)


def see_all(text: str, *, url: str) -> Callable[[int], HomeLine]:
    """The usual `more` of a list_box: `text`, linking to `url`, with the count."""
    return lambda count: HomeLine(text, url=url, count=count)


def changelist_url(model, **params) -> str:
    """The admin list of `model` with `params` as its filters."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def add_url(model) -> str:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    except NoReverseMatch:
        return ""


def local_time_text(value: datetime, *, now: datetime) -> str:
    """ "10:05" today, "10:05 ngày 01/12/2026" another day."""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate(now):
        return date_format(local, "H:i")
    return _("%(time)s ngày %(day)s") % {
        "time": date_format(local, "H:i"),
        "day": date_format(local, "d/m/Y"),
    }


def age_text(seconds: float) -> str:
    """ "40 giây trước", "3 phút trước", "2 giờ trước", "5 ngày trước"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return ngettext("%(n)d giây trước", "%(n)d giây trước", seconds) % {
            "n": seconds
        }
    if seconds < 3600:
        n = seconds // 60
        return ngettext("%(n)d phút trước", "%(n)d phút trước", n) % {"n": n}
    if seconds < 86400:
        n = seconds // 3600
        return ngettext("%(n)d giờ trước", "%(n)d giờ trước", n) % {"n": n}
    n = seconds // 86400
    return ngettext("%(n)d ngày trước", "%(n)d ngày trước", n) % {"n": n}


def user_role(user) -> tuple[bool, frozenset[int]]:
    """(is office staff, the units the user edits), from the hook ROLE_HOOK: units
    answers it with the permission rule, which publishing may not import. Without
    one, nobody is the office and nobody edits anything."""
    for resolve in hooks.get_hooks(ROLE_HOOK)[:1]:
        return resolve(user)
    return False, frozenset()


def home_for_request(request: HttpRequest, *, now: datetime | None = None) -> Home:
    """Who is looking (user_role) and when."""
    is_office, unit_ids = user_role(request.user)
    return Home(
        request=request,
        now=now or timezone.now(),
        is_office=is_office,
        unit_ids=frozenset() if is_office else frozenset(unit_ids),
    )


def admin_home_boxes(home: Home) -> list[HomeBox]:
    """Every registered app's boxes for `home`, in order; empty boxes left out.

    Boxes sharing a key are one box (the shortcuts several apps add to)."""
    boxes: dict[str, HomeBox] = {}
    for provider in hooks.get_hooks(HOOK):
        result = provider(home)
        for box in [result] if isinstance(result, HomeBox) else result or ():
            if box.key in boxes:
                boxes[box.key].lines.extend(box.lines)
            else:
                boxes[box.key] = box
    shown = [box for box in boxes.values() if box.lines or box.empty]
    return sorted(shown, key=lambda box: box.order)


# -- publishing's own boxes ------------------------------------------------------------
def _scheduler_box(home: Home) -> HomeBox | None:
    if not home.is_office:
        return None
    state = scheduler_state_get(now=home.now)
    if state.last_beat_at is None:
        line = HomeLine(
            _("Bộ lập lịch chưa chạy lần nào: bài hẹn giờ sẽ không được đăng."),
            urgent=True,
        )
    else:
        line = HomeLine(
            _("Bộ lập lịch chạy lần cuối lúc %(when)s, %(age)s.")
            % {
                "when": local_time_text(state.last_beat_at, now=home.now),
                "age": age_text(state.age_seconds),
            },
            urgent=state.stalled,
        )
    worker = SchedulerHeartbeat.objects.filter(
        source=SchedulerHeartbeat.Source.WORKER
    ).first()
    if worker is None:
        worker_line = HomeLine(_("Chưa có tiến trình nền nào trả lời kiểm tra."))
    else:
        worker_line = HomeLine(
            _("Tiến trình nền trả lời lần cuối lúc %(when)s, %(age)s.")
            % {
                "when": local_time_text(worker.beat_at, now=home.now),
                "age": age_text((home.now - worker.beat_at).total_seconds()),
            }
        )
    return HomeBox(
        key="scheduler",
        title=_("Bộ lập lịch và tiến trình nền"),
        lines=[line, worker_line],
        order=900,
        template="admin/home/scheduler_box.html",
    )


def _content_models(home: Home) -> Iterable:
    return [m for m in publishable_models() if home.may_view(m)]


def _content_box(home: Home) -> HomeBox | None:
    """Home-page submissions waiting (office) and schedules the sweep missed."""
    if not home.is_office:
        return None
    due_before = home.now - OVERDUE_GRACE
    lines = []
    for model in _content_models(home):  # one query per content type
        counts = model._default_manager.aggregate(
            in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
            overdue=Count(
                "pk", filter=Q(status=Status.SCHEDULED, publish_at__lte=due_before)
            ),
        )
        name = capfirst(model._meta.verbose_name_plural)
        if counts["in_review"]:
            lines.append(
                HomeLine(
                    _("%(kind)s chờ duyệt lên trang chủ") % {"kind": name},
                    url=changelist_url(model, status__exact=Status.IN_REVIEW),
                    count=counts["in_review"],
                )
            )
        if counts["overdue"]:
            lines.append(
                HomeLine(
                    _("%(kind)s hẹn giờ đã quá giờ đăng mà chưa đăng") % {"kind": name},
                    url=changelist_url(model, qua_gio="1"),
                    count=counts["overdue"],
                    urgent=True,
                )
            )
    return HomeBox(
        key="content",
        title=_("Bài chờ duyệt và bài hẹn giờ"),
        lines=lines,
        empty=_("Không có bài nào chờ duyệt lên trang chủ hay quá giờ đăng."),
        order=10,
    )


def admin_home_publishing(home: Home) -> list[HomeBox]:
    return [box for box in (_content_box(home), _scheduler_box(home)) if box]
