from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = pgettext_lazy("app name", "Báo cáo")

    def ready(self):
        from publishing import hooks

        from .reach import reach_dashboard_provider
        from .registry import PROVIDERS_HOOK
        from .unit_columns import units_dashboard_provider

        hooks.register(PROVIDERS_HOOK, units_dashboard_provider)
        hooks.register(PROVIDERS_HOOK, reach_dashboard_provider)
