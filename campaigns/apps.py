from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Chiến dịch truyền thông")

    def ready(self):
        from publishing.blocks import block_provider_register
        from publishing.signals import published

        from .metrics import dashboard_metrics_register
        from .receivers import campaign_posts_published
        from .selectors import home_campaigns_block, unit_campaigns_block

        block_provider_register("home", home_campaigns_block)
        block_provider_register("unit", unit_campaigns_block)
        published.connect(campaign_posts_published, dispatch_uid="campaigns-release")
        dashboard_metrics_register()

        # The admin index's warnings: expiring or rejected tokens, stuck deliveries.
        from publishing.selectors import (
            admin_warning_provider_register,
            overdue_provider_register,
        )

        from .selectors import admin_warning_list, deliveries_overdue_count

        admin_warning_provider_register(admin_warning_list)
        overdue_provider_register("campaigns.Delivery", deliveries_overdue_count)

        from publishing import admin_home, hooks

        from .admin_home import admin_home_campaigns

        hooks.register(admin_home.HOOK, admin_home_campaigns)

        # What went live, for readers that may not import this app (newsletter, #14).
        from publishing import hooks as _hooks
        from publishing import published_items

        from .models import CampaignPost

        _hooks.register(
            published_items.HOOK,
            published_items.items_provider(
                model="campaigns.CampaignPost",
                topic=published_items.Topic.EVENTS,
                queryset=lambda: CampaignPost.objects.published(),
                summary="summary",
            ),
        )
