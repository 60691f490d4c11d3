from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Kênh mạng xã hội")

    def ready(self):
        from publishing import admin_home, hooks, selectors
        from publishing.signals import published

        from .admin_home import admin_home_channels
        from .receivers import items_published
        from .selectors import admin_warning_list, deliveries_overdue_counts

        # Whatever goes live, of any type: its waiting deliveries become due.
        published.connect(items_published, dispatch_uid="channels-release")
        # The office's admin index warnings: tokens, deliveries failed for good.
        hooks.register(selectors.WARNINGS_HOOK, admin_warning_list)
        hooks.register(selectors.OVERDUE_HOOK, deliveries_overdue_counts)
        hooks.register(admin_home.HOOK, admin_home_channels)
        # "Chia sẻ lên" in the publishing fieldset of every content admin.
        from publishing.admin import PUBLISHING_FIELDS_HOOK

        from .share import share_fields

        hooks.register(PUBLISHING_FIELDS_HOOK, share_fields)
