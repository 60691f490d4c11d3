"""Admin of the channels app: social channels (credentials write-only) and the
delivery outbox, with the inline that content admins show under an item."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from units import permissions
from units.admin import OfficeOnlyAdminMixin, UnitScopedAdminMixin

from . import selectors
from .crypto import last_four
from .forms import SocialChannelForm
from .models import Delivery, SocialChannel
from .services.credentials import social_channel_save, social_channels_check
from .services.outbox import delivery_retry


@admin.register(SocialChannel)
class SocialChannelAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Each unit's channels: office staff see all, a CĐCS editor their unit's
    (units.permissions through the scoping mixin)."""

    unit_field = "unit"
    form = SocialChannelForm
    list_display = (
        "name",
        "unit",
        "kind",
        "is_active",
        "token",
        "access_token_expires_at",
        "status",
    )
    list_filter = ("unit", "kind", "is_active")
    list_select_related = ("unit",)
    readonly_fields = (
        "credentials_updated_at",
        "data_access_expires_at",
        "rejected_at",
        "refresh_lost_at",
        "last_error",
        "checked_at",
    )
    actions = ["check_now"]
    fieldsets = (
        (None, {"fields": ("unit", "kind", "name", "is_active", "share_by_default")}),
        (_("Trang Facebook"), {"fields": ("page_id", "api_version")}),
        (_("Zalo OA"), {"fields": ("cover_url", "broadcast")}),
        (
            _("Thông tin đăng nhập (chỉ nhập, không hiện lại)"),
            {
                "fields": (
                    "app_id",
                    "access_token_input",
                    "refresh_token_input",
                    "app_secret_input",
                    "access_token_expires_at",
                    "data_access_expires_at",
                    "credentials_updated_at",
                )
            },
        ),
        (
            _("Tình trạng"),
            {"fields": ("rejected_at", "refresh_lost_at", "last_error", "checked_at")},
        ),
    )

    @admin.display(description=_("mã truy cập"))
    def token(self, obj):
        return last_four(obj.access_token) or "—"

    @admin.display(description=_("tình trạng"))
    def status(self, obj):
        if obj.rejected_at:
            return _("Bị từ chối")
        if obj.missing_credentials():
            return _("Thiếu thông tin")
        return _("Sẵn sàng")

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            mine = self.get_queryset(request)
            for warning in selectors.channel_warning_list(channels=mine):
                messages.warning(request, warning)
            stuck = selectors.deliveries_stuck(channels=mine).count()
            if stuck:
                messages.warning(request, selectors.deliveries_stuck_text(stuck))
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        social_channel_save(
            channel=obj,
            access_token=data.get("access_token_input", ""),
            refresh_token=data.get("refresh_token_input", ""),
            app_secret=data.get("app_secret_input", ""),
        )

    @admin.action(description=_("Kiểm tra mã truy cập ngay"))
    def check_now(self, request, queryset):
        outcomes = social_channels_check(channels=queryset)
        for name, outcome in outcomes.items():
            messages.info(request, f"{name}: {outcome}")


class ChannelListFilter(admin.SimpleListFilter):
    """Filter deliveries by channel, offering only the channels the user manages."""

    title = _("kênh")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        mine = permissions.channels_manageable_by(
            user=request.user, queryset=SocialChannel.objects.all()
        )
        return [(str(channel.pk), channel.name) for channel in mine.only("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(channel_id=int(value))


class DeliveryInline(OfficeOnlyAdminMixin, GenericTabularInline):
    """An item's deliveries, read-only, under its form (campaign posts, #14 others)."""

    model = Delivery
    extra = 0
    can_delete = False
    fields = (
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "external_id",
        "last_error",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """The outbox: a unit's editors see and resend their channels' deliveries."""

    unit_field = "channel__unit"
    list_display = (
        "item", "channel", "status", "attempts", "next_attempt_at", "sent_at", "link",
    )  # fmt: skip
    list_filter = ("status", ChannelListFilter)
    search_fields = ("external_id", "channel__name")
    list_select_related = ("channel", "content_type")
    actions = ["retry"]
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name not in ("id",)]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description=_("nội dung"))
    def item(self, obj):
        return str(obj.target) if obj.target is not None else "—"

    @admin.display(description=_("liên kết"))
    def link(self, obj):
        if obj.external_url:
            return format_html(
                '<a href="{}" rel="noopener">{}</a>', obj.external_url, obj.external_id
            )
        return obj.external_id or "—"

    @admin.action(description=_("Gửi lại các lượt gửi lỗi đã chọn"))
    def retry(self, request, queryset):
        count = sum(
            delivery_retry(delivery=d)
            for d in queryset.filter(status=Delivery.Status.FAILED)
        )
        messages.success(request, _("Đã xếp lịch gửi lại %(n)d lượt.") % {"n": count})
