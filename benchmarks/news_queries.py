"""Issue #4: queries per request of the public news pages with 10 and 10,000 articles.

Goal: the same count at both sizes, at most 10. A page that misses it is flagged in
its value, and the statements it ran are printed so the selector can be found.
"""

import os

from benchmarks.support import (
    Queries,
    articles_bulk_create,
    bench_database,
    count_queries,
    require,
    units_bulk_create,
    vacuum_analyze,
)

SMALL, LARGE = 10, 10_000
MAX_QUERIES = 10
VERBOSE = bool(os.environ.get("BENCH_VERBOSE"))


def _pages(article, category) -> dict[str, str]:
    return {
        "home /": "/",
        "list /tin-tuc/": "/tin-tuc/",
        "category /tin-tuc/chuyen-muc/<slug>/": category.get_absolute_url(),
        "article /tin-tuc/<slug>/": article.get_absolute_url(),
        "search /tim-kiem/?q=cong+doan": "/tim-kiem/?q=cong+doan",
        "unit news /cdcs/<slug>/tin-tuc/": f"/cdcs/{article.unit.slug}/tin-tuc/",
    }


def _count(path: str) -> Queries | str:
    """The page's queries, or "ERROR: ..." when it does not answer 200."""
    try:
        return count_queries(path)
    except Exception as error:  # a broken page must not hide the others' figures
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"ERROR: GET {path}: {type(error).__name__}: {message}"[:200]


def _verdict(small, large) -> str:
    if isinstance(large, str) or isinstance(small, str):
        return large if isinstance(large, str) else small
    problems = []
    if large.count != small.count:
        problems.append(f"GROWS with size (was {small.count} with {SMALL})")
    if large.count > MAX_QUERIES:
        problems.append(f"OVER {MAX_QUERIES}")
    if problems:
        return f"{large.count} — " + ", ".join(problems)
    return f"{large.count} (same; goal ≤ {MAX_QUERIES} met)"


def run() -> list[tuple[str, str]]:
    from news.models import Article

    with bench_database(__name__):
        units = units_bulk_create(20)
        articles_bulk_create(SMALL, units=units, seed=1)
        # An article of a unit, in a category: every page below has rows to show.
        article = (
            Article.objects.filter(unit__isnull=False, categories__isnull=False)
            .select_related("unit")
            .first()
        )
        require(article is not None, "an article of a unit with a category")
        pages = _pages(article, article.categories.first())
        small = {label: _count(path) for label, path in pages.items()}
        articles_bulk_create(LARGE - SMALL, units=units, seed=2)
        vacuum_analyze("news_article", "news_article_categories")
        require(Article.objects.count() == LARGE, f"{LARGE} articles in the database")
        large = {label: _count(path) for label, path in pages.items()}

    for label in pages:
        if label.startswith(("list", "category", "search", "unit")) and isinstance(
            small[label], Queries
        ):
            require(
                "article-card" in small[label].content,
                f"{label} lists articles with {SMALL} articles",
            )
    rows = []
    for label in pages:
        first, second = small[label], large[label]
        rows.append(
            (
                f"queries {label} ({SMALL:,} articles)",
                first if isinstance(first, str) else str(first.count),
            )
        )
        rows.append((f"queries {label} ({LARGE:,} articles)", _verdict(first, second)))
        both = isinstance(first, Queries) and isinstance(second, Queries)
        if both and (
            VERBOSE or second.count != first.count or second.count > MAX_QUERIES
        ):
            print(first.report())
            print(second.report())
    return rows
