"""What went live, described alike for every content type (the "published_items" hook).

Readers outside a content app (the newsletter's issues and digests, #14) ask for
published content without importing the app that owns it (DESIGN.md): each content
app registers its public rows in its AppConfig.ready():

    published_items.items_register(
        Article.objects.published(), topic=published_items.Topic.NEWS
    )

A provider is called as ``provider(label=..., pks=..., since=..., until=...)`` and
returns a list of `PublishedItem` for its own public content: those of model `label`
("news.article") with ids in `pks` when a label is given (an empty list when the label
is not its own), otherwise those published in [since, until). It runs a fixed number
of queries.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db.models import QuerySet

from . import hooks

HOOK = "published_items"


class Topic:
    """What a member may choose to follow; a provider says which its items are."""

    NEWS = "news"  # the office's news, or a CĐCS's (unit_id)
    GUIDANCE = "guidance"
    EVENTS = "events"
    ANSWERS = "answers"


@dataclass(frozen=True)
class PublishedItem:
    label: str
    pk: int
    topic: str
    title: str
    summary: str
    url: str  # path on the site, e.g. /tin-tuc/...
    published_at: datetime
    unit_id: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "PublishedItem":
        return cls(
            **{**data, "published_at": datetime.fromisoformat(data["published_at"])}
        )


def published_items(
    *,
    label: str | None = None,
    pks: list[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[PublishedItem]:
    """Every provider's items, newest first."""
    items = []
    for provider in hooks.get_hooks(HOOK):
        items.extend(provider(label=label, pks=pks, since=since, until=until))
    return sorted(items, key=lambda item: (item.published_at, item.pk), reverse=True)


def items_register(queryset: QuerySet, *, topic: str, summary: str = "summary"):
    """Register, under HOOK, the provider of `queryset`'s model (from ready()).

    `queryset` holds the model's public rows (`Article.objects.published()`); it is
    re-read on every call (`.all()`), so it must hold no moment of its own. `summary`
    names the field shown under the title. Returns the provider.
    """
    provider = items_provider(queryset=queryset, topic=topic, summary=summary)
    hooks.register(HOOK, provider)
    return provider


def items_provider(*, queryset, topic: str, summary: str = "summary"):
    """The provider for a Publishable model whose public rows `queryset` holds.

    `queryset` is a QuerySet or a function returning one; its model gives the label
    ("news.article") and, if the model has a `unit`, each item's unit. Asking twice
    for one model gives the same function, so a second ready() registers nothing new.
    """
    rows_of = queryset if callable(queryset) else queryset.all
    meta = rows_of().model._meta
    label = meta.label_lower
    if label in _providers:
        return _providers[label]
    has_unit = any(f.name == "unit" for f in meta.fields)

    def provider(*, label=None, pks=None, since=None, until=None):
        if label is not None and label != meta.label_lower:
            return []
        rows = rows_of()
        if label is not None:
            rows = rows.filter(pk__in=pks or [])
        else:
            rows = rows.filter(published_at__gte=since, published_at__lt=until)
        return [
            PublishedItem(
                label=meta.label_lower,
                pk=row.pk,
                topic=topic,
                title=row.title,
                summary=(getattr(row, summary, "") or "")[:400],
                url=row.get_absolute_url(),
                published_at=row.published_at,
                unit_id=row.unit_id if has_unit else None,
            )
            for row in rows.order_by("-published_at", "-pk")
        ]

    provider.__name__ = f"{label.replace('.', '_')}_items"
    _providers[label] = provider
    return provider


_providers: dict[str, object] = {}


def registered_labels() -> list[str]:
    """The labels ("news.article") of the models whose providers are registered."""
    registered = hooks.get_hooks(HOOK)
    return [label for label, fn in _providers.items() if fn in registered]
