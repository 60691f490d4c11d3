"""Serving a stored document with a safe Content-Type, disposition, CSP and caching."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from publishing.documents.kinds import DocumentKind
from publishing.documents.names import clean_download_name, content_disposition

# Images (and anything a browser might still render) get a sandbox: a crafted
# file cannot run script in our origin. Inline PDFs get no `sandbox`: Chrome
# and Safari refuse to render a PDF in a sandboxed document, so we rely on
# application/pdf + nosniff and on refusing active PDFs at upload.
CSP_SANDBOXED = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
CSP_PDF = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
    "object-src 'self'; base-uri 'none'; form-action 'none'"
)
PUBLIC_MAX_AGE_SECONDS = 3600


def stored_document_response(document: Any, *, public: bool = False) -> FileResponse:
    """Serve a `publishing.models.StoredDocument` row under its download name.

    404 when its kind is not one we serve or its file is gone from storage: a
    missing file is a missing page, not a server error. The caller has already
    checked who asks.
    """
    kind = document.document_kind
    if kind is None:
        raise Http404
    try:
        file = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return document_file_response(
        file=file, download_name=document.download_name, kind=kind, public=public
    )


def document_file_response(
    *,
    file: Any,
    download_name: str,
    kind: DocumentKind,
    public: bool = False,
    max_age: int | None = None,
) -> FileResponse:
    """Serve a stored document with headers taken from its detected kind.

    Content-Type comes from `kind`, never the name; PDF and images are inline,
    the rest are attachments. `public=False` (internal files) keeps shared
    caches out; `public=True` lets a CDN keep it for `max_age` seconds.
    """
    if getattr(file, "closed", False) and hasattr(file, "open"):
        file.open("rb")
    response = FileResponse(file, content_type=kind.mime_type)
    name = clean_download_name(download_name, kind)
    response["Content-Disposition"] = content_disposition(name, inline=kind.inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        CSP_PDF if kind.key == "pdf" else CSP_SANDBOXED
    )
    if public:
        seconds = PUBLIC_MAX_AGE_SECONDS if max_age is None else max_age
        response["Cache-Control"] = f"public, max-age={seconds}"
    else:
        response["Cache-Control"] = f"private, max-age={max_age or 0}"
    return response
