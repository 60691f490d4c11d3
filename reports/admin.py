"""The dashboard's admin entry: who may see it, its page, its reach page, exports."""

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
                "tiep-can/",
                self.admin_site.admin_view(self.reach_view),
                name="units_unitdashboard_reach",
            ),
            path(
                "tiep-can/xuat/<str:table>/<str:export_format>/",
                self.admin_site.admin_view(self.reach_export_view),
                name="units_unitdashboard_reach_export",
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

    def reach_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return views.reach_page(
            request,
            context=self.admin_site.each_context(request),
            opts=self.model._meta,
        )

    def reach_export_view(self, request, table, export_format):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return views.reach_export_view(
            request, table=table, export_format=export_format
        )
