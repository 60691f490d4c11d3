"""What a delivery sends of its item, whatever the item's type: its title, its text,
its public address (with the UTM tags that attribute the reader to the channel), and
whether it is published. Every Publishable works as it is; a model may say more with
`share_url()` (where the link goes) or `share_text()` (the message)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from publishing.models import Status
from publishing.richtext import richtext_to_text


@dataclass(frozen=True)
class Shared:
    title: str
    text: str
    url: str
    is_published: bool


def utm_link(url: str, *, source: str, campaign: str) -> str:
    """`url` tagged so that reach can be attributed: utm_source=facebook|zalo,
    utm_medium=social, utm_campaign=the item's slug (#14)."""
    query = {"utm_source": source, "utm_medium": "social"}
    if campaign:
        query["utm_campaign"] = campaign
    return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"


def shared(item, *, source: str) -> Shared:
    """The item as the channel `source` ("facebook" or "zalo") will show it."""
    if item is None:  # the item was deleted after its delivery was made
        return Shared(title="", text="", url="", is_published=False)
    path = item.share_url() if hasattr(item, "share_url") else item.get_absolute_url()
    if hasattr(item, "share_text"):
        text = item.share_text()
    else:
        body = getattr(item, "body", "") or ""
        text = richtext_to_text(body) if body else getattr(item, "summary", "") or ""
    return Shared(
        title=item.title,
        text=text,
        url=utm_link(
            settings.SITE_URL + path,
            source=source,
            campaign=getattr(item, "slug", "") or "",
        ),
        is_published=getattr(item, "status", None) == Status.PUBLISHED,
    )
