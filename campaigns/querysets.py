"""Chainable filters over campaign posts."""

from publishing.querysets import PublishableQuerySet


class CampaignPostQuerySet(PublishableQuerySet):
    def of_office(self):
        return self.filter(unit__isnull=True)

    def for_unit(self, unit):
        return self.filter(unit=unit)

    def on_site(self):
        """Public: published office posts meant for the site."""
        return self.published().of_office().filter(to_site=True)
