"""Public pages of the grassroots unions: the list and each unit's sub-site."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from publishing import services as publishing_services
from publishing.blocks import UNIT_HOOK, block_list
from publishing.http import public_page
from publishing.pagination import page_of
from publishing.redirects import slug_redirect_target

from . import selectors
from .models import Unit, UnitPage
from .permissions import (
    get_viewable_or_404,
    is_office_staff,
    is_unit_editor,
    units_editable_by,
)

UNITS_PER_PAGE = 48
MAX_QUERY_LENGTH = 100


@require_safe
@public_page
def unit_list(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = page_of(request, selectors.unit_list(query=query), per_page=UNITS_PER_PAGE)
    return render(
        request,
        "units/unit_list.html",
        {"page": page, "query": query, "totals": selectors.unit_totals()},
    )


def _redirect_renamed_unit(slug: str):
    unit_id = slug_redirect_target(model=Unit, old_slug=slug)
    unit = Unit.objects.filter(pk=unit_id).only("slug").first() if unit_id else None
    if unit is None:
        raise Http404
    return unit


@require_safe
@public_page
def unit_detail(request, slug):
    unit = selectors.unit_get_for_page(slug=slug)
    if unit is None:
        return redirect(_redirect_renamed_unit(slug), permanent=True)
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "blocks": block_list(UNIT_HOOK, unit=unit, request=request)},
    )


@require_safe
@public_page
def page_detail(request, slug, page):
    unit = (
        Unit.objects.filter(slug=slug).only("pk", "slug", "name", "short_name").first()
    )
    if unit is None:
        unit = _redirect_renamed_unit(slug)
        return redirect("units:page_detail", slug=unit.slug, page=page, permanent=True)
    queryset = UnitPage.objects.filter(unit=unit)
    try:
        unit_page = get_viewable_or_404(
            request=request,
            queryset=queryset,
            public=Q(is_published=True),
            unit_field="unit",
            slug=page,
        )
    except Http404:
        old = slug_redirect_target(model=UnitPage, old_slug=page, scope=str(unit.pk))
        target = queryset.filter(pk=old).only("slug").first() if old else None
        if target is None:
            raise
        return redirect(
            "units:page_detail", slug=unit.slug, page=target.slug, permanent=True
        )
    unit_page.unit = unit
    return render(
        request, "units/unitpage_detail.html", {"unit": unit, "page": unit_page}
    )


@require_POST
def editor_image_upload(request):
    """CKEditor's image upload: unit editors only, stored under their unit's folder.

    Office staff upload to "van-phong"; an editor of several units to the first.
    Answers in the JSON CKEditor 5 expects, with a Vietnamese message on refusal.
    """
    if not is_unit_editor(request.user):
        return JsonResponse(
            {"error": {"message": _("Bạn không có quyền tải ảnh lên.")}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Chưa chọn tệp ảnh.")}}, status=400)
    unit = units_editable_by(user=request.user).order_by("pk").first()
    folder = "van-phong" if is_office_staff(request.user) or unit is None else unit.slug
    try:
        url = publishing_services.editor_image_upload(upload=upload, folder=folder)
    except ValidationError as error:
        return JsonResponse({"error": {"message": error.messages[0]}}, status=400)
    return JsonResponse({"url": url})


def login_locked(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the admin's look, 429."""
    ends_at = AxesProxyHandler.get_implementation().lock_ends_at(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": _("Tạm khóa đăng nhập"),
        "ends_at": ends_at,
        "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
    }
    response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
    response["Retry-After"] = str(settings.LOGIN_COOLOFF_MINUTES * 60)
    return response.render()
