"""Diacritics-insensitive search over the folded `search_text` every content type keeps.

Every word of the folded query must occur in the folded text. On PostgreSQL that is a
full-text match over whole syllables ('simple' configuration, the last word as a
prefix, so a half-typed word still finds) against the stored, GIN-indexed vector of
publishing.migration_ops.search_index; on SQLite, a LIKE '%word%' per word.

Results are ranked (exact phrase at the start, then anywhere, then the rest) among the
SEARCH_RESULT_LIMIT newest matches only: common Vietnamese syllables ("cong", "doan")
match most of the site, and scoring and counting every match for page one cost seconds
at 100k rows (benchmarks/news_search.py), while twenty pages of the newest matches are
more than people read; the page says so and suggests more words.

The site search page adds a section per content app that registers under SECTIONS_HOOK.
"""

import functools
import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import hooks
from .migration_ops import VECTOR_COLUMN
from .text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
SEARCH_RESULT_LIMIT = 200
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def query_words(query: str) -> list[str]:
    """The folded words of a query, at most MAX_QUERY_WORDS, duplicates dropped."""
    words = []
    for word in _NOT_WORD.sub(" ", fold(query[:MAX_QUERY_CHARS])).split():
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


class _TextMatch(Func):
    """search_vector @@ to_tsquery('simple', 'w1 & w2:*'), on PostgreSQL only.

    `search_vector` is the generated column of publishing.migration_ops.search_index;
    the models do not declare it, so it is named next to search_text, in the same
    table alias the query gave search_text.
    """

    output_field = BooleanField()

    def __init__(self, words: list[str]):
        tsquery = " & ".join(words[:-1] + [f"{words[-1]}:*"])
        super().__init__(F("search_text"), Value(tsquery))

    def as_sql(self, compiler, connection, **extra):
        text, text_params = compiler.compile(self.source_expressions[0])
        query, query_params = compiler.compile(self.source_expressions[1])
        column = connection.ops.quote_name("search_text")
        vector = text.removesuffix(column) + connection.ops.quote_name(VECTOR_COLUMN)
        return (
            f"{vector} @@ to_tsquery('simple'::regconfig, {query})",
            [*text_params, *query_params],
        )


def search_filter(queryset: QuerySet, query: str) -> QuerySet:
    """The newest matches of `query` (at most SEARCH_RESULT_LIMIT), best first."""
    words = query_words(query)
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        matches = queryset.filter(_TextMatch(words))
    else:
        matches = queryset
        for word in words:
            matches = matches.filter(search_text__contains=word)
    newest = matches.order_by("-published_at", "-pk").values("pk")[:SEARCH_RESULT_LIMIT]
    phrase = " ".join(words)
    return (
        queryset.filter(pk__in=newest)
        .annotate(
            search_rank=Case(
                When(search_text__startswith=phrase, then=Value(3)),
                When(search_text__contains=phrase, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char) or (" " if char.isspace() else "")


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, with the query's words wrapped in <mark>, diacritics ignored."""
    words = query_words(query)
    if not text or not words:
        return escape(text or "")
    folded, positions = [], []
    for index, char in enumerate(text):
        folded_char = _fold_char(char)
        folded.append(folded_char)
        positions.extend([index] * len(folded_char))
    haystack = "".join(folded)
    spans = []
    for word in words:
        start = haystack.find(word)
        while start != -1:
            spans.append((positions[start], positions[start + len(word) - 1] + 1))
            start = haystack.find(word, start + len(word))
    out, done = [], 0
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        out += [escape(text[done:start]), "<mark>", escape(text[start:end]), "</mark>"]
        done = end
    out.append(escape(text[done:]))
    # Adjacent or overlapping matches read as one mark.
    return mark_safe("".join(out).replace("</mark><mark>", ""))  # noqa: S308 (escaped)


# -- site search across content types ------------------------------------------------
# /tim-kiem/ lists articles, then one short section per function registered under
# SECTIONS_HOOK (questions answered, guidance documents...) by a content app's
# AppConfig.ready(): fn(*, query, request) returns a SearchSection or None, in one or
# two queries.
SECTIONS_HOOK = "search_sections"


@dataclass
class SearchSection:
    key: str
    title: str
    results: list
    template: str
    more_url: str = ""
    order: int = 100


def search_section_list(*, query: str, request) -> list[SearchSection]:
    sections = [
        section
        for fn in hooks.get_hooks(SECTIONS_HOOK)
        if (section := fn(query=query, request=request)) and section.results
    ]
    return sorted(sections, key=lambda s: s.order)
