"""Chainable filters over guidance documents and their distribution rows."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.querysets import PublishableQuerySet
from units import permissions


class Visibility(models.TextChoices):
    """Who may read a document; the filters below are the one rule that applies it."""

    PUBLIC = "public", _("Công khai")
    MEMBERS = "members", _("Đoàn viên đã đăng nhập")
    OFFICERS = "officers", _("Chỉ cán bộ công đoàn cơ sở")


def visibilities_for(user) -> list[str]:
    """Which visibility levels `user` may read (units.permissions decides officers)."""
    if permissions.is_unit_editor(user):
        return [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.OFFICERS]
    if user is not None and user.is_authenticated and user.is_active:
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


class DocumentQuerySet(PublishableQuerySet):
    def visible_to(self, user):
        """Published documents `user` may read: the one rule for pages, search, feeds."""
        return self.published().filter(visibility__in=visibilities_for(user))

    def public(self):
        return self.published().filter(visibility=Visibility.PUBLIC)

    def with_deadline_on(self, day: date):
        return self.published().filter(response_deadline=day)


class DistributionQuerySet(models.QuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def not_implemented(self):
        return self.exclude(status="implemented")

    def of_published_documents(self):
        return self.filter(document__status="published")

    def overdue(self, today: date):
        """Not implemented, with a response deadline already past on `today`."""
        return (
            self.of_published_documents()
            .not_implemented()
            .filter(document__response_deadline__lt=today)
        )
