"""Members' questions, staff answers and the public FAQ."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = _("Hỏi đáp")

    def ready(self):
        from publishing import admin_home, blocks, hooks, published_items, search
        from reports.registry import PROVIDERS_HOOK

        from .admin_home import admin_home_consultation
        from .metrics import consultation_dashboard_provider
        from .models import Faq
        from .selectors import faq_home_block, faq_search_section

        hooks.register(blocks.HOME_HOOK, faq_home_block)
        hooks.register(search.SECTIONS_HOOK, faq_search_section)
        hooks.register(admin_home.HOOK, admin_home_consultation)
        hooks.register(PROVIDERS_HOOK, consultation_dashboard_provider)

        # What went live, for readers that may not import this app (newsletter, #14).
        published_items.items_register(
            Faq.objects.published(),
            topic=published_items.Topic.ANSWERS,
            summary="question_text",
        )

        # Reads counted per day and source (#14, publishing.reads).
        from publishing import reads

        hooks.register(
            reads.READABLE_HOOK,
            reads.readable(
                label="consultation.faq",
                queryset=lambda: Faq.objects.published(),
                unit_field=None,
            ),
        )
