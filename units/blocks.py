"""Blocks of a unit's home page that other apps fill (latest news, events, guidance).

Units import no content app (DESIGN.md); a content app registers a provider in its
AppConfig.ready(). A provider takes the unit (and the request) and returns a Block or
None, with a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

_providers: list[Callable] = []


@dataclass
class Block:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def block_provider_register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unit_block_list(*, unit, request) -> list[Block]:
    blocks = [block for p in _providers if (block := p(unit=unit, request=request))]
    return sorted(blocks, key=lambda b: b.order)
