"""Writes of the news app."""

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
