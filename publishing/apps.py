from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Xuất bản")

    def ready(self):
        from django.db.models.signals import pre_save

        from .plain_text_fields import (
            plain_text_fields_clean,
            plain_text_fields_install,
        )

        # Every model, ours and Django's (user names reach e-mails and feeds too).
        plain_text_fields_install()
        pre_save.connect(plain_text_fields_clean, dispatch_uid="plain_text_clean")

        from . import admin_home, hooks

        hooks.register(admin_home.HOOK, admin_home.admin_home_publishing)

        from .review_home import admin_home_review

        hooks.register(admin_home.HOOK, admin_home_review)

        from django.db.models.signals import post_delete

        from .review import review_steps_delete
        from .workflow import publishable_models

        for model in publishable_models():
            post_delete.connect(
                review_steps_delete, sender=model, dispatch_uid="review_steps_delete"
            )
