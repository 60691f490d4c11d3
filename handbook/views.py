"""Public pages of the handbook, its PDF booklet and its offline service worker."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from publishing.http import PUBLIC_MAX_AGE_SECONDS, public_page
from publishing.redirects import slug_redirect_target
from units.models import Unit

from . import booklets, selectors
from .models import Section

SERVICE_WORKER = "handbook/sw.js"
BOOKLET_RETRY_SECONDS = 15


@require_safe
@public_page
def index(request):
    """The table of contents, every unit's appendix, and search in the handbook."""
    query = request.GET.get("q", "").strip()
    toc = selectors.handbook_toc_get()
    context = {
        "toc": toc,
        "updated_at": selectors.last_updated(toc),
        "query": query,
        "results": list(selectors.section_search(query=query)[:50]) if query else None,
    }
    return render(request, "handbook/index.html", context)


@require_safe
@public_page
def section_detail(request, slug):
    page = selectors.section_page_get(slug=slug)
    if page is None:
        old = slug_redirect_target(model=Section, old_slug=slug)
        target = Section.objects.filter(pk=old).only("slug").first() if old else None
        if target is None:
            raise Http404
        return redirect(target, permanent=True)
    return render(request, "handbook/section_detail.html", page)


@require_safe
def booklet_pdf(request):
    """The handbook as an A5 booklet; ?phu-luc=<unit> adds that unit's appendix.

    Served from storage once a worker made it (handbook.booklets); until then a page
    says it is being prepared and reloads itself.
    """
    unit = None
    if slug := request.GET.get("phu-luc"):
        unit = get_object_or_404(Unit, slug=slug, is_active=True)
    path = booklets.booklet_kept(unit=unit)
    if path is None:
        booklets.booklet_request(unit=unit)
        response = render(
            request, "handbook/booklet_pending.html", {"unit": unit}, status=503
        )
        response["Retry-After"] = str(BOOKLET_RETRY_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    with default_storage.open(path) as file:
        response = HttpResponse(file.read(), content_type="application/pdf")
    name = f"so-tay-cong-doan{'-' + unit.slug if unit else ''}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
    return response


@require_safe
def service_worker(request):
    """The offline worker, from our static files, under /so-tay/ so that its scope
    is the handbook and nothing else (the browser allows no wider scope than the
    script's folder without this header, and we want none)."""
    if staticfiles_storage.exists(SERVICE_WORKER):
        with staticfiles_storage.open(SERVICE_WORKER) as file:
            body = file.read()
    else:  # development and tests: nothing collected
        with open(finders.find(SERVICE_WORKER), "rb") as file:
            body = file.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = request.path.rsplit("/", 1)[0] + "/"
    # A new worker must reach phones at once; it is small.
    response["Cache-Control"] = "no-cache"
    return response
