"""Reads of the campaigns app: pages, feed, calendar, page blocks, the admin's warnings
and overdue deliveries, a key date's documents (asked of guidance through a hook);
fixed query counts."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels.models import Delivery
from publishing import hooks
from publishing.blocks import Block
from publishing.models import Status

from . import dates
from .models import CampaignPost, KeyDate, Occurrence, PlannedPost

HOME_KEY_DATES = 4
POST_CARD_FIELDS = (
    "pk", "title", "slug", "summary", "published_at", "publish_at", "status",
    "occurrence_id", "to_banner", "unit_id",
)  # fmt: skip


@dataclass(frozen=True)
class UpcomingKeyDate:
    key_date: KeyDate
    year: int
    start: date
    end: date | None
    anniversary: int | None
    days_until: int

    @property
    def title(self) -> str:
        if self.anniversary:
            return _("Kỷ niệm %(n)s năm %(name)s") % {
                "n": self.anniversary,
                "name": self.key_date.name,
            }
        return self.key_date.name


def upcoming_key_dates(
    *, today: date | None = None, within_days: int = 366, limit: int | None = None
) -> list[UpcomingKeyDate]:
    """Active key dates by their next occurrence not yet over; one query."""
    today = today or timezone.localdate()
    items = []
    for key_date in KeyDate.objects.filter(is_active=True):
        try:
            year, span = dates.next_span(key_date, today)
        except ValidationError:  # a broken rule hides one date, not the page  # noqa: S112
            continue
        if (span.start - today).days > within_days:
            continue
        items.append(
            UpcomingKeyDate(
                key_date=key_date,
                year=year,
                start=span.start,
                end=span.end,
                anniversary=key_date.anniversary(year),
                days_until=(span.start - today).days,
            )
        )
    items.sort(key=lambda item: (item.start, item.key_date.name))
    return items[:limit] if limit else items


def _published_office_posts() -> QuerySet[CampaignPost]:
    return (
        CampaignPost.objects.on_site().only(*POST_CARD_FIELDS).order_by("published_at")
    )


def event_list_data(*, today: date | None = None) -> dict:
    """/su-kien/: upcoming key dates; this year's campaigns with their published
    articles. Three queries whatever the number of campaigns or posts."""
    today = today or timezone.localdate()
    upcoming = upcoming_key_dates(today=today)
    occurrences = list(
        Occurrence.objects.filter(
            date__gte=today - timedelta(days=60),
            date__lte=today + timedelta(days=366),
            campaign__is_active=True,
        )
        .select_related("campaign__key_date")
        .prefetch_related(
            Prefetch("posts", queryset=_published_office_posts(), to_attr="live_posts")
        )
        .order_by("date", "pk")
    )
    return {
        "upcoming": upcoming,
        "occurrences": [o for o in occurrences if o.live_posts]
        + [o for o in occurrences if not o.live_posts and o.date >= today],
        "today": today,
    }


def key_date_page_data(*, key_date: KeyDate, today: date | None = None) -> dict:
    """A key date's page: next occurrence, its campaigns' articles by year."""
    today = today or timezone.localdate()
    year, span = dates.next_span(key_date, today)
    occurrences = list(
        Occurrence.objects.filter(campaign__key_date=key_date)
        .select_related("campaign")
        .prefetch_related(
            Prefetch("posts", queryset=_published_office_posts(), to_attr="live_posts")
        )
        .order_by("-date")
    )
    return {
        "key_date": key_date,
        "next": UpcomingKeyDate(
            key_date=key_date,
            year=year,
            start=span.start,
            end=span.end,
            anniversary=key_date.anniversary(year),
            days_until=(span.start - today).days,
        ),
        "occurrences": [o for o in occurrences if o.live_posts],
    }


def post_get_for_page(*, slug: str) -> QuerySet[CampaignPost]:
    return CampaignPost.objects.filter(slug=slug).select_related(
        "unit", "occurrence__campaign__key_date"
    )


def current_banner(*, now: datetime | None = None) -> CampaignPost | None:
    """The campaign post on the home banner: the latest published banner post whose
    occurrence is not over (its date, or window end, plus three days)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = (
        CampaignPost.objects.published()
        .of_office()
        .filter(to_banner=True, published_at__lte=now)
        .select_related("occurrence__campaign__key_date")
        .order_by("-published_at", "-pk")[:10]
    )
    for post in candidates:
        occurrence = post.occurrence
        last_day = occurrence.end_date or occurrence.date
        if last_day + timedelta(days=3) >= today:
            return post
    return None


def home_campaigns_block(*, request=None, now: datetime | None = None) -> Block | None:
    """Home page: the current campaign's banner and the next key dates (2 queries)."""
    upcoming = upcoming_key_dates(
        today=timezone.localdate(now), within_days=120, limit=HOME_KEY_DATES
    )
    banner = current_banner(now=now)
    if not upcoming and banner is None:
        return None
    return Block(
        key="campaigns",
        title=str(gettext_lazy("Sự kiện sắp tới")),
        template="campaigns/blocks/home.html",
        context={"banner": banner, "upcoming": upcoming},
        order=10,
    )


def unit_campaigns_block(
    *, unit, request=None, today: date | None = None
) -> Block | None:
    """A unit's page: campaigns it takes part in (upcoming) and its published copies."""
    today = today or timezone.localdate()
    occurrences = list(
        Occurrence.objects.filter(
            campaign__units=unit,
            campaign__is_active=True,
            date__gte=today - timedelta(days=3),
            date__lte=today + timedelta(days=120),
        )
        .select_related("campaign__key_date")
        .order_by("date")[:5]
    )
    posts = list(
        CampaignPost.objects.published()
        .for_unit(unit)
        .only(*POST_CARD_FIELDS)
        .order_by("-published_at")[:5]
    )
    if not occurrences and not posts:
        return None
    return Block(
        key="campaigns",
        title=str(gettext_lazy("Sự kiện và chiến dịch")),
        template="campaigns/blocks/unit.html",
        context={"occurrences": occurrences, "posts": posts, "unit": unit},
        order=40,
    )


# -- the admin calendar ---------------------------------------------------------------
@dataclass
class CalendarItem:
    when: datetime
    state: str  # planned | draft | scheduled | published | archived
    title: str
    campaign: str
    post: CampaignPost | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    unit_copies: int = 0

    @property
    def state_label(self) -> str:
        return str(CALENDAR_STATES[self.state])


CALENDAR_STATES = {
    "planned": gettext_lazy("Theo kế hoạch (chưa tạo bài)"),
    "draft": gettext_lazy("Bản nháp"),
    "unit_review": gettext_lazy("Chờ duyệt (trong đơn vị)"),
    "in_review": gettext_lazy("Chờ duyệt"),
    "scheduled": gettext_lazy("Đã hẹn giờ"),
    "published": gettext_lazy("Đã đăng"),
    "archived": gettext_lazy("Đã gỡ"),
}


def calendar_month(*, year: int, month: int) -> dict:
    """Every campaign post of a month, planned or written, by day. Four queries.

    "planned" items are computed from the plan (no post written yet); the others are
    the office's posts with their status and deliveries.
    """
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(
        datetime.combine(last + timedelta(days=1), datetime.min.time())
    )
    posts = _calendar_posts(start=start, end=end)
    written = {(p.occurrence_id, p.planned_post_id) for p in posts}
    items = _calendar_written_items(posts) + _calendar_planned_items(
        first=first, last=last, start=start, end=end, written=written
    )
    items.sort(key=lambda item: item.when)
    key_dates = [
        item
        for item in upcoming_key_dates(today=first, within_days=(last - first).days)
        if first <= item.start <= last
    ]
    return {
        "weeks": _calendar_weeks(year=year, month=month, items=items),
        "first": first,
        "items": items,
        "key_dates": key_dates,
    }


def _calendar_posts(*, start: datetime, end: datetime) -> list[CampaignPost]:
    """The office's campaign posts due in [start, end), with their deliveries."""
    return list(
        CampaignPost.objects.of_office()
        .filter(publish_at__gte=start, publish_at__lt=end)
        .select_related("occurrence__campaign")
        .prefetch_related(
            Prefetch("deliveries", queryset=Delivery.objects.select_related("channel"))
        )
    )


def _calendar_written_items(posts: list[CampaignPost]) -> list[CalendarItem]:
    """One item per written post, with how many units made their own copy of it."""
    copies = {}
    for occurrence_id, plan_id in CampaignPost.objects.filter(
        unit__isnull=False, occurrence_id__in={p.occurrence_id for p in posts}
    ).values_list("occurrence_id", "planned_post_id"):
        copies[(occurrence_id, plan_id)] = copies.get((occurrence_id, plan_id), 0) + 1
    return [
        CalendarItem(
            when=p.publish_at,
            state=p.status,
            title=p.title,
            campaign=p.occurrence.campaign.name,
            post=p,
            deliveries=list(p.deliveries.all()),
            unit_copies=copies.get((p.occurrence_id, p.planned_post_id), 0),
        )
        for p in posts
    ]


def _calendar_planned_items(
    *, first: date, last: date, start: datetime, end: datetime, written: set
) -> list[CalendarItem]:
    """The plan's posts due in [start, end) that no written post stands for yet."""
    from .services.plans import planned_post_due_at

    occurrences = list(
        Occurrence.objects.filter(
            date__gte=first - timedelta(days=366), date__lte=last + timedelta(days=366)
        ).select_related("campaign__key_date")
    )
    plans: dict[int, list[PlannedPost]] = {}
    for plan in PlannedPost.objects.filter(
        campaign_id__in={o.campaign_id for o in occurrences}
    ):
        plans.setdefault(plan.campaign_id, []).append(plan)
    items = []
    for occurrence in occurrences:
        for plan in plans.get(occurrence.campaign_id, []):
            due = planned_post_due_at(planned_post=plan, occurrence=occurrence)
            if start <= due < end and (occurrence.pk, plan.pk) not in written:
                items.append(
                    CalendarItem(
                        when=due,
                        state="planned",
                        title=plan.title_template,
                        campaign=occurrence.campaign.name,
                    )
                )
    return items


def _calendar_weeks(*, year: int, month: int, items: list[CalendarItem]) -> list:
    """The month's weeks (Monday first), each day with its items in time order."""
    by_day: dict[date, list[CalendarItem]] = {}
    for item in items:
        by_day.setdefault(timezone.localdate(item.when), []).append(item)
    return [
        [
            {"date": day, "in_month": day.month == month, "items": by_day.get(day, [])}
            for day in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


# -- iCalendar -----------------------------------------------------------------------
def ics_events(*, today: date | None = None, years: int = 2) -> list[UpcomingKeyDate]:
    """Every active key date's occurrences from last year to `years` ahead."""
    today = today or timezone.localdate()
    events = []
    for key_date in KeyDate.objects.filter(is_active=True):
        for year in range(today.year - 1, today.year + years + 1):
            try:
                span = dates.occurrence_span(key_date, year)
            except ValidationError:  # no date that year  # noqa: S112
                continue
            events.append(
                UpcomingKeyDate(
                    key_date=key_date,
                    year=year,
                    start=span.start,
                    end=span.end,
                    anniversary=key_date.anniversary(year),
                    days_until=(span.start - today).days,
                )
            )
    events.sort(key=lambda e: (e.start, e.key_date.slug))
    return events


# -- the admin home (campaigns/admin_home.py) -----------------------------------------
UPCOMING_POST_DAYS = 14


def campaign_posts_upcoming(
    *, queryset: QuerySet[CampaignPost] | None = None, now: datetime | None = None
) -> QuerySet[CampaignPost]:
    """Posts due within UPCOMING_POST_DAYS that are not out yet, soonest first."""
    now = now or timezone.now()
    queryset = CampaignPost.objects.all() if queryset is None else queryset
    return queryset.filter(
        status__in=(
            Status.DRAFT,
            Status.UNIT_REVIEW,
            Status.SCHEDULED,
            Status.IN_REVIEW,
        ),
        publish_at__gte=now,
        publish_at__lt=now + timedelta(days=UPCOMING_POST_DAYS),
    ).order_by("publish_at", "pk")


# -- documents of a key date (guidance, #5), through a hook ------------------------
def key_date_documents(*, key_date: KeyDate, limit: int = 5) -> list:
    """Published documents linked to `key_date` by the apps that answer
    hooks.KEY_DATE_DOCUMENTS (guidance), newest first; empty without one."""
    documents = [
        document
        for fn in hooks.get_hooks(hooks.KEY_DATE_DOCUMENTS)
        for document in fn(key_date=key_date, limit=limit)
    ]
    return documents[:limit]
