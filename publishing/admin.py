"""Admin for publishing's own rows, and the mixins content admins build on.

`PublishableAdminMixin` (intents, review, bulk status changes through the workflow),
`ServiceInlineAdminMixin` (inline rows saved through a service) and
`ReadOnlyAdminMixin` (records no form may change); the heartbeat and e-mail admins.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import hooks, review
from .admin_fields import PortalFieldsAdminMixin
from .models import Notification, SchedulerHeartbeat, Status
from .notifications import notification_resend
from .selectors import OVERDUE_GRACE
from .workflow import (
    OFFICE_ONLY_INTENTS,
    REVIEWER_INTENTS,
    Intent,
    content_save,
    editing_as,
    live_edit_error,
    live_edit_refused,
    review_note_check,
    schedule_check,
    stale_version_error,
)


class ReadOnlyAdminMixin:
    """Rows the admin shows and never adds, changes or deletes through a form: a
    record (heartbeats, e-mails, login locks) or a page over rows (the dashboard).
    Admin actions, calling services, are the only writers. Put it first in the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SchedulerHeartbeat)
class SchedulerHeartbeatAdmin(
    ReadOnlyAdminMixin, PortalFieldsAdminMixin, admin.ModelAdmin
):
    list_display = ("source", "beat_at")


class OverdueScheduleFilter(admin.SimpleListFilter):
    """Scheduled items the sweep should have published already (the admin home links
    here); the grace is the one the index warning uses."""

    title = _("quá giờ đăng")
    parameter_name = "qua_gio"

    def lookups(self, request, model_admin):
        return [("1", _("Hẹn giờ đã quá giờ mà chưa đăng"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.overdue(timezone.now(), grace=OVERDUE_GRACE)
        return queryset


class UnitReviewFilter(admin.SimpleListFilter):
    """Where items stand in their unit's review (#16); the admin home links here."""

    title = _("duyệt trong đơn vị")
    parameter_name = "duyet"
    WAITING, BLOCKED, RETURNED = "cho", "qua_gio", "tra_lai"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("Chờ duyệt trong đơn vị")),
            (self.BLOCKED, _("Quá giờ hẹn mà chưa được duyệt trong đơn vị")),
            (self.RETURNED, _("Bị trả lại hoặc bị từ chối (có lý do)")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.WAITING:
            return queryset.filter(status=Status.UNIT_REVIEW)
        if value == self.BLOCKED:
            # Blocked by its review: the sweep does not publish it.
            return queryset.filter(
                status=Status.UNIT_REVIEW, publish_at__lte=timezone.now()
            )
        if value == self.RETURNED:
            return queryset.filter(status=Status.DRAFT).exclude(review_note="")
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, PortalFieldsAdminMixin, admin.ModelAdmin):
    """Every e-mail the site sent or will send; failed ones may be sent again."""

    list_display = ("kind", "key", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("key", "subject")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "id"]
    actions = ["resend"]  # the rows are the record; only this action changes one

    def has_resend_permission(self, request):
        return request.user.has_perm("publishing.change_notification")

    @admin.action(
        description=_("Gửi lại thư không gửi được (có thể người nhận đã nhận)"),
        permissions=["resend"],
    )
    def resend(self, request, queryset):
        count = sum(
            notification_resend(notification=n)
            for n in queryset.filter(status=Notification.Status.FAILED)
        )
        self.message_user(
            request,
            _("Đã xếp lịch gửi lại %(n)d thư.") % {"n": count},
            messages.SUCCESS,
        )


class ServiceInlineAdminMixin:
    """Inline rows saved one by one through the app's service, never formset.save().

    `inline_saver(model)` answers the save function for the inline's model, called as
    save(row, upload_name=...) with the user's file name when the form kept one;
    None leaves the formset to Django. Deleted rows are deleted, m2m saved after.
    """

    def inline_saver(self, model):
        return None

    def save_formset(self, request, form, formset, change):
        save = self.inline_saver(formset.model)
        if save is None:
            return super().save_formset(request, form, formset, change)
        names = {id(f.instance): getattr(f, "upload_name", None) for f in formset.forms}
        for row in formset.save(commit=False):
            save(row, upload_name=names.get(id(row)))
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


class PublishableAdminForm(forms.ModelForm):
    """The content form plus what the editor wants to happen on save."""

    intent = forms.ChoiceField(
        label=_("Khi lưu"), choices=Intent.choices, initial=Intent.DRAFT
    )
    show_on_home = forms.BooleanField(
        label=_("Hiện trên trang chủ"), required=False, initial=True
    )
    review_note_input = forms.CharField(
        label=_("Lý do từ chối hoặc trả lại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi từ chối hoặc trả lại; người viết sẽ thấy lý do này."),
    )
    # The version this form showed: a save by someone else since then is refused
    # (the optimistic version check, #16).
    version_seen = forms.IntegerField(
        required=False, min_value=0, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        try:
            review_note_check(
                intent=data.get("intent"), review_note=data.get("review_note_input")
            )
        except ValidationError as error:
            self.add_error("review_note_input", error)
        self._version_check(data.get("version_seen"))
        # Before _post_clean, self.instance still holds the stored values.
        stored = self.instance if self.instance.pk else None
        try:
            schedule_check(
                publish_at=data.get("publish_at"),
                unpublish_at=data.get("unpublish_at"),
                stored_publish_at=stored.publish_at if stored else None,
                stored_status=stored.status if stored else None,
                now=timezone.now(),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def _version_check(self, seen) -> None:
        if seen is None or not self.instance.pk:
            return
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # The admin's change view is one transaction: the lock holds until its
            # save commits, so a second save of the same item waits and is refused.
            rows = rows.select_for_update()
        stored = rows.values_list("version", flat=True).first()
        if stored is not None and stored != seen:
            self.add_error(None, stale_version_error(seen=seen, stored=stored))


# Fields other apps add to the publishing fieldset of every content admin built on
# PublishableAdminMixin (channels' "Chia sẻ lên", #14), registered in their ready():
#     hooks.register(PUBLISHING_FIELDS_HOOK, share_fields)
# share_fields(*, model_admin, request, obj) -> list[PublishingField] (empty: none).
PUBLISHING_FIELDS_HOOK = "publishing_admin_fields"


@dataclass(frozen=True)
class PublishingField:
    """One field of the publishing fieldset from another app: its form field, and
    what to do with the cleaned value once the item is saved (in the same
    transaction as the save)."""

    name: str
    field: forms.Field
    save: Callable[..., None]  # save(*, request, obj, value)


def publishing_fields(*, model_admin, request, obj) -> list[PublishingField]:
    return [
        extra
        for fn in hooks.get_hooks(PUBLISHING_FIELDS_HOOK)
        for extra in fn(model_admin=model_admin, request=request, obj=obj)
    ]


class PublishableAdminMixin(PortalFieldsAdminMixin):
    """Admin for content using publishing/: the status moves only through the service.

    Who may put items on the shared home page is asked of `user_may_publish_home`;
    units.admin.UnitScopedAdminMixin answers it with the one permission rule. Other
    apps add fields to the publishing fieldset through PUBLISHING_FIELDS_HOOK.
    """

    form = PublishableAdminForm
    # Dates: one native picker instead of the split widget, whose second box has no
    # label for screen readers (PortalFieldsAdminMixin gives it a field that reads it).
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    publishing_fieldset = (
        _("Xuất bản"),
        {
            "fields": (
                "intent",
                "publish_at",
                "unpublish_at",
                "show_on_home",
                "review_note_input",
                "status_display",
                "review_history_display",
                "version_seen",
            )
        },
    )
    readonly_fields = ("status_display", "review_history_display")
    actions = [
        "publish_selected",
        "approve_unit_selected",
        "approve_home_selected",
        "archive_selected",
    ]

    def user_may_publish_home(self, request) -> bool:
        """Refused unless the permission rule says yes: units' admin mixins answer it."""
        return False

    def review_rights(self, request, obj) -> review.ReviewRights:
        """What the user may do about `obj`'s review in its unit (publishing.review
        asks the permission rule); remembered on the object for this request."""
        if obj is None or obj.pk is None:
            return review.NO_REVIEW
        cached = getattr(obj, "_review_rights", None)
        if cached is None or cached[0] is not request.user:
            submission = (
                review.latest_submission(obj)
                if obj.status == Status.UNIT_REVIEW
                else None
            )
            rights = review.review_rights(
                user=request.user,
                obj=obj,
                submitted_by_id=submission.actor_id if submission else None,
            )
            cached = (request.user, rights)
            obj._review_rights = cached
        return cached[1]

    def _reviews_now(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.status == Status.UNIT_REVIEW
            and self.review_rights(request, obj).may_review
        )

    def get_list_filter(self, request):
        filters = [*super().get_list_filter(request), OverdueScheduleFilter]
        if review.review_applies_to(self.model):
            filters.append(UnitReviewFilter)
        return filters

    @admin.display(description=_("Trạng thái hiện tại"))
    def status_display(self, obj):
        if obj is None or obj.pk is None:
            return _("Chưa lưu")
        parts = [obj.get_status_display()]
        if obj.status in (Status.SCHEDULED, Status.UNIT_REVIEW) and obj.publish_at:
            parts.append(
                _("đăng lúc %(when)s")
                % {"when": date_format(timezone.localtime(obj.publish_at), "H:i d/m/Y")}
            )
        if obj.status == Status.UNIT_REVIEW and obj.publish_at:
            if obj.publish_at <= timezone.now():
                parts.append(_("đã quá giờ đăng: chưa được duyệt nên chưa đăng"))
            else:
                parts.append(_("chưa được duyệt thì sẽ không đăng"))
        # Only a published item is on the home page; a draft marked for it is not
        # yet, and saying so misleads the editor (#11).
        if obj.on_home and obj.status == Status.PUBLISHED:
            parts.append(_("đang ở trang chủ"))
        elif obj.on_home and obj.status == Status.SCHEDULED:
            parts.append(_("lên trang chủ khi đăng"))
        elif obj.on_home and obj.status != Status.ARCHIVED:
            parts.append(_("được duyệt lên trang chủ, sẽ hiện khi đăng"))
        if obj.review_note:
            parts.append(
                _("Lý do trả lại hoặc từ chối: %(note)s") % {"note": obj.review_note}
            )
        return " · ".join(str(p) for p in parts)

    @admin.display(description=_("Lịch sử duyệt"))
    def review_history_display(self, obj):
        steps = review.review_history(obj)
        if not steps:
            return _("Chưa có bước duyệt nào.")
        return format_html_join(
            "", "<div>{}</div>", ((review.step_text(step),) for step in steps)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**opts, "fields": list(opts["fields"])})
            for name, opts in super().get_fieldsets(request, obj)
            if name != self.publishing_fieldset[0]
        ]
        for _name, opts in fieldsets:
            opts["fields"] = [
                f
                for f in opts["fields"]
                if f not in self.publishing_fieldset[1]["fields"]
            ]
        fields = list(self.publishing_fieldset[1]["fields"])
        may_home = self.user_may_publish_home(request)
        hidden = set() if may_home else {"show_on_home"}
        if not (may_home or self._reviews_now(request, obj)):
            hidden.add("review_note_input")
        if obj is None:
            hidden.add("review_history_display")
        fields = [f for f in fields if f not in hidden]
        extras = publishing_fields(model_admin=self, request=request, obj=obj)
        at = (
            fields.index("status_display")
            if "status_display" in fields
            else len(fields)
        )
        fields[at:at] = [extra.name for extra in extras]  # before the status line
        return [*fieldsets, (self.publishing_fieldset[0], {"fields": fields})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = None  # the fieldsets decide
        base = super().get_form(request, obj, change, **kwargs)
        may_home = self.user_may_publish_home(request)
        intents = [
            (value, label)
            for value, label in Intent.choices
            if may_home or value not in OFFICE_ONLY_INTENTS
        ]
        if may_home:
            intents = [(v, lbl) for v, lbl in intents if v != Intent.SUBMIT_HOME]
        reviews_now = self._reviews_now(request, obj)
        if not reviews_now:
            intents = [(v, lbl) for v, lbl in intents if v not in REVIEWER_INTENTS]
        needs_review = self.review_rights(request, obj).needs_review
        if needs_review:
            intents = [
                (v, _("Gửi trưởng ban biên tập duyệt, rồi đăng (hoặc hẹn giờ)"))
                if v == Intent.PUBLISH
                else (v, lbl)
                for v, lbl in intents
            ]
        default = Intent.DRAFT
        if obj is not None and obj.status in (Status.PUBLISHED, Status.SCHEDULED):
            default = Intent.PUBLISH
        elif obj is not None and obj.status == Status.IN_REVIEW:
            default = Intent.APPROVE_HOME if may_home else Intent.SUBMIT_HOME
        elif obj is not None and obj.status == Status.UNIT_REVIEW:
            default = Intent.APPROVE_UNIT if reviews_now else Intent.PUBLISH

        extras = publishing_fields(model_admin=self, request=request, obj=obj)

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                for extra in extras:
                    self.fields[extra.name] = extra.field
                self.fields["intent"].choices = intents
                self.fields["intent"].initial = default
                if not may_home:
                    self.fields["intent"].help_text = _(
                        "Ở đơn vị có bật duyệt, bài của biên tập viên chờ trưởng "
                        "ban biên tập duyệt rồi mới đăng."
                    )
                if "show_on_home" in self.fields and obj is not None:
                    self.fields["show_on_home"].initial = obj.on_home
                if "version_seen" in self.fields and obj is not None:
                    self.fields["version_seen"].initial = obj.version

            def _post_clean(self):
                super()._post_clean()  # the instance now holds what was posted
                intent = self.cleaned_data.get("intent")
                if live_edit_refused(
                    obj=self.instance, intent=intent, needs_review=needs_review
                ):
                    self.add_error(None, live_edit_error())

        return Form

    # The fields of the publishing fieldset that say what to do, not what the item is.
    WORKFLOW_FORM_FIELDS = frozenset(
        {"intent", "show_on_home", "review_note_input", "version_seen"}
    )

    def save_model(self, request, obj, form, change):
        # The app's service saves; the workflow acts for this user and checks the
        # version the form showed, whatever that service's signature (#16).
        seen = form.cleaned_data.get("version_seen") if change else None
        with editing_as(obj=obj, actor=request.user, expected_version=seen):
            self.save_content(request, obj, **self.workflow_from_form(request, form))
        for extra in publishing_fields(model_admin=self, request=request, obj=obj):
            if extra.name in form.cleaned_data:
                extra.save(
                    request=request, obj=obj, value=form.cleaned_data[extra.name]
                )

    def workflow_from_form(self, request, form) -> dict:
        """The workflow service's arguments from the submitted change form."""
        data = form.cleaned_data
        return {
            "intent": data.get("intent") or Intent.DRAFT,
            "may_publish_home": self.user_may_publish_home(request),
            "on_home": data.get("show_on_home"),
            "review_note": data.get("review_note_input", ""),
        }

    def save_content(self, request, obj, **workflow) -> None:
        """Call the app's save service; override to use a more specific one."""
        content_save(obj=obj, **workflow)

    # -- bulk status changes from the changelist (#11) ------------------------------
    # Each row goes through the same workflow service as the change form, so the
    # permission rule, validation, cache clearing and announcements are the same.
    BULK_SKIP = {
        Intent.PUBLISH: (Status.PUBLISHED, Status.SCHEDULED),
        Intent.APPROVE_HOME: (),
        Intent.APPROVE_UNIT: (),
        Intent.ARCHIVE: (Status.ARCHIVED,),
    }

    def has_publish_home_permission(self, request) -> bool:
        return self.user_may_publish_home(request)

    def has_review_unit_permission(self, request) -> bool:
        """Reviewers of some unit, for content that belongs to units (#16)."""
        return review.review_applies_to(self.model) and review.may_review_any(
            request.user
        )

    @admin.action(
        description=_("Duyệt trong đơn vị các mục đã chọn (đăng hoặc giữ giờ hẹn)"),
        permissions=["review_unit"],
    )
    def approve_unit_selected(self, request, queryset):
        # Each row is asked of the rule again: not one's own, not another unit's.
        self.bulk_status_change(
            request,
            queryset.filter(status=Status.UNIT_REVIEW),
            intent=Intent.APPROVE_UNIT,
            selected=queryset.count(),
        )

    @admin.action(
        description=_("Đăng các mục đã chọn (hoặc hẹn giờ theo thời điểm đăng)")
    )
    def publish_selected(self, request, queryset):
        self.bulk_status_change(request, queryset, intent=Intent.PUBLISH)

    @admin.action(
        description=_("Duyệt các mục đã chọn lên trang chủ"),
        permissions=["publish_home"],
    )
    def approve_home_selected(self, request, queryset):
        self.bulk_status_change(
            request,
            queryset.filter(status=Status.IN_REVIEW),
            intent=Intent.APPROVE_HOME,
            selected=queryset.count(),
        )

    @admin.action(description=_("Gỡ các mục đã chọn khỏi trang công khai"))
    def archive_selected(self, request, queryset):
        self.bulk_status_change(request, queryset, intent=Intent.ARCHIVE)

    def bulk_status_change(self, request, queryset, *, intent, selected=None) -> None:
        """Move each selected row as `intent` asks; report done, skipped and refused."""
        rows = list(queryset.order_by("pk"))
        selected = len(rows) if selected is None else selected
        done, refused = 0, []
        for obj in rows:
            if obj.status in self.BULK_SKIP[intent]:
                continue
            try:
                with editing_as(obj=obj, actor=request.user):
                    self.save_content_status(request, obj, intent=intent)
            except (ValidationError, PermissionDenied) as error:
                reason = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else _("không có quyền")
                )
                refused.append(f"“{obj}”: {reason}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("Đã cập nhật %(n)d mục.", "Đã cập nhật %(n)d mục.", done)
                % {"n": done},
                messages.SUCCESS,
            )
        skipped = selected - done - len(refused)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Bỏ qua %(n)d mục đã ở trạng thái này hoặc không chờ duyệt.",
                    "Bỏ qua %(n)d mục đã ở trạng thái này hoặc không chờ duyệt.",
                    skipped,
                )
                % {"n": skipped},
                messages.INFO,
            )
        for line in refused:
            self.message_user(
                request,
                _("Không cập nhật được %(row)s") % {"row": line},
                messages.ERROR,
            )

    def save_content_status(self, request, obj, *, intent) -> None:
        """A status change with the content untouched; override like save_content."""
        self.save_content(
            request,
            obj,
            intent=intent,
            may_publish_home=self.user_may_publish_home(request),
        )
