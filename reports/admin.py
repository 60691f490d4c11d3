"""The dashboard's admin entry: who may see it, and its two URLs."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path

from publishing.admin import ReadOnlyAdminMixin
from publishing.admin_fields import PortalFieldsAdminMixin
from reports import views
from units import permissions
from units.models import UnitDashboard


@admin.register(UnitDashboard)
class UnitDashboardAdmin(ReadOnlyAdminMixin, PortalFieldsAdminMixin, admin.ModelAdmin):
    """The office dashboard: every unit for office staff, their own for CĐCS editors."""

    def has_module_permission(self, request):
        return permissions.is_unit_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_unit_editor(request.user)

    def get_urls(self):
        return [
            path(
                "",
                self.admin_site.admin_view(self.dashboard_view),
                name="units_unitdashboard_changelist",
            ),
            path(
                "xuat/<str:export_format>/",
                self.admin_site.admin_view(self.export_view),
                name="units_unitdashboard_export",
            ),
        ]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return views.dashboard_page(
            request,
            context=self.admin_site.each_context(request),
            opts=self.model._meta,
        )

    def export_view(self, request, export_format):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return views.dashboard_export(request, export_format=export_format)
