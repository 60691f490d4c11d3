"""Admin: documents and types (office only), units' "documents to act on", the matrix."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, ServiceInlineAdminMixin
from publishing.exports import export_response
from units import permissions
from units.admin import (
    OfficeOnlyAdminMixin,
    UnitScopedAdminMixin,
    UnitScopedInlineMixin,
)

from . import exports, selectors, services
from .forms import (
    AttachmentInlineForm,
    DistributionAdminForm,
    DocumentAdminForm,
    MatrixFilterForm,
    ReportFileInlineForm,
)
from .models import Attachment, Distribution, Document, DocumentType, ReportFile


def _size(value: int) -> str:
    return filesizeformat(value)


@admin.register(DocumentType)
class DocumentTypeAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "abbreviation", "order")
    list_editable = ("order",)
    search_fields = ("name", "abbreviation")


class AttachmentInline(OfficeOnlyAdminMixin, admin.TabularInline):
    model = Attachment
    form = AttachmentInlineForm
    extra = 1
    fields = ("title", "file", "order", "file_info")
    readonly_fields = ("file_info",)

    @admin.display(description=_("Tệp đã lưu"))
    def file_info(self, obj):
        if obj is None or not obj.pk:
            return "—"
        kind = obj.document_kind
        return format_html(
            '<a href="{}">{}</a> ({}, {}){}',
            obj.get_absolute_url(),
            obj.download_name,
            kind.label if kind else obj.kind,
            _size(obj.size),
            _(" · đã đọc nội dung chữ") if obj.text_extracted_at else "",
        )


@admin.register(Document)
class DocumentAdmin(
    ServiceInlineAdminMixin,
    OfficeOnlyAdminMixin,
    PublishableAdminMixin,
    SimpleHistoryAdmin,
):
    form = DocumentAdminForm
    change_list_template = "guidance/admin/document_change_list.html"
    list_display = (
        "number_text",
        "title",
        "document_type",
        "issue_date",
        "visibility",
        "status",
        "response_deadline",
        "progress",
    )
    list_filter = ("status", "document_type", "year", "visibility", "issuer_name")
    search_fields = ("number_text", "title", "search_text")
    list_select_related = ("document_type",)
    date_hierarchy = "issue_date"
    filter_horizontal = ("recipient_units",)
    autocomplete_fields = ("based_on",)
    inlines = [AttachmentInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "document_type",
                    "number_text",
                    "issue_date",
                    "place",
                )
            },
        ),
        (
            _("Cơ quan ban hành và người ký"),
            {
                "fields": (
                    "issuer_parent",
                    "issuer_name",
                    "issuing_unit",
                    "signer_title",
                    "signer_name",
                )
            },
        ),
        (_("Nội dung"), {"fields": ("summary", "body")}),
        (
            _("Nơi nhận và thực hiện"),
            {
                "fields": (
                    "recipients_all_grassroots",
                    "recipient_units",
                    "recipients_other",
                    "response_deadline",
                )
            },
        ),
        (
            _("Liên kết và hiển thị"),
            {"fields": ("based_on", "key_date", "visibility", "effective_until")},
        ),
    )

    def user_may_publish_home(self, request) -> bool:
        return permissions.user_can_publish_home(user=request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("distributions"),
                done_count=Count(
                    "distributions",
                    filter=Q(distributions__status=Distribution.Status.IMPLEMENTED),
                ),
            )
        )

    @admin.display(description=_("Đã thực hiện"))
    def progress(self, obj):
        if not obj.sent_count:
            return "—"
        return f"{obj.done_count}/{obj.sent_count}"

    def save_content(self, request, obj, **workflow):
        services.document_save(document=obj, author=request.user, **workflow)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The chosen units are saved only now, in the admin's transaction: their
        # distribution rows commit with the save (document_distribute does nothing
        # for a document that is not published).
        services.document_distribute(document_ids=[form.instance.pk])

    def inline_saver(self, model):
        if model is not Attachment:
            return None
        return lambda row, upload_name: services.attachment_save(
            attachment=row, upload_name=upload_name
        )

    # -- the office matrix ---------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "ma-tran/",
                self.admin_site.admin_view(self.matrix_view),
                name="guidance_document_matrix",
            ),
            *super().get_urls(),
        ]

    def matrix_view(self, request):
        """Documents x units: who has received and implemented what (office only)."""
        if not permissions.is_office_staff(request.user):
            raise PermissionDenied
        options = selectors.matrix_filter_options()
        form = MatrixFilterForm(request.GET or None, years=options["years"])
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        arguments = {
            "year": filters.get("year"),
            "document_type_id": getattr(filters.get("document_type"), "pk", None),
            "document_id": filters.get("document"),
        }
        export = request.GET.get("xuat")
        if export in {"csv", "xlsx"}:
            matrix = selectors.matrix_get(limit=None, **arguments)
            stamp = timezone.localdate().strftime("%Y-%m-%d")
            render = exports.matrix_csv if export == "csv" else exports.matrix_xlsx
            return export_response(
                content=render(matrix),
                file_format=export,
                filename=f"tinh-hinh-thuc-hien-{stamp}.{export}",
            )
        matrix = selectors.matrix_get(**arguments)
        query = request.GET.copy()
        query.pop("xuat", None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tình hình nhận và thực hiện tài liệu"),
            "opts": self.model._meta,
            "form": form,
            "matrix": matrix,
            "query": query.urlencode(),
            "max_documents": selectors.MATRIX_MAX_DOCUMENTS,
        }
        return TemplateResponse(request, "guidance/admin/document_matrix.html", context)


# -- the units' side ---------------------------------------------------------------
class ReportFileInline(UnitScopedInlineMixin, admin.TabularInline):
    model = ReportFile
    form = ReportFileInlineForm
    extra = 1
    fields = ("file", "file_info")
    readonly_fields = ("file_info",)
    verbose_name = _("tệp báo cáo")
    verbose_name_plural = _("tệp báo cáo (PDF, Word, Excel, ảnh…)")

    @admin.display(description=_("Tệp đã lưu"))
    def file_info(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("guidance:report_file_download", args=[obj.pk]),
            obj.download_name,
            _size(obj.size),
        )


class DistributionDeadlineFilter(admin.SimpleListFilter):
    """What is left to do, by the response deadline (the admin home links here)."""

    title = _("hạn thực hiện")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [
            ("can-lam", _("Chưa thực hiện")),
            ("qua-han", _("Quá hạn mà chưa thực hiện")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "can-lam":
            return queryset.of_published_documents().not_implemented()
        if self.value() == "qua-han":
            return queryset.overdue(timezone.localdate())
        return queryset


@admin.register(Distribution)
class DistributionAdmin(
    ServiceInlineAdminMixin, UnitScopedAdminMixin, SimpleHistoryAdmin
):
    """ "Tài liệu cần thực hiện": each unit's editors see and report on their rows."""

    unit_field = "unit"
    form = DistributionAdminForm
    change_form_template = "guidance/admin/distribution_change_form.html"
    list_display = (
        "document_number",
        "document_title",
        "unit",
        "status",
        "deadline",
        "received_at",
        "implemented_at",
    )
    list_filter = (
        DistributionDeadlineFilter,
        "status",
        "unit",
        "document__document_type",
        "document__year",
    )
    list_select_related = ("document", "unit")
    search_fields = ("document__number_text", "document__title", "unit__name")
    inlines = [ReportFileInline]
    actions = ["mark_received", "mark_implemented"]
    readonly_fields = (
        "document_page",
        "status",
        "received_at",
        "received_by",
        "implemented_at",
        "implemented_by",
    )

    def get_fieldsets(self, request, obj=None):
        first = ("document_page", "unit") if obj else ("document", "unit")
        return (
            (None, {"fields": first}),
            (
                _("Tình trạng"),
                {
                    "fields": (
                        "status",
                        "received_at",
                        "received_by",
                        "implemented_at",
                        "implemented_by",
                    )
                },
            ),
            (_("Báo cáo của đơn vị"), {"fields": ("report_text", "report_url")}),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            form.base_fields.pop("document", None)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            # Only published documents this person may read; never drafts.
            kwargs["queryset"] = Document.objects.visible_to(request.user).order_by(
                "-issue_date"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A unit cannot make a document it was sent disappear from the office's view.
        return permissions.is_office_staff(
            request.user
        ) and super().has_delete_permission(request, obj)

    @admin.display(description=_("Số, ký hiệu"), ordering="document__number")
    def document_number(self, obj):
        return obj.document.number_text

    @admin.display(description=_("Tài liệu"), ordering="document__title")
    def document_title(self, obj):
        return obj.document.title

    @admin.display(description=_("Hạn báo cáo"), ordering="document__response_deadline")
    def deadline(self, obj):
        deadline = obj.document.response_deadline
        if not deadline:
            return "—"
        text = date_format(deadline, "d/m/Y")
        if obj.is_overdue():
            return format_html(
                '<strong class="guidance-overdue">{} – {}</strong>', text, _("quá hạn")
            )
        return text

    @admin.display(description=_("Tài liệu"))
    def document_page(self, obj):
        document = obj.document
        return format_html(
            '<a href="{}">{} – {}</a>',
            document.get_absolute_url(),
            document.number_text,
            document.title,
        )

    def save_model(self, request, obj, form, change):
        if not permissions.user_can_edit(
            user=request.user, obj=obj, unit_field=self.unit_field
        ):
            raise PermissionDenied
        if "_implemented" in request.POST:
            services.distribution_mark_implemented(distribution=obj, user=request.user)
        else:
            services.distribution_report_save(distribution=obj)
            if "_received" in request.POST:
                services.distribution_mark_received(distribution=obj, user=request.user)

    def inline_saver(self, model):
        if model is not ReportFile:
            return None
        return lambda row, upload_name: services.report_file_save(
            report_file=row, upload_name=upload_name
        )

    @admin.action(description=_("Đánh dấu đã nhận"))
    def mark_received(self, request, queryset):
        for distribution in queryset.select_related(None):
            services.distribution_mark_received(
                distribution=distribution, user=request.user
            )
        messages.success(request, _("Đã ghi nhận các tài liệu đã chọn."))

    @admin.action(description=_("Đánh dấu đã thực hiện"))
    def mark_implemented(self, request, queryset):
        for distribution in queryset.select_related(None):
            services.distribution_mark_implemented(
                distribution=distribution, user=request.user
            )
        messages.success(
            request,
            _("Đã đánh dấu thực hiện. Hãy mở từng tài liệu để thêm báo cáo nếu cần."),
        )
