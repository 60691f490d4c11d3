"""The admin wired to the portal's site (organisation header, scheduler warnings)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "publishing.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        from publishing.admin_site import boolean_icon

        # Yes/no icons with a Vietnamese alt text, not Python's "True" (#11).
        admin_list._boolean_icon = boolean_icon
