"""Feed generators that drop what XML 1.0 cannot carry, so a feed never fails (#12).

Input is cleaned on save (publishing.text.clean_text); these are the defence for
text that did not pass through a save: older rows, settings, computed labels.
Django's generator raises on a control character, which answered 500 for every
feed holding one. Every Feed of the site sets `feed_type` to one of these.
"""

from django.utils import feedgenerator

from .text import xml_safe


def _safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_safe(part) for part in value)
    return value


class XmlSafeFeedMixin:
    def write(self, outfile, encoding):
        self.feed = {key: _safe(value) for key, value in self.feed.items()}
        self.items = [
            {key: _safe(value) for key, value in item.items()} for item in self.items
        ]
        super().write(outfile, encoding)


class XmlSafeRssFeed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass
