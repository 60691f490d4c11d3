from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Xuất bản")

    def ready(self):
        from . import admin_home, hooks

        hooks.register(admin_home.HOOK, admin_home.admin_home_publishing)
