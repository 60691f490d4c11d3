from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Công đoàn cơ sở")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .services import office_staff_group_sync

        post_migrate.connect(office_staff_group_sync, sender=self)

        from publishing import admin_home, hooks

        from .admin_home import admin_home_units, home_role

        hooks.register(admin_home.ROLE_HOOK, home_role)
        hooks.register(admin_home.HOOK, admin_home_units)

        from publishing.review import REVIEW_RULE_HOOK

        from .review import RULE

        hooks.register(REVIEW_RULE_HOOK, RULE)
