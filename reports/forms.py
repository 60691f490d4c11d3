"""The dashboard's filter form: its GET parameters, each falling back to a default."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.periods import MONTH, QUARTER, YEAR
from reports.table import SORT_NAME
from units.models import Unit

GRANULARITY_CHOICES = (
    (MONTH, _("Tháng")),
    (QUARTER, _("Quý")),
    (YEAR, _("Năm")),
)
ACTIVE_CHOICES = (
    ("1", _("Đang hoạt động")),
    ("0", _("Ngừng hoạt động")),
    ("", _("Tất cả")),
)
MAX_QUERY_LENGTH = 100


class DashboardFilterForm(forms.Form):
    """The GET parameters of the dashboard; a bad value falls back to its default."""

    period = forms.ChoiceField(label=_("Kỳ"), choices=GRANULARITY_CHOICES)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Tháng"), choices=[(n, n) for n in range(1, 13)], coerce=int
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=[(n, n) for n in range(1, 5)], coerce=int
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", _("Tất cả")), *Unit.Kind.choices],
        required=False,
    )
    active = forms.ChoiceField(
        label=_("Tình trạng"), choices=ACTIVE_CHOICES, required=False
    )
    q = forms.CharField(
        label=_("Tìm đơn vị"), max_length=MAX_QUERY_LENGTH, required=False
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị trên biểu đồ"), coerce=int, required=False, empty_value=None
    )
    o = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, units: Iterable[Unit], today: datetime.date):
        self.defaults = {
            "period": QUARTER,
            "year": today.year,
            "month": today.month,
            "quarter": (today.month - 1) // 3 + 1,
            "kind": Unit.Kind.GRASSROOTS,
            "active": "1",
            "q": "",
            "unit": None,
            "o": SORT_NAME,
        }
        given = {k: v for k, v in data.items() if k in self.defaults}
        super().__init__(
            {**{k: "" if v is None else v for k, v in self.defaults.items()}, **given}
        )
        self.fields["unit"].choices = [("", _("Tự chọn (nhiều bài nhất)"))] + [
            (unit.pk, unit.name) for unit in units
        ]

    def period_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("period", "year", "month", "quarter")]

    def unit_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "active", "q", "unit")]

    def values(self) -> dict[str, Any]:
        """The cleaned values, with the default wherever the input was invalid."""
        self.is_valid()
        cleaned = dict(self.defaults)
        cleaned.update(
            {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        )
        if isinstance(cleaned["q"], str):
            cleaned["q"] = cleaned["q"].strip()
        return cleaned
