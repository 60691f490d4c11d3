"""The portal's admin site: the organisation's name in the header, a home per role."""

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_fields import PortalAutocompleteJsonView
from .admin_home import admin_home_boxes, home_for_request
from .selectors import admin_warning_list
from .views import worker_ping_send


class PortalAdminSite(admin.AdminSite):
    site_title = _("Quản trị cổng thông tin")
    index_title = _("Bảng điều khiển")

    @property
    def site_header(self):
        return settings.ORGANIZATION["short_name"]

    def get_urls(self):
        return [
            path(
                "scheduler/ping/",
                self.admin_view(worker_ping_send),
                name="scheduler_ping",
            ),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        """A home page per role (publishing.admin_home) above the list of models."""
        home = home_for_request(request)
        context = {
            # The machinery's warnings are for the office, who can act on them.
            "portal_warnings": admin_warning_list() if home.is_office else [],
            "home_boxes": admin_home_boxes(home),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)


def boolean_icon(field_val):
    """Django's yes/no/unknown icon with its alt text in the reader's language.

    Django 5.2 writes the Python value itself as the alt ("True", "False", "None"),
    which screen readers read out in English on every list and read-only field
    (#11). admin.utils and admin.helpers look the function up in admin_list at each
    call, so replacing it there (PortalAdminConfig.ready) covers every use.
    """
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    label = {True: _("Có"), False: _("Không"), None: _("Không rõ")}[field_val]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label
    )
