"""Admin for the publishing machinery: the scheduler's heartbeat is read-only."""

from django.contrib import admin

from .models import SchedulerHeartbeat


@admin.register(SchedulerHeartbeat)
class SchedulerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("source", "beat_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
