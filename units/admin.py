"""Admin for units and the people who run them, and the mixins content admins use.

- the scoping mixins: UnitScopedAdminMixin (every unit-scoped content admin),
  UnitScopedInlineMixin, OfficeOnlyAdminMixin, all asking units.permissions;
- units with their leaders and page; memberships, groups and users (the account
  rule: who may edit which account);
- annual plans and year-end reports (AnnualPlanAdmin, its files, its actions);
- login locks recorded by django-axes, which office staff unlock.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import ReadOnlyAdminMixin, ServiceInlineAdminMixin
from publishing.admin_fields import PortalFieldsAdminMixin, permission_label
from publishing.documents.serving import stored_document_response

from . import login_locks, permissions, services
from .models import (
    AnnualPlan,
    AnnualPlanFile,
    Leader,
    LoginLock,
    Membership,
    Unit,
    UnitPage,
)


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


class UnitScopedAdminMixin(PortalFieldsAdminMixin):
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


class UnitScopedInlineMixin(PortalFieldsAdminMixin):
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


class OfficeOnlyAdminMixin(PortalFieldsAdminMixin):
    """Admins only office staff may use (memberships: editors cannot escalate)."""

    def has_module_permission(self, request):
        return permissions.is_office_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_office_staff(request.user)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: permissions.is_office_staff(request.user)
    )

    def user_may_publish_home(self, request) -> bool:
        """Asked by publishing's admin mixin (office-only content it publishes)."""
        return permissions.user_can_publish_home(user=request.user)


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
    list_filter = ("kind", "is_active", "requires_review")
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
        (_("Duyệt bài"), {"fields": ("requires_review",)}),
    )
    # The office decides whether a unit reviews its editors' items (#16).
    office_only_fields = (
        "name",
        "short_name",
        "slug",
        "kind",
        "parent",
        "is_active",
        "requires_review",
    )

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


class AccountRuleAdminMixin:
    """Account admins asking units.permissions, never Django's model permissions:
    office group members hold auth.change_user, which alone would let them set a
    superuser's password (#12)."""

    def has_module_permission(self, request):
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_manage_accounts(request.user)

    def has_add_permission(self, request, *args):
        return permissions.may_manage_accounts(request.user)

    def changelist_view(self, request, extra_context=None):
        # An action on rows one may not change is refused whole, before it runs.
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if request.method == "POST" and selected:
            rows = self.get_queryset(request).filter(pk__in=selected)
            if not all(self.has_change_permission(request, row) for row in rows):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)


@admin.register(Membership)
class MembershipAdmin(
    AccountRuleAdminMixin, PortalFieldsAdminMixin, SimpleHistoryAdmin
):
    """Office staff make CĐCS editors of the accounts they manage."""

    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role", "unit")
    search_fields = ("user__username", "user__email", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def has_change_permission(self, request, obj=None):
        return permissions.user_can_manage_membership(
            actor=request.user, membership=obj
        )

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = permissions.users_manageable_by(actor=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_choices(self, request, field_name, queryset):
        if field_name == "user":
            manageable = permissions.users_manageable_by(actor=request.user)
            return queryset.filter(pk__in=manageable.values("pk"))
        return queryset

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_manage_membership(
            actor=request.user, membership=obj
        ):
            raise PermissionDenied
        services.membership_save(membership=obj)
        if not obj.user.is_staff:
            messages.info(
                request,
                _("Đã cấp quyền vào trang quản trị cho %(user)s.") % {"user": obj.user},
            )


# -- users: office staff manage accounts, only superusers grant superpowers ----------
User = get_user_model()
for _model in (User, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Group)
class PortalGroupAdmin(PortalFieldsAdminMixin, GroupAdmin):
    """Office staff see the groups; only superusers change what a group grants."""

    def has_module_permission(self, request):
        return permissions.may_manage_accounts(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_manage_accounts(request.user)

    def has_add_permission(self, request):
        return permissions.user_can_manage_groups(actor=request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.user_can_manage_groups(actor=request.user)

    has_delete_permission = has_change_permission


class MembershipInline(OfficeOnlyAdminMixin, admin.TabularInline):
    """A user's memberships, editable where the account is (obj: the user)."""

    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)

    def _may_change(self, request, obj=None):
        return permissions.may_manage_accounts(request.user) and (
            obj is None
            or permissions.user_can_manage_user(actor=request.user, target=obj)
        )

    has_add_permission = has_change_permission = has_delete_permission = _may_change


class PortalAdminPasswordChangeForm(AdminPasswordChangeForm):
    # Django 5.2 joins a lazy string to a plain English one at import, so the
    # warning stays English in every language (#11); both halves lazy here.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "{}</li></ul>",
        SetUnusablePasswordMixin.usable_password_help_text,
        _("Nếu tắt, mật khẩu hiện tại của người dùng này sẽ bị mất."),
    )


@admin.register(User)
class PortalUserAdmin(AccountRuleAdminMixin, PortalFieldsAdminMixin, UserAdmin):
    """Accounts, through units.permissions: who may change whom, grant what."""

    inlines = [MembershipInline]
    PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "user_permissions")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.may_manage_accounts(request.user)
        return permissions.user_can_manage_user(actor=request.user, target=obj)

    has_delete_permission = has_change_permission
    change_password_form = PortalAdminPasswordChangeForm

    def get_readonly_fields(self, request, obj=None):
        if permissions.user_can_grant_privileges(actor=request.user):
            return ()
        return (
            *self.PRIVILEGE_FIELDS,
            "permissions_shown",
            "last_login",
            "date_joined",
        )

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)
        if "groups" not in base.base_fields:
            return base
        assignable = permissions.groups_assignable_by(actor=request.user)
        held = obj.groups.all() if obj is not None else Group.objects.none()

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                # Groups already held stay listed, so the form posts back as shown.
                self.fields["groups"].queryset = Group.objects.filter(
                    Q(pk__in=assignable.values("pk")) | Q(pk__in=held.values("pk"))
                )

            def clean_groups(self):
                chosen = set(self.cleaned_data["groups"])
                changed = chosen.symmetric_difference(held)
                if changed - set(assignable):
                    raise ValidationError(
                        _(
                            "Chỉ quản trị viên cấp cao mới được thêm hoặc bỏ nhóm "
                            "%(groups)s."
                        ),
                        code="group_not_assignable",
                        params={
                            "groups": ", ".join(
                                sorted(g.name for g in changed - set(assignable))
                            )
                        },
                    )
                return self.cleaned_data["groups"]

        return Form

    def save_model(self, request, obj, form, change):
        if change and not permissions.user_can_manage_user(
            actor=request.user, target=obj
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_fieldsets(self, request, obj=None):
        # Shown, not edited, to office staff: Django would print the stored English
        # names ("Can add bài viết"), so the list is our own read-only line (#11).
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.user_can_grant_privileges(actor=request.user) or obj is None:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        "permissions_shown" if field == "user_permissions" else field
                        for field in options["fields"]
                    ),
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("quyền riêng của người dùng"))
    def permissions_shown(self, obj):
        chosen = obj.user_permissions.select_related("content_type")
        return ", ".join(permission_label(p) for p in chosen) or "-"


# -- annual plans and year-end reports ----------------------------------------------


class PlanAction:
    SAVE = "save"
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"
    LABELS = {
        SAVE: _("Chỉ lưu (chưa nộp)"),
        SUBMIT: _("Lưu và nộp cho văn phòng"),
        ACCEPT: _("Chấp nhận"),
        RETURN: _("Trả lại kèm nhận xét"),
    }


class AnnualPlanAdminForm(forms.ModelForm):
    """The plan plus what should happen on save; statuses change only in services."""

    action = forms.ChoiceField(label=_("Khi lưu"), choices=(), initial=PlanAction.SAVE)
    review_comment_input = forms.CharField(
        label=_("Nhận xét cho đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại; đơn vị sẽ thấy nhận xét này."),
    )

    class Meta:
        model = AnnualPlan
        fields = ("unit", "year", "kind", "deadline", "text")
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("action") == PlanAction.RETURN
            and not data.get("review_comment_input", "").strip()
        ):
            self.add_error(
                "review_comment_input",
                ValidationError(
                    _("Hãy ghi nhận xét để đơn vị biết cần bổ sung gì."),
                    code="review_comment_required",
                ),
            )
        return data


class AnnualPlanFileInline(UnitScopedInlineMixin, admin.TabularInline):
    model = AnnualPlanFile
    extra = 1
    fields = ("file", "file_info")
    readonly_fields = ("file_info",)

    @admin.display(description=_("Tệp đã lưu"))
    def file_info(self, obj):
        if obj is None or not obj.pk:
            return "—"

        url = reverse("admin:units_annualplan_file", args=[obj.plan_id, obj.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, obj.download_name, filesizeformat(obj.size)
        )

    def _may_change_files(self, request, obj):
        if not permissions.is_unit_editor(request.user):
            return False
        if obj is None or permissions.is_office_staff(request.user):
            return True
        return obj.is_editable_by_unit

    def has_add_permission(self, request, obj=None):
        return self._may_change_files(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change_files(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change_files(request, obj)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(
    ServiceInlineAdminMixin, UnitScopedAdminMixin, SimpleHistoryAdmin
):
    """CĐCS editors write and submit; the office accepts or returns with a comment."""

    form = AnnualPlanAdminForm
    unit_field = "unit"
    list_display = ("unit", "year", "kind", "status", "deadline", "submitted_at")
    list_filter = ("year", "kind", "status", "unit")
    search_fields = ("unit__name", "unit__short_name")
    list_select_related = ("unit",)
    inlines = [AnnualPlanFileInline]
    readonly_fields = ("status_display",)
    fieldsets = (
        (None, {"fields": ("unit", "year", "kind", "deadline", "text")}),
        (
            _("Nộp và duyệt"),
            {"fields": ("status_display", "action", "review_comment_input")},
        ),
    )

    @admin.display(description=_("Trạng thái hiện tại"))
    def status_display(self, obj):
        if obj is None or obj.pk is None:
            return _("Chưa lưu")
        parts = [str(obj.get_status_display())]
        if obj.submitted_at:
            parts.append(
                str(_("nộp lúc %(when)s"))
                % {
                    "when": timezone.localtime(obj.submitted_at).strftime(
                        "%H:%M %d/%m/%Y"
                    )
                }
            )
        if obj.review_comment:
            parts.append(
                str(_("Nhận xét của văn phòng: %(comment)s"))
                % {"comment": obj.review_comment}
            )
        return " · ".join(parts)

    def _actions_for(self, request, obj) -> list[str]:
        office = permissions.is_office_staff(request.user)
        status = obj.status if obj is not None else AnnualPlan.Status.DRAFT
        actions = [PlanAction.SAVE]
        if status in AnnualPlan.EDITABLE_STATUSES:
            actions.append(PlanAction.SUBMIT)
        if office and status == AnnualPlan.Status.SUBMITTED:
            actions += [PlanAction.ACCEPT, PlanAction.RETURN]
        return actions

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.is_office_staff(request.user):
            return fieldsets
        main, review = fieldsets
        return (main, (review[0], {"fields": ("status_display", "action")}))

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status_display"]
        if not permissions.is_office_staff(request.user):
            readonly.append("deadline")  # the office sets deadlines
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)
        choices = [(a, PlanAction.LABELS[a]) for a in self._actions_for(request, obj)]

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["action"].choices = choices

        return Form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", timezone.localdate().year)
        return initial

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or permissions.is_office_staff(request.user):
            return True
        return obj.is_editable_by_unit  # submitted or accepted: read-only for units

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.is_office_staff(request.user):
            actions.pop("delete_selected", None)  # would skip the per-row status check
        return actions

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_edit(user=request.user, obj=obj, unit_field="unit"):
            raise PermissionDenied
        services.annual_plan_save(plan=obj, user=request.user)

    def inline_saver(self, model):
        if model is not AnnualPlanFile:
            return None
        return lambda row, upload_name: services.annual_plan_file_save(
            plan_file=row, upload_name=upload_name
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = form.cleaned_data.get("action")
        comment = form.cleaned_data.get("review_comment_input", "")
        plan = form.instance
        try:
            if action == PlanAction.SUBMIT:
                services.annual_plan_submit(plan=plan, user=request.user)
                messages.success(request, _("Đã nộp cho văn phòng Công đoàn."))
            elif action == PlanAction.ACCEPT:
                services.annual_plan_accept(
                    plan=plan, user=request.user, comment=comment
                )
            elif action == PlanAction.RETURN:
                services.annual_plan_return(
                    plan=plan, user=request.user, comment=comment
                )
        except ValidationError as error:
            # The content is saved; only the status change is refused, with the reason.
            messages.error(request, " ".join(error.messages))
        plan.refresh_from_db()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/tep/<int:file_id>/",
                self.admin_site.admin_view(self.file_view),
                name="units_annualplan_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id, file_id):
        """A plan's file, only for those who may see the plan (404 for the rest)."""
        plan = self.get_object(request, object_id)
        if not self.has_view_permission(request, plan):
            raise PermissionDenied
        plan_file = get_object_or_404(AnnualPlanFile, plan=plan, pk=file_id)
        return stored_document_response(plan_file)


# -- login locks: office staff see who is locked out and unlock them -----------------


@admin.register(LoginLock)
class LoginLockAdmin(ReadOnlyAdminMixin, OfficeOnlyAdminMixin, admin.ModelAdmin):
    """Failed logins recorded by django-axes; "Mở khóa" forgets them (units.login_locks)."""

    # axes' own labels are English only: every column is labelled here.
    list_display = (
        "username_display",
        "ip_address_display",
        "failures_display",
        "address_failures_display",
        "attempt_time_display",
        "locked_display",
    )
    search_fields = ("username", "ip_address")
    fields = list_display
    readonly_fields = list_display
    actions = ["unlock"]  # "Mở khóa" removes the records of the account and the address

    def get_queryset(self, request):
        return login_locks.login_attempt_list(queryset=super().get_queryset(request))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.is_office_staff(request.user):
            return {}
        return actions

    @admin.display(description=_("tên đăng nhập"), ordering="username")
    def username_display(self, obj):
        return obj.username

    @admin.display(description=_("địa chỉ IP"), ordering="ip_address")
    def ip_address_display(self, obj):
        return obj.ip_address

    @admin.display(description=_("số lần sai"), ordering="failures_since_start")
    def failures_display(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("lần sai gần nhất"), ordering="attempt_time")
    def attempt_time_display(self, obj):
        return obj.attempt_time

    @admin.display(description=_("lần sai gần đây từ địa chỉ này"))
    def address_failures_display(self, obj):
        return obj.address_failures

    @admin.display(description=_("đang bị khóa"), boolean=True)
    def locked_display(self, obj):
        return login_locks.login_attempt_is_locked(obj)

    @admin.action(description=_("Mở khóa tài khoản và địa chỉ đã chọn"))
    def unlock(self, request, queryset):
        removed = login_locks.login_lock_clear(attempts=queryset)
        messages.success(
            request,
            _("Đã mở khóa; %(count)s bản ghi đăng nhập sai đã được xóa.")
            % {"count": removed},
        )
