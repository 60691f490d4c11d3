"""Chainable filters over units."""

from django.db import models

from publishing.text import fold


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def grassroots(self):
        return self.filter(kind="grassroots")

    def search(self, query: str):
        """Diacritics- and case-insensitive match on name and short name."""
        folded = fold(query)
        if not folded:
            return self
        for word in folded.split():
            self = self.filter(search_text__contains=word)
        return self
