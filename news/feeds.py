"""RSS and Atom feeds: all news, per category and per unit."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import XmlSafeAtomFeed, XmlSafeRssFeed
from units.models import Unit

from . import selectors
from .models import Category

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    feed_type = XmlSafeRssFeed

    def title(self):
        return _("Tin tức – %(org)s") % {"org": settings.ORGANIZATION["short_name"]}

    def description(self):
        return _("Tin mới nhất của %(org)s") % {"org": settings.ORGANIZATION["name"]}

    def link(self):
        return reverse("news:article_list")

    def items(self):
        return selectors.article_list().prefetch_related("categories")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return str(item.unit) if item.unit_id else settings.ORGANIZATION["short_name"]

    def item_categories(self, item):
        return [c.name for c in item.categories.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = LatestArticlesFeed.description


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("%(category)s – %(org)s") % {
            "category": obj.name,
            "org": settings.ORGANIZATION["short_name"],
        }

    def description(self, obj):
        return obj.description or self.title(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return selectors.article_list(category=obj).prefetch_related("categories")[
            :FEED_SIZE
        ]


class CategoryAtomFeed(CategoryFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = CategoryFeed.description


class UnitFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Unit, slug=slug)

    def title(self, obj):
        return _("Tin tức – %(unit)s") % {"unit": obj.name}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return reverse("unit_news:list", kwargs={"slug": obj.slug})

    def items(self, obj):
        return selectors.article_list(unit=obj).prefetch_related("categories")[
            :FEED_SIZE
        ]


class UnitAtomFeed(UnitFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = UnitFeed.description
