"""Placeholders in planned posts' titles and bodies: {nam}, {lan_thu}, {ngay}..."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.text import format_date_vi

from . import lunar

PLACEHOLDERS = {
    "nam": gettext_lazy("năm tổ chức, ví dụ 2026"),
    "lan_thu": gettext_lazy("số năm kỷ niệm, ví dụ 97"),
    "ngay": gettext_lazy("ngày viết bằng chữ, ví dụ “ngày 28 tháng 7 năm 2026”"),
    "ngay_am": gettext_lazy(
        "ngày âm lịch, ví dụ “mùng 10 tháng 3 năm Bính Ngọ (âm lịch)”"
    ),
    "ngay_ket_thuc": gettext_lazy("ngày kết thúc (với khoảng thời gian)"),
    "ten": gettext_lazy("tên ngày kỷ niệm"),
    "ten_ngan": gettext_lazy("tên ngắn của ngày kỷ niệm"),
    "don_vi": gettext_lazy("tên đơn vị đăng bài (văn phòng hoặc công đoàn cơ sở)"),
}


def placeholder_help() -> str:
    items = "; ".join(f"{{{name}}}: {text}" for name, text in PLACEHOLDERS.items())
    return _("Có thể dùng: %(items)s.") % {"items": items}


def _fields(template: str) -> list[str]:
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if spec or conversion:
            names.append(
                f"{name}!{conversion}:{spec}" if conversion else f"{name}:{spec}"
            )
        else:
            names.append(name)
    return names


def template_errors(template: str, *, key_date=None) -> list[ValidationError]:
    """What is wrong with a template, as clear Vietnamese errors naming the problem."""
    try:
        names = _fields(template)
    except ValueError:
        return [
            ValidationError(
                _(
                    "Mẫu có dấu ngoặc nhọn không khớp. Viết chỗ điền như {nam}; muốn "
                    "in dấu ngoặc nhọn thì viết hai lần: {{ hoặc }}."
                ),
                code="unbalanced_braces",
            )
        ]
    errors = []
    for name in dict.fromkeys(names):
        if name not in PLACEHOLDERS:
            errors.append(
                ValidationError(
                    _("Chỗ điền {%(name)s} không có. %(help)s"),
                    code="unknown_placeholder",
                    params={"name": name, "help": placeholder_help()},
                )
            )
        elif name == "lan_thu" and key_date is not None and not key_date.founding_year:
            errors.append(
                ValidationError(
                    _(
                        "Chỗ điền {lan_thu} cần năm bắt đầu của ngày kỷ niệm “%(key_date)s”, "
                        "mà ngày này chưa có năm bắt đầu."
                    ),
                    code="anniversary_without_founding_year",
                    params={"key_date": key_date.name},
                )
            )
        elif (
            name == "ngay_ket_thuc"
            and key_date is not None
            and key_date.kind != "window"
        ):
            errors.append(
                ValidationError(
                    _(
                        "Chỗ điền {ngay_ket_thuc} chỉ dùng cho ngày kỷ niệm là một khoảng "
                        "thời gian."
                    ),
                    code="end_date_without_window",
                )
            )
    return errors


@dataclass(frozen=True)
class TemplateContext:
    year: int
    anniversary: int | None
    date: date
    end_date: date | None
    name: str
    short_name: str
    unit_name: str

    def values(self) -> dict[str, str]:
        try:
            lunar_text = lunar.solar_to_lunar(self.date).format_vi()
        except ValueError:
            lunar_text = ""
        return {
            "nam": str(self.year),
            "lan_thu": str(self.anniversary or ""),
            "ngay": format_date_vi(self.date),
            "ngay_am": lunar_text,
            "ngay_ket_thuc": format_date_vi(self.end_date) if self.end_date else "",
            "ten": self.name,
            "ten_ngan": self.short_name or self.name,
            "don_vi": self.unit_name,
        }


def render(template: str, context: TemplateContext) -> str:
    """Fill a template already validated by template_errors()."""
    return template.format_map(context.values())
