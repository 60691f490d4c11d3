"""Public pages of guidance documents, and their files served through a check."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from publishing.documents.serving import stored_document_response
from publishing.http import public_page
from publishing.models import Status
from publishing.pagination import page_of
from publishing.redirects import slug_redirect_target

from . import selectors
from .forms import DocumentFilterForm
from .models import Document, Visibility

DOCUMENTS_PER_PAGE = 20


@require_safe
@public_page
def document_list(request):
    """Filters (type, year, issuer, key date) and search; a fixed number of queries."""
    form = DocumentFilterForm(request.GET or None)
    filters = form.filters()
    page = page_of(
        request,
        selectors.document_list(user=request.user, filters=filters),
        per_page=DOCUMENTS_PER_PAGE,
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "options": selectors.document_filter_options(user=request.user),
    }
    return render(request, "guidance/document_list.html", context)


@require_safe
@public_page
def document_detail(request, slug):
    document = selectors.document_get_for_page(slug=slug, user=request.user)
    if document is None:
        old = slug_redirect_target(model=Document, old_slug=slug)
        target = (
            Document.objects.visible_to(request.user)
            .filter(pk=old)
            .only("slug")
            .first()
            if old
            else None
        )
        if target is None:
            raise Http404
        return redirect(target, permanent=True)
    return render(request, "guidance/document_detail.html", {"document": document})


@require_safe
def attachment_download(request, slug, pk):
    """A document's file, only for those who may read the document.

    Files live under a random folder and are never linked through MEDIA_URL, so
    this check is the only way to them. Public documents' files may sit in a CDN.
    """
    attachment = selectors.attachment_get_for_download(
        slug=slug, pk=pk, user=request.user
    )
    if attachment is None:
        raise Http404
    document = attachment.document
    public = (
        document.status == Status.PUBLISHED and document.visibility == Visibility.PUBLIC
    )
    return stored_document_response(attachment, public=public)


@require_safe
@login_required
def report_file_download(request, pk):
    """A unit's report file: for that unit's editors and the office only."""
    report_file = selectors.report_file_get_for_download(pk=pk, user=request.user)
    if report_file is None:
        raise Http404
    return stored_document_response(report_file)
