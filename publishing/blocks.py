"""Blocks of shared pages that other apps fill: the home page and each unit's page.

Publishing and units import no content app (DESIGN.md), so a content app registers a
provider in its AppConfig.ready():

    block_provider_register("unit", unit_news_block)    # provider(*, unit, request)
    block_provider_register("home", latest_guidance_block)  # provider(*, request)

A provider returns a Block or None and runs a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PAGES = ("home", "unit")
_providers: dict[str, list[Callable]] = {page: [] for page in PAGES}


@dataclass
class Block:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def block_provider_register(page: str, provider: Callable) -> Callable:
    if provider not in _providers[page]:
        _providers[page].append(provider)
    return provider


def block_list(page: str, **context) -> list[Block]:
    """The blocks of `page`, in order; `context` is passed to every provider."""
    blocks = [block for p in _providers[page] if (block := p(**context))]
    return sorted(blocks, key=lambda b: b.order)
