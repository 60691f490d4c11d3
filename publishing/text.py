"""Vietnamese text helpers: slugs, search folding and dates as people read them."""

import re
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SLUG_FALLBACK = "bai-viet"
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _strip_marks(value: str) -> str:
    # đ/Đ is a letter of its own, not d plus a combining mark, so NFD keeps it.
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(value: str) -> str:
    """Fold for search: lower case, no diacritics, đ -> d, whitespace collapsed."""
    return " ".join(_strip_marks(value).lower().split())


def slugify_vi(value: str, *, max_length: int = 80) -> str:
    """Slug a Vietnamese title: "Công đoàn Trường ĐH" -> "cong-doan-truong-dh".

    Cut at `max_length` on a word boundary (a single longer word is cut hard).
    Returns "" when nothing sluggable remains (emoji, punctuation only): the caller
    decides what an empty slug means; `unique_slug` falls back to SLUG_FALLBACK.
    """
    slug = _NON_SLUG.sub("-", _strip_marks(value).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def unique_slug(
    *,
    queryset: QuerySet,
    value: str,
    slug_field: str = "slug",
    instance_pk=None,
    max_length: int = 80,
    fallback: str = SLUG_FALLBACK,
) -> str:
    """The slug of `value`, suffixed -2, -3... until no other row of `queryset` has it.

    `queryset` is already scoped (e.g. one unit's articles); `instance_pk` is the row
    being edited, which may keep its own slug. One query. Two concurrent saves can
    still pick the same slug, so keep the database's unique constraint as well.
    """
    base = slugify_vi(value, max_length=max_length) or fallback[:max_length]
    # Every candidate starts with this prefix (suffixes are at most 10 characters).
    prefix = base[: max(max_length - 11, 1)].rstrip("-")
    rows = queryset.filter(**{f"{slug_field}__startswith": prefix})
    if instance_pk is not None:
        rows = rows.exclude(pk=instance_pk)
    taken = set(rows.values_list(slug_field, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def format_date_vi(value: date | datetime) -> str:
    """ "ngày 26 tháng 5 năm 2021"; an aware datetime is first put in Vietnam time.

    A naive datetime is taken as already local. Through gettext, so the English
    catalogue may give its own order.
    """
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(VIETNAM_TZ)
    return gettext("ngày %(day)d tháng %(month)d năm %(year)d") % {
        "day": value.day,
        "month": value.month,
        "year": value.year,
    }
