"""Reads per item, day and source: counted privately, shared by every content type (#14).

A content type takes part by registering a `Readable` under READABLE_HOOK on the one
registry (publishing.hooks), from its AppConfig.ready():

    hooks.register(reads.READABLE_HOOK, reads.readable(
        label="news.article", queryset=lambda: Article.objects.published(),
        total_field="view_count"))

and putting `{% read_beacon obj %}` on its public page. Why a beacon: public pages
come from the page cache (publishing.cache) without running the view, so a count
made in the view would miss most reads. The page's small script (static/js/reads.js)
posts the item, the page's utm_source and the document's referrer to `read_beacon`
once the page is really shown (not while a browser prerenders it); the request
carries no cookie and nothing about the reader is stored. A reader counts once per
item per READ_WINDOW_SECONDS, remembered in the cache under a keyed hash of address
and browser (publishing.clientip.client_fingerprint) that expires with the window.
Without the cache (Redis down) nothing is counted: a missed read is better than an
unthrottled counter or a failed page. Bots are left out by their user agent, by
prefetch headers and by method (only POST counts; a HEAD never runs a script).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from . import hooks
from .circuits import Unavailable, cache_circuit
from .models import ReadCount, ReadSource

# fn() -> Readable: one content type whose public pages count reads.
READABLE_HOOK = "readable_models"

# One reader's reads of one item count once per this many seconds (#12).
READ_WINDOW_SECONDS = 30 * 60


@dataclass(frozen=True)
class Readable:
    """A content type that counts reads.

    `queryset()` gives its public rows (a read of anything else counts nothing);
    `unit_field` names the row's unit id (None: the type has no unit);
    `total_field`, if set, is a lifetime counter on the row kept in step with the
    daily counts (news.Article.view_count, shown in the admin list).
    """

    label: str
    queryset: Callable[[], QuerySet]
    unit_field: str | None = "unit_id"
    total_field: str | None = None


def readable(
    *,
    label: str,
    queryset: Callable[[], QuerySet],
    unit_field: str | None = "unit_id",
    total_field: str | None = None,
) -> Callable[[], Readable]:
    """A hook function for `label`; asking twice gives the same function."""
    if label not in _readables:
        entry = Readable(label.lower(), queryset, unit_field, total_field)

        def provider() -> Readable:
            return entry

        provider.__name__ = f"{label.replace('.', '_').lower()}_readable"
        _readables[label] = provider
    return _readables[label]


_readables: dict[str, Callable[[], Readable]] = {}


def readable_get(label: str) -> Readable | None:
    """The registered content type `label` ("news.article"), or None."""
    for provider in hooks.get_hooks(READABLE_HOOK):
        entry = provider()
        if entry.label == str(label).lower():
            return entry
    return None


# --- who and where from ----------------------------------------------------------

# Crawlers, link previewers, monitors and scripts. Zalo's and Facebook's in-app
# browsers are readers ("Zalo", "FBAN" in their agents); their link previewers are not.
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent|"
    r"headless|lighthouse|pingdom|uptime|monitor|preview|python|curl|wget|httpclient|"
    r"java/|go-http|okhttp|axios|node-fetch|scrapy|phantomjs|zalo.*(?:link|crawler)",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_bot_agent(request) -> bool:
    """A request from a bot's agent, or a prefetch (no person is reading yet)."""
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not agent or BOT_AGENT.search(agent):
        return True
    return any(
        "prefetch" in request.META.get(header, "").lower()
        or "preview" in request.META.get(header, "").lower()
        for header in PREFETCH_HEADERS
    )


def is_bot(request) -> bool:
    """A beacon no person's reading made: a bot's agent, a prefetch, not a POST."""
    return request.method != "POST" or is_bot_agent(request)


UTM_SOURCES = {
    "facebook": ReadSource.FACEBOOK,
    "fb": ReadSource.FACEBOOK,
    "zalo": ReadSource.ZALO,
    "newsletter": ReadSource.NEWSLETTER,
    "email": ReadSource.NEWSLETTER,
    "ban-tin": ReadSource.NEWSLETTER,
    "bang-tin": ReadSource.BOARD,
    "google": ReadSource.SEARCH,
    "bing": ReadSource.SEARCH,
    "coccoc": ReadSource.SEARCH,
}
FACEBOOK_HOSTS = ("facebook.com", "fb.me", "fb.com", "messenger.com")
ZALO_HOSTS = ("zalo.me",)
SEARCH_PATH = "/tim-kiem/"


def _host_is(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_google(host: str) -> bool:
    """google.com, www.google.com.vn, google.co.uk; not google.evil.example."""
    labels = host.split(".")
    if "google" not in labels[:-1]:
        return False
    rest = labels[labels.index("google") + 1 :]
    return 1 <= len(rest) <= 2 and all(len(label) <= 3 for label in rest)


def _is_search_engine(host: str) -> bool:
    return (
        _is_google(host)
        or _host_is(host, ("bing.com", "coccoc.com", "duckduckgo.com"))
        or host.startswith("search.yahoo.")
    )


def read_source(*, utm_source: str = "", referrer: str = "", own_host: str = "") -> str:
    """Where a read came from: utm_source first, then the Referer's host, else direct.

    Our own search page (/tim-kiem/) counts as search; any other page of ours, an
    unknown site or no referrer at all as direct.
    """
    utm = utm_source.strip().lower()[:40]
    if utm in UTM_SOURCES:
        return UTM_SOURCES[utm]
    try:
        parts = urlsplit(referrer.strip()[:2000])
        host = (parts.hostname or "").lower()
    except ValueError:
        return ReadSource.DIRECT
    if not host:
        return ReadSource.DIRECT
    if own_host and host == own_host.split(":")[0].lower():
        if parts.path.startswith(SEARCH_PATH):
            return ReadSource.SEARCH
        utm = (parse_qs(parts.query).get("utm_source") or [""])[0].lower()
        return UTM_SOURCES.get(utm, ReadSource.DIRECT)
    if _host_is(host, FACEBOOK_HOSTS):
        return ReadSource.FACEBOOK
    if _host_is(host, ZALO_HOSTS):
        return ReadSource.ZALO
    if _is_search_engine(host):
        return ReadSource.SEARCH
    return ReadSource.DIRECT


# --- counting ----------------------------------------------------------------------


def read_count_add(
    *,
    content_type_id: int,
    object_id: int,
    unit_id: int | None,
    day: datetime.date,
    source: str,
    by: int = 1,
) -> None:
    """Add `by` reads to the (item, day, source) counter, creating it if need be.

    An UPDATE ... SET count = count + by first (one query, the usual case); when no
    row exists yet, an INSERT that ignores a conflict (ON CONFLICT DO NOTHING, on
    PostgreSQL and SQLite alike) and the UPDATE again, so two processes making the
    day's first row at once both count and neither fails.
    """
    rows = ReadCount.objects.filter(
        content_type_id=content_type_id, object_id=object_id, day=day, source=source
    )
    if rows.update(count=F("count") + by):
        return
    ReadCount.objects.bulk_create(
        [
            ReadCount(
                content_type_id=content_type_id,
                object_id=object_id,
                unit_id=unit_id,
                day=day,
                source=source,
                count=0,
            )
        ],
        ignore_conflicts=True,
    )
    rows.update(count=F("count") + by)


def _first_read(*, label: str, pk: int, visitor: str) -> bool:
    """Whether this visitor's read of the item is the first of the window."""
    key = f"read:{label}:{pk}:{visitor}"
    try:
        return bool(cache_circuit.call(cache.add, key, 1, timeout=READ_WINDOW_SECONDS))
    except Unavailable:
        return False


def _commit_without_waiting() -> None:
    """On PostgreSQL, let this transaction commit without waiting for its WAL flush.

    The flush is most of what a read costs (benchmarks/publishing_reads.py: two
    updates in one transaction take half the time of two autocommits, and a third
    again with this): a crash may lose the last fraction of a second of reads,
    never corrupt a counter. `SET LOCAL` ends with the transaction, so nothing else
    on the connection is affected.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def read_record(
    *,
    label: str,
    pk: int,
    source: str,
    visitor: str,
    now: datetime.datetime | None = None,
) -> bool:
    """Count one read of public item `label`/`pk` from `source`; whether it counted.

    Nothing is counted for an unknown type, a missing or unpublished item, an
    unknown source, a visitor already counted for this item in the window, or while
    the cache is unreachable; nothing is left behind for them either (the window's
    cache keys are bounded by public items x visitors). Adds to the day's counter
    and to the type's lifetime counter, if it has one, in one transaction.
    """
    entry = readable_get(label)
    if entry is None or source not in ReadSource.values:
        return False
    public = entry.queryset().filter(pk=pk)
    fields = [entry.unit_field] if entry.unit_field else ["pk"]
    row = next(iter(public.order_by().values_list(*fields)[:1]), None)
    if row is None or not _first_read(label=entry.label, pk=pk, visitor=visitor):
        return False
    unit_id = row[0] if entry.unit_field else None
    content_type = ContentType.objects.get_for_model(public.model)
    day = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        _commit_without_waiting()
        read_count_add(
            content_type_id=content_type.pk,
            object_id=pk,
            unit_id=unit_id,
            day=day,
            source=source,
        )
        if entry.total_field:
            public.update(**{entry.total_field: F(entry.total_field) + 1})
    return True
