"""Opens and clicks of newsletter issues (#14): signed links, counted once, privately.

A click link names an issue and an item, signed with a salt of its own. Following it
counts a click of that item in that issue and a read of the item from the newsletter
(publishing.reads, so the beacon of the page it lands on does not count the same
reader again), then redirects to the item's own page. The target is never in the
link: it is looked up from the item, a path on this site, so no link can send anyone
elsewhere (no open redirect) and a tampered one gets a page saying so.

The open pixel names the issue and its recipient only as a keyed hash, so an open
counts once per recipient (remembered in the cache for OPEN_WINDOW_SECONDS) and
nothing stored says who opened what. Staff previews and test sends carry neither
pixel nor click links, so they count nothing.
"""

from __future__ import annotations

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from publishing.circuits import Unavailable, cache_circuit
from publishing.models import ReadSource
from publishing.published_items import PublishedItem, published_items
from publishing.reads import READ_WINDOW_SECONDS, read_record

from .models import Issue, IssueClick

CLICK_SALT = "newsletter.click"
OPEN_SALT = "newsletter.open"
# A link in a year-old e-mail still finds its item; older ones get a page with it.
LINK_MAX_AGE_SECONDS = 400 * 24 * 60 * 60
OPEN_WINDOW_SECONDS = 90 * 24 * 60 * 60
UTM_QUERY = "utm_source=newsletter&utm_medium=email"


class LinkInvalid(Exception):
    """Tampered with, cut short, or made for another purpose."""


class LinkExpired(Exception):
    """Genuine but older than LINK_MAX_AGE_SECONDS; `label`/`pk` say its item."""

    def __init__(self, label: str = "", pk: int = 0):
        super().__init__(label, pk)
        self.label, self.pk = label, pk


def click_token(*, issue_id: int, label: str, pk: int) -> str:
    return signing.dumps({"i": issue_id, "l": label, "p": pk}, salt=CLICK_SALT)


def click_read(token: str) -> tuple[int, str, int]:
    """(issue id, item label, item id) of a click link; LinkInvalid or LinkExpired."""
    try:
        data = signing.loads(token, salt=CLICK_SALT, max_age=LINK_MAX_AGE_SECONDS)
        return _click_fields(data)
    except signing.SignatureExpired:
        data = signing.loads(token, salt=CLICK_SALT)  # genuine, only old
        _issue, label, pk = _click_fields(data)
        raise LinkExpired(label, pk) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid from None


def _click_fields(data) -> tuple[int, str, int]:
    return int(data["i"]), str(data["l"])[:100], int(data["p"])


def _recipient_digest(subscriber_id: int) -> str:
    return salted_hmac(OPEN_SALT, str(subscriber_id)).hexdigest()[:20]


def open_token(*, issue_id: int, subscriber_id: int) -> str:
    return signing.dumps(
        {"i": issue_id, "r": _recipient_digest(subscriber_id)}, salt=OPEN_SALT
    )


def open_read(token: str) -> tuple[int, str]:
    """(issue id, recipient digest) of an open pixel; LinkInvalid otherwise."""
    try:
        data = signing.loads(token, salt=OPEN_SALT, max_age=LINK_MAX_AGE_SECONDS)
        return int(data["i"]), str(data["r"])[:20]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid from None


def item_get(*, label: str, pk: int) -> PublishedItem | None:
    """The public item a link names, or None when it is gone or unpublished."""
    return next(iter(published_items(label=label, pks=[pk])), None)


def item_target(item: PublishedItem) -> str:
    """Where a click lands: the item's own path on this site, tagged as newsletter."""
    path = (
        item.url if item.url.startswith("/") and not item.url.startswith("//") else "/"
    )
    return f"{path}{'&' if '?' in path else '?'}{UTM_QUERY}"


def _first(key: str, timeout: int) -> bool:
    try:
        return bool(cache_circuit.call(cache.add, key, 1, timeout=timeout))
    except Unavailable:
        return False


def issue_click_record(*, issue_id: int, item: PublishedItem, visitor: str) -> bool:
    """Count a click of `item` in issue `issue_id` and a read from the newsletter.

    Once per reader (publishing.clientip fingerprint) per READ_WINDOW_SECONDS;
    nothing for an issue that does not exist or while the cache is unreachable.
    Returns whether the click counted.
    """
    if not Issue.objects.filter(pk=issue_id).exists():
        return False
    if not _first(
        f"nl-click:{issue_id}:{item.label}:{item.pk}:{visitor}", READ_WINDOW_SECONDS
    ):
        return False
    with transaction.atomic():
        rows = IssueClick.objects.filter(
            issue_id=issue_id, label=item.label, object_id=item.pk
        )
        if not rows.update(count=F("count") + 1):
            IssueClick.objects.bulk_create(
                [
                    IssueClick(
                        issue_id=issue_id,
                        label=item.label,
                        object_id=item.pk,
                        title=item.title[:300],
                        count=0,
                    )
                ],
                ignore_conflicts=True,
            )
            rows.update(count=F("count") + 1)
    read_record(
        label=item.label, pk=item.pk, source=ReadSource.NEWSLETTER, visitor=visitor
    )
    return True


def issue_open_record(*, issue_id: int, recipient: str) -> bool:
    """Count one recipient's first open of an issue; whether it counted."""
    if not _first(f"nl-open:{issue_id}:{recipient}", OPEN_WINDOW_SECONDS):
        return False
    return bool(Issue.objects.filter(pk=issue_id).update(opens=F("opens") + 1))
