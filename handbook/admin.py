"""Admin of the handbook (office staff; each CĐCS its appendix) and of the printed
bulletin boards (scoped to the editor's units), with the boards' preview and PDFs."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from units.admin import UnitScopedAdminMixin

from . import boards
from .forms import BoardAdminForm, SectionAdminForm
from .models import Board, Section
from .services import section_delete, section_save


@admin.register(Section)
class SectionAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    """Sections with no unit are the office's handbook; a CĐCS editor sees and edits
    only their unit's appendix (units.permissions: rows without a unit are the
    office's)."""

    form = SectionAdminForm
    unit_field = "unit"
    list_display = ("title", "parent", "order", "unit", "updated_at")
    list_filter = ("unit",)
    list_select_related = ("parent", "unit")
    search_fields = ("title", "search_text")
    ordering = ("unit", "parent__order", "order", "pk")
    fieldsets = (
        (None, {"fields": ("title", "slug", "unit", "parent", "order", "body")}),
    )

    def save_model(self, request, obj, form, change):
        if not self._may_edit(request, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        section_save(section=obj)

    def delete_model(self, request, obj):
        section_delete(section=obj)


class BoardItemsMixin:
    """The board's preview (the poster's own template in HTML) and its PDFs."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/xem-truoc/<str:size>/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/pdf/<str:size>/",
                self.admin_site.admin_view(self.pdf_view),
                name="{}_{}_pdf".format(*info),
            ),
            *super().get_urls(),
        ]

    def _board(self, request, object_id):
        return self.get_object(request, object_id)  # 404 outside the user's units

    def preview_view(self, request, object_id, size):
        board = self._board(request, object_id)
        size = size if size in boards.PAGE_SIZES else "a4"
        context = boards.board_poster_context(board=board, size=size)
        context.update(preview=True, fonts_css="fonts/noto-serif/fonts.css")
        return render(request, "handbook/board_poster.html", context)

    def pdf_view(self, request, object_id, size):
        board = self._board(request, object_id)
        try:
            pdf = boards.board_pdf(board=board, size=size)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(
                reverse("admin:handbook_board_change", args=[board.pk])
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"bang-tin-{board.pk}-{size}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@admin.register(Board)
class BoardAdmin(BoardItemsMixin, UnitScopedAdminMixin, SimpleHistoryAdmin):
    form = BoardAdminForm
    unit_field = "unit"
    list_display = ("title", "unit", "period_start", "period_end", "status", "prints")
    list_filter = ("status", "unit")
    list_select_related = ("unit",)
    search_fields = ("title",)
    date_hierarchy = "period_end"
    readonly_fields = ("prints",)

    def get_fieldsets(self, request, obj=None):
        main = ["unit", "title", "period_start", "period_end", "status"]
        if obj is None:
            return ((None, {"fields": main + ["items"]}),)
        return (
            (None, {"fields": main}),
            (_("Các mục"), {"fields": ["items"]}),
            (_("Bản in"), {"fields": ["prints"]}),
        )

    @admin.display(description=_("bản in"))
    def prints(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        links = [
            (reverse("admin:handbook_board_preview", args=[obj.pk, size]), label)
            for size, label in (("a4", _("Xem trước A4")), ("a3", _("Xem trước A3")))
        ] + [
            (reverse("admin:handbook_board_pdf", args=[obj.pk, size]), label)
            for size, label in (("a4", _("Tải PDF A4")), ("a3", _("Tải PDF A3")))
        ]
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((url, str(t)) for url, t in links),
        )

    def save_model(self, request, obj, form, change):
        if not self._may_edit(request, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        keys = form.cleaned_data.get("items") or None
        boards.board_save(board=obj, keys=keys, user=request.user)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # A service refusal (nothing published in the period, an item gone since the
        # form was shown) is shown on the form, with what was typed kept.
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            request.handbook_refusal = error
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "handbook_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                data = super().clean()
                self.add_error(None, refusal)
                return data

        return RefusedForm

    def response_add(self, request, obj, post_url_continue=None):
        # The items of a new board were suggested: show them to be checked.
        messages.info(
            request,
            _("Đã chọn sẵn %(n)d mục quan trọng của kỳ; hãy xem lại rồi tải bản in.")
            % {"n": obj.items.count()},
        )
        return HttpResponseRedirect(
            reverse("admin:handbook_board_change", args=[obj.pk])
        )
