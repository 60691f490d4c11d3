"""Writes of the news app."""

from django.core.cache import cache
from django.db.models import F

from publishing.circuits import Unavailable, cache_circuit
from publishing.workflow import Intent, content_save

from .models import Article


def article_save(
    *,
    article: Article,
    author=None,
    intent: str | None = Intent.DRAFT,
    may_publish_home: bool = False,
    on_home: bool | None = None,
    review_note: str = "",
) -> Article:
    """Save an article through the publishing workflow; the first saver is its author.

    Office articles (no unit) go on the home page unless the office says otherwise;
    a unit's article needs the office's approval for that (units.permissions).
    """
    if article.pk is None and author is not None and author.is_authenticated:
        article.author = author
    if article.unit_id is None and on_home is None and may_publish_home:
        on_home = True
    return content_save(
        obj=article,
        intent=intent or Intent.DRAFT,
        may_publish_home=may_publish_home,
        on_home=on_home,
        review_note=review_note,
    )


# One visitor's readings of one article count once per this many seconds (#12).
ARTICLE_VIEW_WINDOW_SECONDS = 30 * 60


def article_view_record(*, article_id: int, visitor: str) -> bool:
    """Count one reading of a published article by `visitor` (an opaque key such as
    publishing.clientip.client_fingerprint), at most once per
    ARTICLE_VIEW_WINDOW_SECONDS. Returns whether it was counted.

    A missing or unpublished article counts nothing and leaves no key behind, so the
    keys are bounded by published articles x visitors of the last window, each
    expiring with it. Without the cache (Redis down) nothing is counted: an
    uncounted reading is better than an unthrottled counter or a failed page.
    """
    if not Article.objects.published().filter(pk=article_id).exists():
        return False
    key = f"article-view:{article_id}:{visitor}"
    try:
        first = cache_circuit.call(
            cache.add, key, 1, timeout=ARTICLE_VIEW_WINDOW_SECONDS
        )
    except Unavailable:
        return False
    if not first:
        return False
    Article.objects.published().filter(pk=article_id).update(
        view_count=F("view_count") + 1
    )
    return True


def article_create_from(
    *,
    title: str,
    summary: str,
    body: str,
    unit_id: int | None,
    author=None,
    intent: str = Intent.DRAFT,
    may_publish_home: bool = False,
    cover=None,
    cover_alt: str = "",
) -> tuple[int, str]:
    """Write an article for another app (publishing.hooks.ARTICLE_CREATE): through
    `article_save`, so the workflow, sanitiser and permission rule apply as in the
    admin. Returns its id and its admin change path."""
    from django.urls import reverse

    article = Article(
        title=title[:255],
        summary=summary[:600],
        body=body,
        unit_id=unit_id,
        cover_alt=cover_alt[:255] if cover else "",
    )
    if cover is not None:
        article.cover = cover  # uncommitted: judged and re-encoded on save
    article_save(
        article=article,
        author=author,
        intent=intent,
        may_publish_home=may_publish_home,
    )
    return article.pk, reverse("admin:news_article_change", args=[article.pk])
