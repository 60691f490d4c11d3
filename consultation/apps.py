"""Members' questions, staff answers and the public FAQ."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = _("Hỏi đáp")

    def ready(self):
        from publishing.blocks import block_provider_register
        from publishing.search import search_provider_register

        from .metrics import dashboard_metrics_register
        from .selectors import faq_home_block, faq_search_section

        block_provider_register("home", faq_home_block)
        search_provider_register(faq_search_section)
        dashboard_metrics_register()

        from publishing import admin_home, hooks

        from .admin_home import admin_home_consultation

        hooks.register(admin_home.HOOK, admin_home_consultation)

        # What went live, for readers that may not import this app (newsletter, #14).
        from publishing import hooks as _hooks
        from publishing import published_items

        from .models import Faq

        _hooks.register(
            published_items.HOOK,
            published_items.items_provider(
                model="consultation.Faq",
                topic=published_items.Topic.ANSWERS,
                queryset=lambda: Faq.objects.published(),
                summary="question_text",
            ),
        )
