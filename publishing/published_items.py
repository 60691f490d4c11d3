"""What went live, described alike for every content type (the "published_items" hook).

Readers outside a content app (the newsletter's issues and digests, #14) ask for
published content without importing the app that owns it (DESIGN.md): each content
app registers a provider in its AppConfig.ready():

    hooks.register(published_items.HOOK, article_items)

A provider is called as ``provider(label=..., pks=..., since=..., until=...)`` and
returns a list of `PublishedItem` for its own public content: those of model `label`
("news.article") with ids in `pks` when a label is given (an empty list when the label
is not its own), otherwise those published in [since, until). It runs a fixed number
of queries.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

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


def items_provider(*, model: str, topic: str, queryset, summary: str = "summary"):
    """A provider for a Publishable model: `queryset()` gives its public rows.

    `model` is "app_label.ModelName"; the item's unit is the row's `unit_id` if the
    model has one. Asking twice for one model gives the same function, so a second
    ready() registers nothing new.
    """
    if model in _providers:
        return _providers[model]

    def provider(*, label, pks, since, until):
        rows = queryset()
        if label is not None and label != rows.model._meta.label_lower:
            return []
        if label is not None:
            rows = rows.filter(pk__in=pks or [])
        else:
            rows = rows.filter(published_at__gte=since, published_at__lt=until)
        has_unit = any(f.name == "unit" for f in rows.model._meta.fields)
        return [
            PublishedItem(
                label=rows.model._meta.label_lower,
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

    provider.__name__ = f"{model.replace('.', '_').lower()}_items"
    _providers[model] = provider
    return provider


_providers: dict[str, object] = {}
