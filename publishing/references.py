"""References from one content app to another's rows, without importing it (#15).

An activity names a guidance document and a key date; the activities app may not
import guidance or campaigns (DESIGN.md), and a ForeignKey across content apps would
couple their migrations. So the owner of the referenced rows registers a
`ReferenceKind` under HOOK in its AppConfig.ready():

    hooks.register(references.HOOK, document_reference_kind)   # fn() -> ReferenceKind

and the referring model stores the plain id (a PositiveBigIntegerField), offers
`reference_choices(key)` in its form and shows `references_resolve(key, ids)` on its
pages: one query per kind whatever the number of rows. A kind whose app is not
installed offers no choices and resolves nothing; an id whose row was deleted
resolves to nothing (the page omits the link), never to an error.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from . import hooks

HOOK = "content_references"

# The keys the activities app asks for (#15); owners register kinds with these keys.
GUIDANCE_DOCUMENT = "guidance.document"
KEY_DATE = "campaigns.keydate"


@dataclass(frozen=True)
class Reference:
    pk: int
    title: str
    url: str  # path on the public site, "" when the row has no public page


@dataclass(frozen=True)
class ReferenceKind:
    key: str
    label: str | Promise
    # () -> [(pk, label)]: what a form may offer, in display order.
    choices: Callable[[], list[tuple[int, str]]]
    # (ids) -> {pk: Reference}: one query for any number of ids.
    resolve: Callable[[Iterable[int]], dict[int, Reference]]


def reference_kind(key: str) -> ReferenceKind | None:
    """The registered kind with `key`; the last registration wins."""
    kinds = [make() for make in hooks.get_hooks(HOOK)]
    return next((kind for kind in reversed(kinds) if kind.key == key), None)


def reference_choices(key: str) -> list[tuple[int, str]]:
    kind = reference_kind(key)
    return kind.choices() if kind else []


def references_resolve(key: str, ids: Iterable[int | None]) -> dict[int, Reference]:
    wanted = {pk for pk in ids if pk}
    kind = reference_kind(key)
    if not wanted or kind is None:
        return {}
    return kind.resolve(wanted)


def model_reference_kind(
    *,
    key: str,
    label: str | Promise,
    queryset: Callable,
    title: Callable = str,
    limit: int = 500,
) -> Callable[[], ReferenceKind]:
    """A kind for rows of one model: `queryset()` gives the rows that may be named
    (its ordering is the choices' order), `title(row)` their label; the row's
    get_absolute_url() its link. Returns the function to register under HOOK (the
    same function for the same key, so a second ready() registers nothing new)."""
    if key in _made:
        return _made[key]

    def choices():
        return [(row.pk, title(row)) for row in queryset()[:limit]]

    def resolve(ids):
        return {
            row.pk: Reference(pk=row.pk, title=title(row), url=row.get_absolute_url())
            for row in queryset().filter(pk__in=list(ids))
        }

    def make() -> ReferenceKind:
        return ReferenceKind(key=key, label=label, choices=choices, resolve=resolve)

    make.__name__ = f"{key.replace('.', '_')}_reference_kind"
    _made[key] = make
    return make


_made: dict[str, Callable[[], ReferenceKind]] = {}
