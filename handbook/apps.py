from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Sổ tay và bảng tin")

    def ready(self):
        from publishing import hooks, search

        from .selectors import handbook_search_section

        hooks.register(search.SECTIONS_HOOK, handbook_search_section)
