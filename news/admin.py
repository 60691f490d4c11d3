"""Admin for articles (scoped to the editor's units), categories and tags."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin
from publishing.admin_fields import PortalFieldsAdminMixin
from units import permissions
from units.admin import OfficeOnlyAdminMixin, UnitScopedAdminMixin

from .models import Article, Category, Tag
from .services import article_save


@admin.register(Article)
class ArticleAdmin(UnitScopedAdminMixin, PublishableAdminMixin, SimpleHistoryAdmin):
    unit_field = "unit"
    list_display = (
        "title",
        "unit",
        "status",
        "publish_at",
        "published_at",
        "on_home",
        "featured",
        "view_count",
    )
    list_filter = ("status", "unit", "on_home", "featured", "categories")
    search_fields = ("title", "search_text")
    list_select_related = ("unit",)
    date_hierarchy = "published_at"
    autocomplete_fields = ("tags",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "unit", "summary", "body")}),
        (_("Ảnh bìa"), {"fields": ("cover", "cover_alt")}),
        (_("Phân loại"), {"fields": ("categories", "tags", "featured")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not permissions.user_can_publish_home(user=request.user):
            for _name, opts in fieldsets:
                opts["fields"] = [f for f in opts["fields"] if f != "featured"]
        return fieldsets

    def save_content(self, request, obj, **workflow):
        article_save(article=obj, author=request.user, **workflow)


@admin.register(Category)
class CategoryAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order", "on_home")
    list_editable = ("order", "on_home")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def has_module_permission(self, request):
        return permissions.is_unit_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_unit_editor(request.user)


@admin.register(Tag)
class TagAdmin(PortalFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    # Tags are shared vocabulary: every editor may use and add them.
    def has_module_permission(self, request):
        return permissions.is_unit_editor(request.user)

    has_view_permission = has_add_permission = lambda self, request, obj=None: (
        permissions.is_unit_editor(request.user)
    )

    def has_change_permission(self, request, obj=None):
        return permissions.is_office_staff(request.user)

    has_delete_permission = has_change_permission
