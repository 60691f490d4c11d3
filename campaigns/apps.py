from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Chiến dịch truyền thông")

    def ready(self):
        from publishing import admin_home, blocks, hooks
        from reports.registry import PROVIDERS_HOOK

        from .admin_home import admin_home_campaigns
        from .metrics import campaigns_dashboard_provider
        from .selectors import home_campaigns_block, unit_campaigns_block

        hooks.register(blocks.HOME_HOOK, home_campaigns_block)
        hooks.register(blocks.UNIT_HOOK, unit_campaigns_block)
        hooks.register(admin_home.HOOK, admin_home_campaigns)
        hooks.register(PROVIDERS_HOOK, campaigns_dashboard_provider)

        # What went live, for readers that may not import this app (newsletter, #14).
        from publishing import published_items

        from .models import CampaignPost

        published_items.items_register(
            CampaignPost.objects.published(), topic=published_items.Topic.EVENTS
        )

        # Activities name a key date without importing this app (#15).
        from publishing import references

        from .models import KeyDate

        hooks.register(
            references.HOOK,
            references.model_reference_kind(
                key=references.KEY_DATE,
                label=_("Ngày kỷ niệm"),
                queryset=lambda: KeyDate.objects.filter(is_active=True).order_by(
                    "month", "day", "name"
                ),
            ),
        )

        # Reads counted per day and source (#14, publishing.reads).
        from publishing import reads

        hooks.register(
            reads.READABLE_HOOK,
            reads.readable(
                label="campaigns.campaignpost",
                queryset=lambda: CampaignPost.objects.published().filter(to_site=True),
                unit_field="unit_id",
            ),
        )
