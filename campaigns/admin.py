"""Admin: key dates, campaigns with their plan and month calendar, posts (with their
deliveries, from channels.admin)."""

from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels import selectors as channel_selectors
from channels.admin import DeliveryInline
from channels.models import SocialChannel
from publishing.admin import PublishableAdminMixin
from units import permissions
from units.admin import OfficeOnlyAdminMixin, UnitScopedAdminMixin

from . import selectors
from .forms import PlannedPostForm
from .models import Campaign, CampaignPost, KeyDate, Occurrence, PlannedPost
from .services.key_dates import key_date_save
from .services.plans import campaign_save, planned_post_save
from .services.posts import campaign_post_save


@admin.register(KeyDate)
class KeyDateAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "rule_display", "kind", "founding_year", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "description", "is_active")}),
        (
            _("Quy tắc ngày"),
            {
                "fields": (
                    "kind",
                    "day",
                    "month",
                    "end_day",
                    "end_month",
                    "founding_year",
                )
            },
        ),
    )

    @admin.display(description=_("ngày"))
    def rule_display(self, obj):
        return obj.rule_display()

    def save_model(self, request, obj, form, change):
        key_date_save(key_date=obj)


class PlannedPostInline(OfficeOnlyAdminMixin, admin.StackedInline):
    model = PlannedPost
    form = PlannedPostForm

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["channels"].queryset = SocialChannel.objects.filter(
            is_active=True
        )
        return formset


class OccurrenceInline(OfficeOnlyAdminMixin, admin.TabularInline):
    model = Occurrence
    extra = 0
    fields = ("year", "date", "end_date")
    readonly_fields = fields
    can_delete = False
    ordering = ("-year",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "key_date", "first_year", "last_year", "is_active", "posts")
    list_filter = ("is_active", "key_date")
    search_fields = ("name", "key_date__name")
    list_select_related = ("key_date",)
    # Checkboxes, not filter_horizontal: its search icons fail axe (aria on a span).
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    inlines = [PlannedPostInline, OccurrenceInline]
    change_list_template = "campaigns/admin/campaign_change_list.html"
    fields = (
        "key_date",
        "name",
        "description",
        "first_year",
        "last_year",
        "is_active",
        "units",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plan_count=Count("planned_posts"))

    @admin.display(description=_("số bài theo kế hoạch"))
    def posts(self, obj):
        return obj.plan_count

    def get_changeform_initial_data(self, request):
        return {
            "first_year": timezone.localdate().year,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        campaign_save(campaign=obj)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            if formset.model is not PlannedPost:
                formset.save()
                continue
            plans = formset.save(commit=False)  # also what the history message needs
            for deleted in formset.deleted_objects:
                deleted.delete()
            for plan in plans:
                plan_form = next(f for f in formset.forms if f.instance is plan)
                plan.campaign = form.instance
                planned_post_save(
                    planned_post=plan, channels=plan_form.cleaned_data.get("channels")
                )
        campaign_save(campaign=form.instance)

    def get_urls(self):
        return [
            path(
                "lich/",
                self.admin_site.admin_view(self.calendar_view),
                name="campaigns_calendar",
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        if not permissions.is_office_staff(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            year, month = (int(x) for x in request.GET.get("thang", "").split("-"))
            first = date(year, month, 1)
        except (ValueError, TypeError):
            first = today.replace(day=1)
        previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Lịch chiến dịch tháng %(month)s/%(year)s")
            % {"month": first.month, "year": first.year},
            "opts": self.model._meta,
            "previous": previous,
            "following": following,
            "today": today,
            "warnings": channel_selectors.admin_warning_list(),
            **selectors.calendar_month(year=first.year, month=first.month),
        }
        return render(request, "campaigns/admin/calendar.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "calendar_url": reverse("admin:campaigns_calendar"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


class UpcomingPostFilter(admin.SimpleListFilter):
    """Posts due in the next days, not yet out (the admin home links here)."""

    title = _("sắp đăng")
    parameter_name = "sap_dang"

    def lookups(self, request, model_admin):
        return [(str(selectors.UPCOMING_POST_DAYS), _("Trong 14 ngày tới"))]

    def queryset(self, request, queryset):
        if self.value() == str(selectors.UPCOMING_POST_DAYS):
            return selectors.campaign_posts_upcoming(queryset=queryset)
        return queryset


@admin.register(CampaignPost)
class CampaignPostAdmin(UnitScopedAdminMixin, PublishableAdminMixin, admin.ModelAdmin):
    unit_field = "unit"
    list_display = ("title", "unit", "status", "publish_at", "published_at", "edited")
    list_filter = (UpcomingPostFilter, "status", "unit", "to_banner", "edited")
    search_fields = ("title", "search_text")
    list_select_related = ("unit",)
    date_hierarchy = "publish_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "unit", "occurrence", "summary", "body")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        # A post belongs to its campaign's year for good.
        return (*fields, "occurrence") if obj is not None else fields

    def get_inlines(self, request, obj):
        return [DeliveryInline] if permissions.is_office_staff(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "occurrence":
            # A post's year is one of a campaign of the user's units (the rule decides).
            kwargs["queryset"] = (
                permissions.scope_queryset(
                    user=request.user,
                    queryset=Occurrence.objects.select_related("campaign"),
                    unit_field="campaign__units",
                )
                .distinct()
                .order_by("-date")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def workflow_from_form(self, request, form) -> dict:
        # Saved as shown, or only to change its status, the post is not edited by
        # hand: the campaign's plan may still rewrite it (#11).
        edited = bool(set(form.changed_data) - self.WORKFLOW_FORM_FIELDS)
        return {**super().workflow_from_form(request, form), "by_hand": edited}

    def save_content(self, request, obj, **workflow):
        campaign_post_save(post=obj, **workflow)

    def save_content_status(self, request, obj, *, intent):
        # Publishing from the list is not an edit: the plan may still rewrite it.
        campaign_post_save(
            post=obj,
            by_hand=False,
            intent=intent,
            may_publish_home=self.user_may_publish_home(request),
        )
