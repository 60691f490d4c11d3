"""Chainable filters over articles."""

from publishing.querysets import PublishableQuerySet


class ArticleQuerySet(PublishableQuerySet):
    def for_unit(self, unit):
        return self.filter(unit=unit)

    def of_office(self):
        return self.filter(unit__isnull=True)

    def on_home(self):
        return self.filter(on_home=True)
