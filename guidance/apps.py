from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Tài liệu định hướng")

    def ready(self):
        from publishing.blocks import block_provider_register
        from publishing.search import search_provider_register
        from publishing.signals import published

        from .metrics import dashboard_metrics_register
        from .models import Document
        from .selectors import (
            guidance_search_section,
            home_guidance_block,
            unit_guidance_block,
        )
        from .services import on_documents_published

        # Fired after commit by the save service and by the sweep alike.
        published.connect(
            on_documents_published,
            sender=Document,
            dispatch_uid="guidance.distribute_on_publish",
        )
        block_provider_register("home", home_guidance_block)
        block_provider_register("unit", unit_guidance_block)
        search_provider_register(guidance_search_section)
        dashboard_metrics_register()

        from publishing import admin_home, hooks

        from .admin_home import admin_home_guidance

        hooks.register(admin_home.HOOK, admin_home_guidance)

        # What went live, for readers that may not import this app (newsletter, #14).
        from publishing import hooks as _hooks
        from publishing import published_items

        from .models import Document

        _hooks.register(
            published_items.HOOK,
            published_items.items_provider(
                model="guidance.Document",
                topic=published_items.Topic.GUIDANCE,
                queryset=lambda: Document.objects.public(),
                summary="summary",
            ),
        )
