"""The sitemap of the handbook's sections (the office's and active units' appendices)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from .models import Section


class SectionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        public = Q(unit__isnull=True) | Q(unit__is_active=True)
        return Section.objects.filter(public).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
