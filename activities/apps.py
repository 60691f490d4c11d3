from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Hoạt động")

    def ready(self):
        from publishing import blocks, hooks, notifications, published_items, reads
        from reports.registry import PROVIDERS_HOOK

        from .emails import registration_attachments
        from .metrics import activities_dashboard_provider
        from .models import Activity
        from .selectors import unit_activities_block

        # The confirmation's .ics and QR code, rebuilt at each send (emails.py).
        hooks.register(notifications.ATTACHMENTS_HOOK, registration_attachments)
        hooks.register(PROVIDERS_HOOK, activities_dashboard_provider)
        hooks.register(blocks.UNIT_HOOK, unit_activities_block)
        # What went live, for the newsletter and the bulletin board (#14, #15).
        published_items.items_register(
            Activity.objects.published(), topic=published_items.Topic.EVENTS
        )
        # Reads counted per day and source, as for every published page (#14).
        hooks.register(
            reads.READABLE_HOOK,
            reads.readable(
                label="activities.activity",
                queryset=lambda: Activity.objects.published(),
                unit_field="unit_id",
            ),
        )
