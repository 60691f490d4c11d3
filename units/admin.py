"""Admin for units, and the one mixin every unit-scoped content admin uses."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import permissions, services
from .models import Leader, Membership, Unit, UnitPage


class EditableUnitListFilter(admin.SimpleListFilter):
    """Filter by unit, offering only the units the user may edit."""

    title = _("đơn vị")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        units = permissions.units_editable_by(user=request.user).only(
            "pk", "name", "short_name"
        )
        return [(str(unit.pk), str(unit)) for unit in units]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        lookup = f"{self.model_admin_unit_field}" or "pk"
        return queryset.filter(**{lookup: int(value)})


class UnitScopedAdminMixin:
    """Scope a ModelAdmin to the units the user may edit (units.permissions).

    Declare `unit_field`, the lookup path from the model to its Unit ("unit", or
    "document__unit"; "" for Unit itself). Then a CĐCS editor:
    - lists, filters, counts and picks in dropdowns/autocompletes only their units' rows;
    - gets 404 for any other row: change, delete, history, and actions on it;
    - cannot move a row into another unit: the unit field offers only their units and
      the row is checked again on save.
    Office staff see and change everything. Django's model permissions are not
    consulted for scoped admins: this rule is the whole answer.
    """

    unit_field = "unit"

    # -- the rows -----------------------------------------------------------------
    def get_queryset(self, request):
        return permissions.scope_queryset(
            user=request.user,
            queryset=super().get_queryset(request),
            unit_field=self.unit_field,
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django would redirect with "doesn't exist"; a 404 reveals no more
            # about another unit's row than about a missing one.
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if request.method == "POST" and selected:
            found = self.get_queryset(request).filter(pk__in=selected).count()
            if found != len(set(selected)):
                raise Http404
        return super().changelist_view(request, extra_context)

    # -- permissions --------------------------------------------------------------
    def has_module_permission(self, request):
        return permissions.is_unit_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_add_permission(self, request, *args):
        return permissions.is_unit_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def _may_edit(self, request, obj):
        if not permissions.is_unit_editor(request.user):
            return False
        return obj is None or permissions.user_can_edit(
            user=request.user, obj=obj, unit_field=self.unit_field
        )

    def user_may_publish_home(self, request) -> bool:
        """Asked by publishing's admin mixin: editors propose, the office decides."""
        return permissions.user_can_publish_home(user=request.user)

    # -- forms --------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if related is Unit:
            kwargs["queryset"] = permissions.units_editable_by(user=request.user)
            if not permissions.is_office_staff(request.user):
                # Editors' content always belongs to one of their units; only the
                # office writes content with no unit (the office's own).
                field = super().formfield_for_foreignkey(db_field, request, **kwargs)
                field.required = True
                field.empty_label = None
                return field
        else:
            scoped = self.admin_site._registry.get(related)
            if isinstance(scoped, UnitScopedAdminMixin):
                kwargs["queryset"] = scoped.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_edit(
            user=request.user, obj=obj, unit_field=self.unit_field
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.unit_field in filters:
            filters[filters.index(self.unit_field)] = type(
                "UnitFilter",
                (EditableUnitListFilter,),
                {"model_admin_unit_field": self.unit_field},
            )
        return filters


class UnitScopedInlineMixin:
    """Inlines of a scoped admin: rows follow their parent; FK choices are scoped."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if related is Unit:
            kwargs["queryset"] = permissions.units_editable_by(user=request.user)
        else:
            scoped = self.admin_site._registry.get(related)
            if isinstance(scoped, UnitScopedAdminMixin):
                kwargs["queryset"] = scoped.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return permissions.is_unit_editor(request.user)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: permissions.is_unit_editor(request.user)
    )


class OfficeOnlyAdminMixin:
    """Admins only office staff may use (memberships: editors cannot escalate)."""

    def has_module_permission(self, request):
        return permissions.is_office_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_office_staff(request.user)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: permissions.is_office_staff(request.user)
    )


# -- units -----------------------------------------------------------------------
class LeaderInline(UnitScopedInlineMixin, admin.TabularInline):
    model = Leader
    extra = 0
    fields = ("order", "full_name", "role", "photo")


class UnitPageInline(UnitScopedInlineMixin, admin.StackedInline):
    model = UnitPage
    extra = 0
    fields = ("title", "slug", "body", "order", "is_published")
    prepopulated_fields = {}


@admin.register(Unit)
class UnitAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    unit_field = ""
    list_display = ("name", "short_name", "kind", "parent", "member_count", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "search_text")
    list_select_related = ("parent",)
    inlines = [LeaderInline, UnitPageInline]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent")}),
        (_("Giới thiệu"), {"fields": ("logo", "introduction", "member_count")}),
        (
            _("Liên hệ và mạng xã hội"),
            {
                "fields": (
                    "address",
                    "phone",
                    "email",
                    "website_url",
                    "facebook_url",
                    "zalo_url",
                    "youtube_url",
                )
            },
        ),
        (_("Hiển thị"), {"fields": ("is_active", "order")}),
    )
    office_only_fields = ("name", "short_name", "slug", "kind", "parent", "is_active")

    def get_readonly_fields(self, request, obj=None):
        if permissions.is_office_staff(request.user):
            return ()
        return self.office_only_fields + ("order",)

    def has_add_permission(self, request, *args):
        return permissions.is_office_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_office_staff(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Any unit may be a parent; the office chooses the tree.
            return admin.ModelAdmin.formfield_for_foreignkey(
                self, db_field, request, **kwargs
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_edit(user=request.user, obj=obj, unit_field=""):
            raise PermissionDenied
        services.unit_save(unit=obj)


@admin.register(Membership)
class MembershipAdmin(OfficeOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role", "unit")
    search_fields = ("user__username", "user__email", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def save_model(self, request, obj, form, change):
        services.membership_save(membership=obj)
        if not obj.user.is_staff:
            messages.info(
                request,
                _("Đã cấp quyền vào trang quản trị cho %(user)s.") % {"user": obj.user},
            )


# -- users: office staff manage accounts, only superusers grant superpowers ----------
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


class MembershipInline(OfficeOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "groups", "user_permissions", "last_login")
