"""Template helpers of article pages: structured data and share links."""

import json
from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def article_jsonld(article) -> str:
    """A schema.org NewsArticle for search engines, escaped like json_script."""
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "vi",
        "datePublished": article.published_at.isoformat()
        if article.published_at
        else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": {
            "@type": "Organization",
            "name": article.unit.name
            if article.unit_id
            else settings.ORGANIZATION["name"],
        },
        "publisher": {"@type": "Organization", "name": settings.ORGANIZATION["name"]},
    }
    if article.cover:
        data["image"] = [settings.SITE_URL + article.cover.url]
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308
    )


@register.simple_tag
def facebook_share_url(path: str) -> str:
    return "https://www.facebook.com/sharer/sharer.php?u=" + quote(
        settings.SITE_URL + path, safe=""
    )
