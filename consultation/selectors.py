"""Reads for the FAQ pages, the tracking page, the home block and the timeliness figures.

Public reads touch `Faq` only (never `Question`, which holds personal data), with a
fixed number of queries whatever the number of entries.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.blocks import Block
from publishing.models import Status
from publishing.search import SearchSection, search_filter

from .models import Faq, Question, Topic

FAQ_PER_TOPIC_ON_INDEX = 5
HOME_BLOCK_ITEMS = 5
FAQ_CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "question_text",
    "asker_public_name",
    "asked_at",
    "published_at",
    "topic_id",
    "asker_unit__id",
    "asker_unit__name",
    "asker_unit__short_name",
)
# The timeliness figures read two timestamps per answered question in the window;
# a window is at most this long, which bounds the rows read (see the docstring).
STATS_MAX_WINDOW = timedelta(days=3 * 366)


def _cards(queryset: QuerySet[Faq]) -> QuerySet[Faq]:
    return queryset.select_related("asker_unit").only(*FAQ_CARD_FIELDS)


def faq_index_data() -> dict:
    """/hoi-dap/: each topic with its count and latest entries. Two queries.

    Topics with no published entry are left out. The latest entries per topic come
    from one window query (ROW_NUMBER per topic), so the page costs the same with 20
    or 20,000 entries.
    """
    topics = list(
        Topic.objects.annotate(
            faq_count=Count("faqs", filter=Q(faqs__status=Status.PUBLISHED))
        )
        .filter(faq_count__gt=0)
        .order_by("order", "name")
    )
    latest = (
        _cards(Faq.objects.published())
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("topic_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=FAQ_PER_TOPIC_ON_INDEX)
        .order_by("topic_id", "rank")
    )
    by_topic = defaultdict(list)
    for faq in latest:
        by_topic[faq.topic_id].append(faq)
    return {
        "sections": [(topic, by_topic[topic.pk]) for topic in topics],
        "faq_total": sum(topic.faq_count for topic in topics),
    }


def faq_list(*, topic: Topic | None = None) -> QuerySet[Faq]:
    """Published entries, newest first, optionally of one topic (for pagination)."""
    queryset = Faq.objects.published()
    if topic is not None:
        queryset = queryset.for_topic(topic)
    return _cards(queryset).order_by("-published_at", "-pk")


def faq_search(*, query: str) -> QuerySet[Faq]:
    """Published entries holding every word of `query`, diacritics and case ignored."""
    return _cards(search_filter(Faq.objects.published(), query)).select_related("topic")


def faq_get_for_page(*, slug: str) -> Faq | None:
    """An entry by slug, whatever its status (the view decides what to show)."""
    return (
        Faq.objects.filter(slug=slug)
        .select_related("topic", "asker_unit")
        .defer("search_text")
        .first()
    )


def faq_canonical_for(*, faq: Faq) -> Faq | None:
    """The published entry a withdrawn entry's question was merged into, if any."""
    canonical_id = (
        Question.objects.filter(pk=faq.question_id)
        .values_list("duplicate_of_id", flat=True)
        .first()
    )
    if canonical_id is None:
        return None
    return Faq.objects.published().filter(question_id=canonical_id).only("slug").first()


def faq_latest(*, limit: int = HOME_BLOCK_ITEMS) -> list[Faq]:
    return list(
        Faq.objects.published()
        .only("pk", "title", "slug", "published_at")
        .order_by("-published_at", "-pk")[:limit]
    )


def faq_home_block(*, request) -> Block | None:
    """The home page's "latest answers" block (one query); none when nothing yet."""
    faqs = faq_latest()
    if not faqs:
        return None
    return Block(
        key="consultation",
        title=_("Hỏi đáp mới trả lời"),
        template="consultation/includes/home_block.html",
        context={"faqs": faqs},
        order=50,
    )


def question_get_for_tracking(*, token: str) -> Question | None:
    """The question behind a tracking link, with what its page shows. One query."""
    if not token or len(token) > 64:
        return None
    return (
        Question.objects.select_related("topic", "duplicate_of", "faq")
        .filter(tracking_token=token)
        .first()
    )


# -- timeliness ----------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseTimeRow:
    key: str  # "2026-03" for a month; the unit's id, or "" for the office
    label: str
    count: int
    median_hours: float
    p90_hours: float


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks: PostgreSQL's percentile_cont."""
    if not sorted_values:
        return math.nan
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return sorted_values[low]
    weight = position - low
    return sorted_values[low] * (1 - weight) + sorted_values[high] * weight


def response_time_stats(
    *, since: datetime, until: datetime | None = None, by: str = "month"
) -> list[ResponseTimeRow]:
    """Median and 90th-percentile response time (hours) of questions answered in
    [since, until), per month answered (local time) or per handling unit.

    `by="unit"` groups by the unit the question was assigned to ("" = the office).
    One query reading two timestamps and a unit id per answered question; the
    percentiles are computed in Python with percentile_cont's interpolation, so
    SQLite and PostgreSQL give the same numbers through one code path. The window
    is capped at STATS_MAX_WINDOW: at the office's volume (hundreds to a few
    thousand answers a year) that is at most tens of thousands of small rows.
    """
    if by not in ("month", "unit"):
        raise ValueError("by must be 'month' or 'unit'")
    until = until or timezone.now()
    since = max(since, until - STATS_MAX_WINDOW)
    rows = Question.objects.filter(
        answered_at__gte=since, answered_at__lt=until
    ).values_list(
        "created_at",
        "answered_at",
        "assigned_unit_id",
        "assigned_unit__short_name",
        "assigned_unit__name",
    )
    groups, labels = _response_hours_grouped(rows, by=by)
    return [
        ResponseTimeRow(
            key=key,
            label=labels[key],
            count=len(values),
            median_hours=round(percentile(values, 0.5), 2),
            p90_hours=round(percentile(values, 0.9), 2),
        )
        for key, values in ((key, sorted(groups[key])) for key in sorted(groups))
    ]


def _response_hours_grouped(rows, *, by: str) -> tuple[dict, dict]:
    """Hours from question to answer per month answered or per unit, and the
    groups' labels, from (created_at, answered_at, unit id, short name, name)."""
    groups: dict[str, list[float]] = defaultdict(list)
    labels: dict[str, str] = {}
    for created_at, answered_at, unit_id, short_name, name in rows:
        hours = max((answered_at - created_at).total_seconds(), 0) / 3600
        if by == "month":
            key = timezone.localtime(answered_at).strftime("%Y-%m")
            labels[key] = key
        else:
            key = str(unit_id or "")
            labels[key] = short_name or name or str(_("Văn phòng Công đoàn"))
        groups[key].append(hours)
    return groups, labels


def faq_search_section(*, query: str, request) -> SearchSection | None:
    """Answered questions for the site search page (one query)."""
    return SearchSection(
        key="faq",
        title=_("Hỏi đáp"),
        results=list(faq_search(query=query)[:5]),
        template="consultation/includes/search_item.html",
        more_url=f"{reverse('consultation:question_list')}?q={quote(query)}",
        order=30,
    )
