"""The admin wired to the portal's site (organisation header, scheduler warnings)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "publishing.admin_site.PortalAdminSite"
