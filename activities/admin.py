"""Admin for activities (scoped to the editor's units), their kinds and registrations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from publishing import references
from publishing.admin import PublishableAdminForm, PublishableAdminMixin
from publishing.workflow import Intent
from units import permissions
from units.admin import (
    OfficeOnlyAdminMixin,
    UnitScopedAdminMixin,
    UnitScopedInlineMixin,
)

from . import selectors, services
from .models import Activity, ActivityKind, ActivityPhoto, Registration, Speaker


class ActivityAdminForm(PublishableAdminForm):
    """The activity form: the guidance document and key date offered by their apps
    (publishing.references), and a capacity never below the places held."""

    guidance_document_ref = forms.TypedChoiceField(
        label=_("Tài liệu định hướng liên quan"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    key_date_ref = forms.TypedChoiceField(
        label=_("Ngày kỷ niệm liên quan"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in (
            ("guidance_document_ref", references.GUIDANCE_DOCUMENT),
            ("key_date_ref", references.KEY_DATE),
        ):
            if name in self.fields:
                choices = references.reference_choices(key)
                self.fields[name].choices = [("", _("— Không chọn —")), *choices]

    def clean(self):
        data = super().clean()
        if "capacity" in data:
            try:
                services.activity_capacity_check(
                    activity=self.instance, capacity=data["capacity"]
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class ActivityPhotoInline(UnitScopedInlineMixin, admin.TabularInline):
    model = ActivityPhoto
    extra = 1
    fields = ("image", "alt", "order")


@admin.register(Activity)
class ActivityAdmin(UnitScopedAdminMixin, PublishableAdminMixin, admin.ModelAdmin):
    form = ActivityAdminForm
    unit_field = "unit"
    list_display = (
        "title",
        "unit",
        "kind",
        "starts_at",
        "place",
        "capacity",
        "status",
        "checkin_link",
    )
    list_filter = ("status", "kind", "unit")
    search_fields = ("title", "search_text")
    list_select_related = ("unit", "kind")
    date_hierarchy = "starts_at"
    inlines = [ActivityPhotoInline]
    readonly_fields = (
        *PublishableAdminMixin.readonly_fields,
        "checkin_link",
        "article_link",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "unit", "kind", "summary", "description")}),
        (
            _("Thời gian, địa điểm, người nói"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "place",
                    "speakers",
                    "speaker_profiles",
                )
            },
        ),
        (
            _("Đăng ký và điểm danh"),
            {"fields": ("registration_open", "capacity", "checkin_link")},
        ),
        (_("Liên quan"), {"fields": ("guidance_document_ref", "key_date_ref")}),
        (_("Sau hoạt động"), {"fields": ("report", "article_link")}),
    )
    actions = [*PublishableAdminMixin.actions, "article_create_selected"]

    @admin.display(description=_("Điểm danh"))
    def checkin_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("activities:checkin", args=[obj.pk]),
            _("Mở trang điểm danh"),
        )

    @admin.display(description=_("Bài viết"))
    def article_link(self, obj):
        if obj is None or not obj.article_ref:
            return _("Chưa đăng thành bài viết (chọn thao tác trong danh sách).")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:news_article_change", args=[obj.article_ref]),
            _("Xem bài viết đã tạo"),
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "speaker_profiles":
            # The directory is the office's: an editor picks from speakers who agreed
            # to be listed, and from their own units' speakers.
            kwargs["queryset"] = selectors.speakers_choosable_by(user=request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_content(self, request, obj, **workflow):
        services.activity_save(activity=obj, **workflow)

    @admin.action(description=_("Đăng tổng kết và ảnh thành bài viết (bản nháp)"))
    def article_create_selected(self, request, queryset):
        for activity in queryset.order_by("pk"):
            try:
                _pk, url = services.activity_article_create(
                    activity=activity,
                    author=request.user,
                    intent=Intent.DRAFT,
                    may_publish_home=self.user_may_publish_home(request),
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(title)s”: %(reason)s")
                    % {"title": activity.title, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Đã tạo bài viết nháp từ “%(title)s”.")
                        % {"title": activity.title},
                        url,
                        _("Mở để xem lại và đăng"),
                    ),
                    messages.SUCCESS,
                )


@admin.register(Speaker)
class SpeakerAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    """The directory of speakers, experts and trusted members: office staff only."""

    list_display = ("name", "title", "unit", "topics", "listed_publicly")
    list_filter = ("listed_publicly", "unit")
    search_fields = ("name", "topics", "email")
    list_select_related = ("unit",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("talks", "trainings")
    fieldsets = (
        (None, {"fields": ("name", "slug", "title", "unit", "topics")}),
        (_("Liên hệ (không công khai)"), {"fields": ("email", "phone")}),
        (_("Hồ sơ"), {"fields": ("bio", "photo", "listed_publicly")}),
        (_("Đã trình bày và tập huấn"), {"fields": ("talks", "trainings")}),
    )

    @admin.display(description=_("Khóa tập huấn đã dự"))
    def trainings(self, obj):
        if obj is None or not obj.pk:
            return "—"
        attended = selectors.speaker_trainings(speaker=obj)
        if not attended:
            return _("Chưa điểm danh khóa tập huấn nào (theo thư điện tử).")
        return format_html_join(
            "",
            "<div>{} · {}</div>",
            (
                (
                    r.activity.title,
                    date_format(timezone.localtime(r.checked_in_at), "d/m/Y"),
                )
                for r in attended
            ),
        )

    @admin.display(description=_("Các buổi nói chuyện"))
    def talks(self, obj):
        if obj is None or not obj.pk:
            return "—"
        talks = selectors.speaker_talks(speaker=obj, published_only=False)
        if not talks:
            return _("Chưa có hoạt động nào.")
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> · {}</div>',
            (
                (
                    reverse("admin:activities_activity_change", args=[a.pk]),
                    a.title,
                    date_format(timezone.localtime(a.starts_at), "d/m/Y"),
                )
                for a in talks
            ),
        )


@admin.register(ActivityKind)
class ActivityKindAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "is_training", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def has_module_permission(self, request):
        return permissions.is_unit_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_unit_editor(request.user)


@admin.register(Registration)
class RegistrationAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Who registered. Registrations are made on the site and at the door; here staff
    correct a name or a contact, and cancel through the service (the waiting list
    moves up). Places and check-ins are never edited by hand."""

    unit_field = "activity__unit"
    list_display = (
        "name",
        "activity",
        "status",
        "email",
        "phone",
        "unit",
        "created_at",
        "checked_in_at",
    )
    # Training attendance per officer: filter by a training kind and "checked in".
    list_filter = (
        "status",
        "activity__kind",
        ("checked_in_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "email", "phone", "activity__title")
    list_select_related = ("activity", "unit")
    date_hierarchy = "created_at"
    # The member's CĐCS stays as they gave it: it is not the row's scope (that is the
    # activity's unit), and an editor may not point rows at other units (#3).
    readonly_fields = (
        "activity",
        "unit",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
    )
    fields = ("name", "email", "phone", *readonly_fields)
    actions = ["cancel_selected"]

    def has_add_permission(self, request, *args):
        return False

    def has_cancel_permission(self, request):
        return permissions.is_unit_editor(request.user)

    @admin.action(
        description=_("Hủy các lượt đăng ký đã chọn (người chờ được chuyển lên)"),
        permissions=["cancel"],
    )
    def cancel_selected(self, request, queryset):
        done, refused = 0, []
        for registration in queryset.order_by("pk"):
            try:
                result = services.registration_cancel(registration_id=registration.pk)
            except ValidationError as error:
                refused.append(f"{registration.name}: {' '.join(error.messages)}")
            else:
                done += result.changed
        if done:
            self.message_user(
                request,
                _("Đã hủy %(n)d lượt đăng ký.") % {"n": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)
