from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Tài liệu định hướng")

    def ready(self):
        from publishing import admin_home, blocks, hooks, published_items, search
        from publishing.signals import published
        from reports.registry import PROVIDERS_HOOK

        from .admin_home import admin_home_guidance
        from .metrics import guidance_dashboard_provider
        from .models import Document
        from .selectors import (
            guidance_search_section,
            home_guidance_block,
            key_date_documents,
            unit_guidance_block,
        )
        from .services import on_documents_published

        # Fired after commit by the save service and by the sweep alike.
        published.connect(
            on_documents_published,
            sender=Document,
            dispatch_uid="guidance.distribute_on_publish",
        )
        hooks.register(blocks.HOME_HOOK, home_guidance_block)
        hooks.register(blocks.UNIT_HOOK, unit_guidance_block)
        hooks.register(search.SECTIONS_HOOK, guidance_search_section)
        hooks.register(hooks.KEY_DATE_DOCUMENTS, key_date_documents)
        hooks.register(admin_home.HOOK, admin_home_guidance)
        hooks.register(PROVIDERS_HOOK, guidance_dashboard_provider)

        # What went live, for readers that may not import this app (newsletter, #14).
        published_items.items_register(
            Document.objects.public(), topic=published_items.Topic.GUIDANCE
        )

        # Activities name a guidance document without importing this app (#15).
        from publishing import references

        hooks.register(
            references.HOOK,
            references.model_reference_kind(
                key=references.GUIDANCE_DOCUMENT,
                label=_("Tài liệu định hướng"),
                queryset=lambda: Document.objects.public().order_by(
                    "-issue_date", "-pk"
                ),
            ),
        )

        # Reads counted per day and source (#14, publishing.reads).
        from publishing import reads

        hooks.register(
            reads.READABLE_HOOK,
            reads.readable(
                label="guidance.document",
                queryset=lambda: Document.objects.public(),
                unit_field="issuing_unit_id",
            ),
        )
