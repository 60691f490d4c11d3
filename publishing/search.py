"""Diacritics-insensitive search over the folded `search_text` every content type keeps.

The same code runs on SQLite and PostgreSQL: each word of the folded query must occur
in the folded text (LIKE '%word%'). On PostgreSQL a trigram GIN index on search_text
(see the news migrations) serves those LIKEs, so a search stays fast at 100k rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8


def query_words(query: str) -> list[str]:
    """The folded words of a query, at most MAX_QUERY_WORDS, duplicates dropped."""
    words = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        word = word.strip(".,;:!?\"'()[]{}«»“”")
        if word and word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def search_filter(queryset: QuerySet, query: str) -> QuerySet:
    """Rows whose search text holds every word; the exact phrase ranks first."""
    words = query_words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    phrase = " ".join(words)
    return queryset.annotate(
        search_rank=Case(
            When(search_text__startswith=phrase, then=Value(3)),
            When(search_text__contains=phrase, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("-search_rank", "-published_at", "-pk")


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, with the query's words wrapped in <mark>, diacritics ignored."""
    words = query_words(query)
    if not text or not words:
        return escape(text or "")
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char) or (" " if char.isspace() else ""):
            folded.append(folded_char)
            positions.append(index)
    haystack = "".join(folded)
    marked = [False] * len(text)
    for word in words:
        start = haystack.find(word)
        while start != -1:
            for i in range(start, start + len(word)):
                marked[positions[i]] = True
            start = haystack.find(word, start + len(word))
    out, open_ = [], False
    for char, is_marked in zip(text, marked, strict=True):
        if is_marked and not open_:
            out.append("<mark>")
        elif not is_marked and open_:
            out.append("</mark>")
        open_ = is_marked
        out.append(escape(char))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every character went through escape)


# -- site search across content types ------------------------------------------------
# /tim-kiem/ lists articles, then one short section per registered provider (questions
# answered, guidance documents...). Content apps register in AppConfig.ready(); a
# provider(*, query, request) returns a SearchSection or None, in one or two queries.
@dataclass
class SearchSection:
    key: str
    title: str
    results: list
    template: str
    more_url: str = ""
    order: int = 100


_search_providers: list[Callable] = []


def search_provider_register(provider: Callable) -> Callable:
    if provider not in _search_providers:
        _search_providers.append(provider)
    return provider


def search_section_list(*, query: str, request) -> list[SearchSection]:
    sections = [
        section
        for provider in _search_providers
        if (section := provider(query=query, request=request)) and section.results
    ]
    return sorted(sections, key=lambda s: s.order)
