from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = pgettext_lazy("app name", "Báo cáo")

    def ready(self):
        from .unit_columns import unit_columns_register

        unit_columns_register()
