from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from publishing.blocks import block_provider_register

        from .metrics import dashboard_metrics_register
        from .selectors import unit_news_block

        block_provider_register("unit", unit_news_block)
        dashboard_metrics_register()

        from publishing import admin_home, hooks

        from .admin_home import admin_home_news

        hooks.register(admin_home.HOOK, admin_home_news, order=-10)
