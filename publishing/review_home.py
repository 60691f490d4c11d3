"""The admin home's box for review inside a unit (#16), for office staff and editors.

What waits for a unit's review, what is blocked (its publish time passed unapproved:
the sweep does not publish it), and, for editors, what came back with its reason.
Two queries per content type that belongs to units, whatever the number of items.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .admin_home import LIST_ITEMS, Home, HomeBox, HomeLine, change_url, changelist_url
from .models import Status
from .review import REVIEW_REMINDER_BEFORE, review_applies_to

# publishing.admin.UnitReviewFilter's parameter and values.
WAITING_FILTER = {"duyet": "cho"}
BLOCKED_FILTER = {"duyet": "qua_gio"}
RETURNED_FILTER = {"duyet": "tra_lai"}


def _models(home: Home):
    from .workflow import publishable_models

    return [
        m for m in publishable_models() if review_applies_to(m) and home.may_view(m)
    ]


def _lines_for(home: Home, model) -> list[HomeLine]:
    rows = admin.site.get_model_admin(model).get_queryset(home.request).order_by()
    soon = home.now + REVIEW_REMINDER_BEFORE
    waiting = Q(status=Status.UNIT_REVIEW)
    returned = Q(status=Status.DRAFT) & ~Q(review_note="")
    counts = rows.aggregate(
        returned=Count("pk", filter=returned),
        waiting=Count("pk", filter=waiting),
        blocked=Count("pk", filter=waiting & Q(publish_at__lte=home.now)),
        soon=Count(
            "pk", filter=waiting & Q(publish_at__gt=home.now, publish_at__lte=soon)
        ),
    )
    name = capfirst(model._meta.verbose_name_plural)
    lines = []
    if counts["waiting"]:
        lines.append(
            HomeLine(
                _("%(kind)s chờ duyệt trong đơn vị") % {"kind": name},
                url=changelist_url(model, **WAITING_FILTER),
                count=counts["waiting"],
            )
        )
    if counts["blocked"]:
        lines.append(
            HomeLine(
                _("%(kind)s đã quá giờ hẹn mà chưa được duyệt nên chưa đăng")
                % {"kind": name},
                url=changelist_url(model, **BLOCKED_FILTER),
                count=counts["blocked"],
                urgent=True,
            )
        )
    if counts["soon"]:
        lines.append(
            HomeLine(
                _("%(kind)s sắp đến giờ đăng (trong 24 giờ) mà chưa được duyệt")
                % {"kind": name},
                url=changelist_url(model, **WAITING_FILTER),
                count=counts["soon"],
                urgent=True,
            )
        )
    if not home.is_office and counts["returned"]:
        shown = rows.filter(returned).order_by("-updated_at", "-pk")[:LIST_ITEMS]
        for obj in shown:
            lines.append(
                HomeLine(
                    _("Bị trả lại: %(title)s") % {"title": obj.title},
                    url=change_url(obj),
                    detail=_("Lý do: %(note)s") % {"note": obj.review_note},
                    urgent=True,
                )
            )
        if counts["returned"] > LIST_ITEMS:
            lines.append(
                HomeLine(
                    _("Tất cả %(kind)s bị trả lại") % {"kind": name.lower()},
                    url=changelist_url(model, **RETURNED_FILTER),
                    count=counts["returned"],
                )
            )
    return lines


def admin_home_review(home: Home) -> list[HomeBox]:
    models = _models(home)
    if not models:
        return []
    lines = [line for model in models for line in _lines_for(home, model)]
    return [
        HomeBox(
            key="unit-review",
            title=_("Duyệt trong đơn vị"),
            lines=lines,
            empty=_("Không có bài nào chờ duyệt hay bị trả lại."),
            order=5,
        )
    ]
