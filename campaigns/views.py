"""Public pages: upcoming key dates and campaigns, a key date, a post, the feed."""

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from publishing.http import public_page
from publishing.models import Status
from units.permissions import get_viewable_or_404

from . import ics, selectors
from .models import KeyDate


@require_safe
@public_page
def event_list(request):
    return render(request, "campaigns/event_list.html", selectors.event_list_data())


@require_safe
@public_page
def key_date_detail(request, slug):
    key_date = get_object_or_404(KeyDate, slug=slug, is_active=True)
    return render(
        request,
        "campaigns/key_date_detail.html",
        selectors.key_date_page_data(key_date=key_date),
    )


@require_safe
@public_page
def post_detail(request, slug):
    post = get_viewable_or_404(
        request=request,
        queryset=selectors.post_get_for_page(slug=slug),
        public=Q(status=Status.PUBLISHED, to_site=True),
        unit_field="unit",
    )
    return render(request, "campaigns/post_detail.html", {"post": post})


@require_safe
@public_page
def calendar_ics(request):
    body = ics.calendar_document(
        events=selectors.ics_events(),
        now=timezone.now(),
        name=_("Sự kiện – %(org)s") % {"org": settings.ORGANIZATION["short_name"]},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-su-kien.ics"'
    return response
