"""RSS of guidance documents: public ones only, whoever asks."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import XmlSafeRssFeed
from publishing.text import format_date_vi

from . import selectors


class LatestDocumentsFeed(Feed):
    feed_type = XmlSafeRssFeed

    def title(self):
        return _("Tài liệu định hướng – %(org)s") % {
            "org": settings.ORGANIZATION["short_name"]
        }

    def description(self):
        return _("Văn bản, kế hoạch, đề cương tuyên truyền mới của %(org)s") % {
            "org": settings.ORGANIZATION["name"]
        }

    def link(self):
        return reverse("guidance:document_list")

    def items(self):
        return selectors.document_feed_items()

    def item_title(self, item):
        return f"{item.number_text} – {item.title}"

    def item_description(self, item):
        return " · ".join(
            part
            for part in (
                item.document_type.name,
                format_date_vi(item.issue_date),
                item.summary,
            )
            if part
        )

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.issuer_name
