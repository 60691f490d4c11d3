from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from publishing import admin_home, blocks, hooks, published_items
        from reports.registry import PROVIDERS_HOOK

        from .admin_home import admin_home_news
        from .metrics import news_dashboard_provider
        from .models import Article
        from .selectors import unit_news_block

        hooks.register(blocks.UNIT_HOOK, unit_news_block)
        hooks.register(admin_home.HOOK, admin_home_news, order=-10)
        hooks.register(PROVIDERS_HOOK, news_dashboard_provider)

        # Other apps write articles through the news service (activities, #15).
        from .services import article_create_from

        hooks.register(hooks.ARTICLE_CREATE, article_create_from)

        # What went live, for readers that may not import this app (newsletter, #14).
        published_items.items_register(
            Article.objects.published().only(
                "pk", "title", "slug", "summary", "published_at", "unit_id"
            ),
            topic=published_items.Topic.NEWS,
        )

        # Reads counted per day and source (#14); view_count stays the lifetime total.
        from publishing import reads

        hooks.register(
            reads.READABLE_HOOK,
            reads.readable(
                label="news.article",
                queryset=lambda: Article.objects.published(),
                total_field="view_count",
            ),
        )
