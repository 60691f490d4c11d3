from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Hoạt động")

    def ready(self):
        from publishing import blocks, hooks, notifications
        from reports.registry import PROVIDERS_HOOK

        from .emails import registration_attachments
        from .metrics import activities_dashboard_provider
        from .selectors import unit_activities_block

        # The confirmation's .ics and QR code, rebuilt at each send (emails.py).
        hooks.register(notifications.ATTACHMENTS_HOOK, registration_attachments)
        hooks.register(PROVIDERS_HOOK, activities_dashboard_provider)
        hooks.register(blocks.UNIT_HOOK, unit_activities_block)
