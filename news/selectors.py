"""Reads for the news pages and feeds: each a fixed number of queries at any size."""

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from publishing.blocks import Block
from publishing.models import Status
from publishing.search import search_filter

from .models import Article, Category

CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "summary",
    "cover",
    "cover_alt",
    "cover_renditions",
    "published_at",
    "on_home",
    "unit__id",
    "unit__name",
    "unit__short_name",
    "unit__slug",
)
HOME_PER_CATEGORY = 4
HOME_FEATURED = 5
HOME_UNITS_LATEST = 6


def _cards(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What a list card shows: the article with its unit joined (one query)."""
    return queryset.select_related("unit").only(*CARD_FIELDS)


def article_list(*, category=None, unit=None, tag=None) -> QuerySet[Article]:
    """Published articles, newest first, optionally of one category, unit or tag."""
    queryset = Article.objects.published()
    if category is not None:
        queryset = queryset.filter(categories=category)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    return _cards(queryset).order_by("-published_at", "-pk")


def article_get_for_page(*, slug: str) -> QuerySet[Article]:
    """The queryset an article page looks its slug up in (published or preview)."""
    return (
        Article.objects.filter(slug=slug)
        .select_related("unit", "author")
        .prefetch_related("categories", "tags")
    )


def article_related(*, article: Article, limit: int = 4) -> list[Article]:
    """Published articles sharing a category with `article`, newest first."""
    category_ids = [c.pk for c in article.categories.all()]
    if not category_ids:
        return []
    # A subquery instead of a join + DISTINCT, so the newest-first index can stop early.
    sharing = Article.categories.through.objects.filter(
        category_id__in=category_ids
    ).values("article_id")
    return list(
        _cards(Article.objects.published().filter(pk__in=sharing))
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def home_page_data() -> dict:
    """Featured articles, the latest per home category and the units' latest.

    Only articles on the home page (office articles, and units' articles the office
    approved) appear. Five queries whatever the number of categories or articles.
    """
    home = Article.objects.published().on_home()
    featured = list(
        _cards(home.filter(featured=True)).order_by("-published_at")[:HOME_FEATURED]
    )
    categories = list(Category.objects.filter(on_home=True).order_by("order", "name"))
    by_category = _home_category_articles(home, categories)
    units_latest = list(
        home.filter(unit__isnull=False)
        .select_related("unit")
        .only(*CARD_FIELDS)
        .order_by("-published_at")[:HOME_UNITS_LATEST]
    )
    return {
        "featured": featured,
        "sections": [(c, by_category[c.pk]) for c in categories if by_category[c.pk]],
        "units_latest": units_latest,
    }


def _home_category_articles(home, categories: list[Category]) -> dict[int, list]:
    """{category id: its latest HOME_PER_CATEGORY home articles}, two queries."""
    through = Article.categories.through
    ranked = (
        through.objects.filter(
            category__on_home=True,
            article__status=Status.PUBLISHED,
            article__on_home=True,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[F("article__published_at").desc(), F("article_id").desc()],
            )
        )
        .filter(rank__lte=HOME_PER_CATEGORY)
        .values_list("category_id", "article_id")
    )
    pairs = list(ranked)
    articles = {
        a.pk: a
        for a in home.filter(pk__in={a for _c, a in pairs})
        .select_related("unit")
        .only(*CARD_FIELDS)
    }
    by_category = {c.pk: [] for c in categories}
    for category_id, article_id in pairs:
        by_category[category_id].append(articles[article_id])
    for items in by_category.values():
        items.sort(key=lambda a: (a.published_at, a.pk), reverse=True)
    return by_category


def article_search(*, query: str) -> QuerySet[Article]:
    """Published articles matching every word of `query`, diacritics ignored."""
    return _cards(search_filter(Article.objects.published(), query))


def unit_news_block(*, unit, request) -> Block | None:
    """The "latest news" block of a unit's page (one query)."""
    articles = list(
        Article.objects.published()
        .filter(unit=unit)
        .only("pk", "title", "slug", "published_at")
        .order_by("-published_at")[:5]
    )
    return Block(
        key="news",
        title=_("Tin tức của đơn vị"),
        template="news/includes/unit_news_block.html",
        context={"articles": articles, "unit": unit},
        order=10,
    )
