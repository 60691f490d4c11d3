"""The one registry through which apps contribute to each other, after Wagtail's hooks.

Publishing, units and reports import no content app (DESIGN.md), so a content app
registers a function under a hook name in its AppConfig.ready(), and whoever owns the
name calls every function registered under it:

    from publishing import hooks

    hooks.register("admin_home_boxes", campaign_boxes)           # in ready()
    for fn in hooks.get_hooks("admin_home_boxes"): ...           # the caller

    @hooks.register("admin_home_boxes", order=10)                # or as a decorator
    def boxes(home): ...

Functions run in `order` (lower first, then registration order). Registering the same
function twice under a name keeps one entry, so ready() running twice (tests, the
autoreloader) changes nothing. What a hook's functions take and return is documented
where the name is defined: `publishing.admin_home.HOOK` for the admin home's boxes,
`publishing.blocks` for page blocks, `publishing.search.SECTIONS_HOOK` for search
sections, `publishing.selectors` for admin warnings and overdue counts; a name that two
content apps share, which may not import each other, is defined below.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# fn(*, key_date, limit) -> list: published documents linked to a campaigns.KeyDate,
# newest first, at most `limit` (guidance answers; campaigns' reminders ask).
KEY_DATE_DOCUMENTS = "key_date_documents"

# fn(*, title, summary, body, unit_id, author, intent, may_publish_home, cover=None,
#    cover_alt="") -> (pk, admin change path): write an article from another app's
# content through the news app's save service and workflow (an activity's summary
# and photos, #15). `cover` is a File or None. The news app registers it.
ARTICLE_CREATE = "article_create"

_hooks: dict[str, list[tuple[int, int, Callable]]] = defaultdict(list)
_sequence = 0


def register(name: str, fn: Callable | None = None, *, order: int = 0):
    """Register `fn` under `name`; without `fn`, a decorator that does so."""

    def decorator(fn: Callable) -> Callable:
        global _sequence
        if all(existing is not fn for _order, _seq, existing in _hooks[name]):
            _sequence += 1
            _hooks[name].append((order, _sequence, fn))
            _hooks[name].sort(key=lambda entry: entry[:2])
        return fn

    return decorator if fn is None else decorator(fn)


def unregister(name: str, fn: Callable) -> None:
    _hooks[name] = [entry for entry in _hooks[name] if entry[2] is not fn]


def get_hooks(name: str) -> list[Callable]:
    """The functions registered under `name`, in order (empty for an unknown name)."""
    return [fn for _order, _seq, fn in _hooks.get(name, ())]


@contextmanager
def register_temporarily(name: str, fn: Callable, *, order: int = 0) -> Iterator:
    """Register `fn` for the duration of a `with` block (tests)."""
    already = fn in get_hooks(name)
    register(name, fn, order=order)
    try:
        yield
    finally:
        if not already:
            unregister(name, fn)
