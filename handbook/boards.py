"""Printed bulletin boards (bảng tin): what may go on one, the items, the monthly
suggestion, the poster PDF (#15).

Items come from the content apps through publishing's published_items hook; this app
imports none of them. A unit's board carries the unit's own items and the office's
(items with no unit); the office's board (no unit) may carry anything published.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.pdf import render_pdf
from publishing.published_items import PublishedItem, Topic, published_items
from units.models import Unit

from .models import Board, BoardItem

BOARD_MAX_ITEMS = 12
BOARD_SUGGESTED_ITEMS = 9
BOARD_UTM = {"utm_source": "bang-tin", "utm_medium": "print"}
PAGE_SIZES = {"a4": "A4", "a3": "A3"}
QR_MODULE_PIXELS = 8
TOPIC_LABELS = {
    Topic.NEWS: gettext_lazy("Tin tức"),
    Topic.EVENTS: gettext_lazy("Sự kiện"),
    Topic.GUIDANCE: gettext_lazy("Tài liệu"),
    Topic.ANSWERS: gettext_lazy("Hỏi đáp"),
}


# -- what may go on a board ------------------------------------------------------------
def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def item_key(item: PublishedItem) -> str:
    return f"{item.label}:{item.pk}"


def item_allowed(*, item: PublishedItem, unit_id: int | None) -> bool:
    return unit_id is None or item.unit_id in (None, unit_id)


def board_candidates(
    *, unit_id: int | None, period_start: date, period_end: date
) -> list[PublishedItem]:
    """What went live in the period that a board of `unit_id` may carry, newest first."""
    items = published_items(
        since=_local_midnight(period_start),
        until=_local_midnight(period_end + timedelta(days=1)),
    )
    return [item for item in items if item_allowed(item=item, unit_id=unit_id)]


def board_suggestions(
    *, unit_id: int | None, candidates: list[PublishedItem]
) -> list[PublishedItem]:
    """The period's most important items: the unit's own before the office's, and
    within each the topics taken in turn (news, events, guidance, answers), newest
    first, at most BOARD_SUGGESTED_ITEMS."""
    groups = [
        [
            item
            for item in candidates
            if unit_id is not None and item.unit_id == unit_id
        ],
        [item for item in candidates if unit_id is None or item.unit_id != unit_id],
    ]
    chosen = []
    for group in groups:
        by_topic: dict[str, list[PublishedItem]] = {}
        for item in group:
            by_topic.setdefault(item.topic, []).append(item)
        queues = [by_topic[topic] for topic in TOPIC_LABELS if topic in by_topic]
        queues += [q for topic, q in by_topic.items() if topic not in TOPIC_LABELS]
        while any(queues) and len(chosen) < BOARD_SUGGESTED_ITEMS:
            for queue in queues:
                if queue and len(chosen) < BOARD_SUGGESTED_ITEMS:
                    chosen.append(queue.pop(0))
    return chosen


def _items_by_key(keys: list[str]) -> dict[str, PublishedItem]:
    """The published items named by "label:pk" keys (one call per content type)."""
    by_label: dict[str, list[int]] = {}
    for key in keys:
        label, _sep, pk = key.rpartition(":")
        if label and pk.isdigit():
            by_label.setdefault(label, []).append(int(pk))
    found = {}
    for label, pks in by_label.items():
        for item in published_items(label=label, pks=pks):
            found[item_key(item)] = item
    return found


# -- writes ----------------------------------------------------------------------------
def _unit_name(unit: Unit | None) -> str:
    if unit is None:
        return settings.ORGANIZATION["short_name"]
    return unit.short_name or unit.name


@transaction.atomic
def board_items_set(*, board: Board, keys: list[str]) -> list[BoardItem]:
    """Replace the board's items with the published items named by `keys`, in order.

    Refuses (ValidationError, nothing changed) an empty list, more than
    BOARD_MAX_ITEMS, an item no longer published, and an item of another unit.
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise ValidationError(
            {"items": _("Hãy chọn ít nhất một mục cho bảng tin.")}, code="empty"
        )
    if len(keys) > BOARD_MAX_ITEMS:
        raise ValidationError(
            {
                "items": _("Một bảng tin in được tối đa %(max)d mục; bạn chọn %(n)d.")
                % {"max": BOARD_MAX_ITEMS, "n": len(keys)}
            },
            code="too_many",
        )
    found = _items_by_key(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        raise ValidationError(
            {"items": _("Có mục không còn được đăng công khai; hãy chọn lại.")},
            code="not_published",
        )
    for key in keys:
        if not item_allowed(item=found[key], unit_id=board.unit_id):
            raise ValidationError(
                {
                    "items": _(
                        "“%(title)s” là nội dung của đơn vị khác: bảng tin của "
                        "%(unit)s chỉ đưa nội dung của đơn vị mình và của văn phòng "
                        "Công đoàn."
                    )
                    % {"title": found[key].title, "unit": _unit_name(board.unit)}
                },
                code="other_unit",
            )
    board.items.all().delete()
    rows = [
        BoardItem(
            board=board,
            label=item.label,
            object_pk=item.pk,
            topic=item.topic,
            title=item.title[:255],
            summary=item.summary,
            url=item.url,
            published_at=item.published_at,
            unit_id=item.unit_id,
            order=index,
        )
        for index, item in enumerate(found[key] for key in keys)
    ]
    return BoardItem.objects.bulk_create(rows)


@transaction.atomic
def board_save(*, board: Board, keys: list[str] | None = None, user=None) -> Board:
    """Save a board and its items: `keys` as chosen, or the suggestions when None.

    A board whose period has nothing to offer is refused with a clear error.
    """
    if board.pk is None and user is not None and user.is_authenticated:
        board.created_by = user
    board.full_clean()
    board.save()
    if keys is None:
        candidates = board_candidates(
            unit_id=board.unit_id,
            period_start=board.period_start,
            period_end=board.period_end,
        )
        keys = [
            item_key(item)
            for item in board_suggestions(unit_id=board.unit_id, candidates=candidates)
        ]
        if not keys:
            raise ValidationError(
                {
                    "period_end": _(
                        "Không có tin, sự kiện, tài liệu hay câu trả lời nào được đăng "
                        "trong kỳ này để đưa lên bảng tin: hãy chọn kỳ khác."
                    )
                },
                code="nothing_published",
            )
    board_items_set(board=board, keys=keys)
    return board


def _month_bounds(today: date) -> tuple[date, date]:
    """The month before `today`'s: (first day, last day)."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def boards_monthly_suggest(*, today: date | None = None, dry_run: bool = False) -> dict:
    """Draft a board of last month for every active unit that has none yet.

    Idempotent: a unit's suggested board of a month is unique in the database, so a
    second run, or two workers at once, create nothing more. A unit with nothing
    published for it that month gets no board. Returns counts: created, existing,
    empty. Fixed queries for the candidates; one transaction per created board.
    """
    today = today or timezone.localdate()
    first, last = _month_bounds(today)
    candidates = board_candidates(unit_id=None, period_start=first, period_end=last)
    units = list(Unit.objects.filter(is_active=True).order_by("pk"))
    existing = set(
        Board.objects.filter(month=first, unit__in=units).values_list(
            "unit_id", flat=True
        )
    )
    counts = {"created": 0, "existing": len(existing), "empty": 0}
    for unit in units:
        if unit.pk in existing:
            continue
        allowed = [c for c in candidates if item_allowed(item=c, unit_id=unit.pk)]
        chosen = board_suggestions(unit_id=unit.pk, candidates=allowed)
        if not chosen:
            counts["empty"] += 1
            continue
        if dry_run:
            counts["created"] += 1
            continue
        board = Board(
            unit=unit,
            month=first,
            period_start=first,
            period_end=last,
            title=_("Bảng tin tháng %(month)s – %(unit)s")
            % {"month": first.strftime("%m/%Y"), "unit": _unit_name(unit)},
        )
        try:
            with transaction.atomic():
                board.full_clean(validate_constraints=False)
                board.save()
                board_items_set(board=board, keys=[item_key(c) for c in chosen])
        except IntegrityError:  # another worker made it first
            counts["existing"] += 1
            continue
        counts["created"] += 1
    return counts


# -- the poster --------------------------------------------------------------------------
def board_item_link(*, url: str) -> str:
    """The absolute address a board item's QR code carries, tagged for reach counting."""
    parts = urlsplit(url if "://" in url else f"{settings.SITE_URL}{url}")
    query = "&".join(filter(None, [parts.query, urlencode(BOARD_UTM)]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as a PNG data: URI, QR_MODULE_PIXELS a module (about
    280 dpi at the poster's size, drawn without smoothing); medium error
    correction, as posters get scratched."""
    return segno.make(text, error="m", micro=False).png_data_uri(
        scale=QR_MODULE_PIXELS, border=2
    )


@dataclass
class PosterItem:
    item: BoardItem
    link: str
    qr: str
    topic_label: str


def board_poster_context(*, board: Board, size: str = "a4") -> dict:
    items = list(board.items.all())
    return {
        "board": board,
        "unit_name": board.unit.name if board.unit else settings.ORGANIZATION["name"],
        "organization": settings.ORGANIZATION,
        "page_size": PAGE_SIZES.get(size, "A4"),
        "size": size if size in PAGE_SIZES else "a4",
        "items": [
            PosterItem(
                item=item,
                link=(link := board_item_link(url=item.url)),
                qr=qr_data_uri(link),
                topic_label=TOPIC_LABELS.get(item.topic, ""),
            )
            for item in items
        ],
    }


def board_pdf(*, board: Board, size: str) -> bytes:
    """The board's poster as a PDF of page `size` ("a4" or "a3"); an empty board is
    refused."""
    if size not in PAGE_SIZES:
        raise ValidationError(_("Khổ giấy không hợp lệ."), code="size")
    context = board_poster_context(board=board, size=size)
    if not context["items"]:
        raise ValidationError(
            _("Bảng tin chưa có mục nào: hãy chọn các mục trước khi tải bản in."),
            code="empty",
        )
    return render_pdf("handbook/board_poster.html", context)
