"""The admin home's box for review inside a unit (#16), for office staff and editors.

What waits for a unit's review, what is blocked (its publish time passed unapproved:
the sweep does not publish it), and, for editors, what came back with its reason.
Two queries per content type that belongs to units, whatever the number of items.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .admin_home import LIST_ITEMS, Home, HomeBox, HomeLine, change_url, changelist_url
from .models import Status
from .review import REVIEW_REMINDER_BEFORE, review_applies_to

BLOCKED_FILTER = {"qua_gio": "chua_duyet"}  # publishing.admin.OverdueScheduleFilter


def _models(home: Home):
    from .workflow import publishable_models

    return [
        m for m in publishable_models() if review_applies_to(m) and home.may_view(m)
    ]


def _lines_for(home: Home, model) -> list[HomeLine]:
    rows = admin.site.get_model_admin(model).get_queryset(home.request).order_by()
    soon = home.now + min(REVIEW_REMINDER_BEFORE, timedelta(days=1))
    waiting = Q(status=Status.UNIT_REVIEW)
    counts = rows.aggregate(
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
                url=changelist_url(model, status__exact=Status.UNIT_REVIEW),
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
                url=changelist_url(model, status__exact=Status.UNIT_REVIEW),
                count=counts["soon"],
                urgent=True,
            )
        )
    if not home.is_office:
        returned = rows.filter(status=Status.DRAFT).exclude(review_note="")
        for obj in returned.order_by("-updated_at", "-pk")[:LIST_ITEMS]:
            lines.append(
                HomeLine(
                    _("Bị trả lại: %(title)s") % {"title": obj.title},
                    url=change_url(obj),
                    detail=_("Lý do: %(note)s") % {"note": obj.review_note},
                    urgent=True,
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
