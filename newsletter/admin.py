"""Office staff see subscribers and issues, preview an issue and send it to themselves."""

from django.contrib import admin, messages
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from publishing.admin import ReadOnlyAdminMixin
from publishing.published_items import PublishedItem
from units.permissions import is_office_staff

from . import services
from .models import Issue, Subscriber


class OfficeOnlyMixin(ReadOnlyAdminMixin):
    """Readable by office staff only; the rows change through services, not forms."""

    def has_module_permission(self, request):
        return is_office_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_office_staff(request.user)


@admin.register(Subscriber)
class SubscriberAdmin(OfficeOnlyMixin, admin.ModelAdmin):
    list_display = ("email", "status", "frequency", "consented_at", "stopped_at")
    list_filter = ("status", "frequency")
    search_fields = ("email",)
    readonly_fields = (
        "email",
        "status",
        "topics",
        "units",
        "frequency",
        "consent_text",
        "consented_at",
        "created_at",
        "stopped_at",
        "stop_reason",
    )
    fields = readonly_fields


@admin.register(Issue)
class IssueAdmin(OfficeOnlyMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        "kind",
        "created_at",
        "enqueued_at",
        "recipients",
        "opens",
        "click_total",
    )
    list_filter = ("kind",)
    search_fields = ("subject",)
    fields = (
        "subject",
        "kind",
        "created_at",
        "enqueued_at",
        "recipients",
        "opens",
        "click_table",
        "preview",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # One query for the list whatever its length: clicks summed in the database.
        return super().get_queryset(request).annotate(click_sum=Sum("clicks__count"))

    @admin.display(description=_("lượt nhấp"), ordering="click_sum")
    def click_total(self, obj):
        return obj.click_sum or 0

    @admin.display(description=_("lượt nhấp theo bài"))
    def click_table(self, obj):
        rows = list(obj.clicks.order_by("-count", "pk")[:50])
        if not rows:
            return _("Chưa có lượt nhấp nào.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {}</li>", ((row.title, row.count) for row in rows)
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/xem-truoc/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_issue_preview",
            ),
            path(
                "<int:pk>/gui-thu/",
                self.admin_site.admin_view(require_POST(self.send_test_view)),
                name="newsletter_issue_send_test",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Xem trước và gửi thử"))
    def preview(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>'
            '<p><button type="submit" formaction="{}" '
            'formmethod="post" class="button">{}</button></p>',
            reverse("admin:newsletter_issue_preview", args=[obj.pk]),
            _("Xem bản tin như người nhận"),
            reverse("admin:newsletter_issue_send_test", args=[obj.pk]),
            _("Gửi thử tới thư của tôi"),
        )

    def _issue(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        issue = Issue.objects.filter(pk=pk).first()
        if issue is None:
            raise Http404
        return issue

    def preview_view(self, request, pk):
        issue = self._issue(request, pk)
        items = [PublishedItem.from_json(data) for data in issue.items]
        _text, html = services.issue_render(issue=issue, items=items, subscriber=None)
        response = HttpResponse(html)
        # The e-mail's own inline styles; nothing else may load in the admin's origin.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:"
        )
        return response

    def send_test_view(self, request, pk):
        issue = self._issue(request, pk)
        if not request.user.email:
            self.message_user(
                request,
                _("Tài khoản của bạn chưa có địa chỉ thư điện tử để gửi thử."),
                messages.ERROR,
            )
        else:
            services.issue_send_test(issue=issue, user=request.user)
            self.message_user(
                request,
                _("Đã xếp gửi thử tới %(email)s.") % {"email": request.user.email},
                messages.SUCCESS,
            )
        return redirect("admin:newsletter_issue_change", pk)
