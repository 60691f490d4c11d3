"""The e-mail newsletter without accounts: subscribers, issues and digests (#14)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Bản tin thư điện tử")

    def ready(self):
        from publishing.signals import published

        from .services import issue_create_for_published

        published.connect(issue_create_for_published, dispatch_uid="newsletter-instant")
