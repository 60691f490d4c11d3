"""Blocks of shared pages that other apps fill: the home page and each unit's page.

Publishing and units import no content app (DESIGN.md), so a content app registers a
function under a page's hook in its AppConfig.ready():

    hooks.register(blocks.UNIT_HOOK, unit_news_block)      # fn(*, unit, request)
    hooks.register(blocks.HOME_HOOK, home_guidance_block)  # fn(*, request)

A function returns a Block or None and runs a fixed number of queries.
"""

from dataclasses import dataclass, field

from . import hooks

HOME_HOOK = "home_page_blocks"
UNIT_HOOK = "unit_page_blocks"


@dataclass
class Block:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def block_list(hook: str, **context) -> list[Block]:
    """The blocks registered under `hook` (HOME_HOOK or UNIT_HOOK), in order;
    `context` is passed to every function."""
    blocks = [block for fn in hooks.get_hooks(hook) if (block := fn(**context))]
    return sorted(blocks, key=lambda b: b.order)
