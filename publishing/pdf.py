"""PDFs made on the server from Django templates with WeasyPrint (#15).

`render_pdf(template_name, context)` renders the template to HTML and lays it out
with WeasyPrint. The template links the shipped fonts with
``{% static 'fonts/noto-serif/fonts.css' %}`` (Noto Serif, SIL OFL, Vietnamese
subsets), so the PDF embeds them whatever fonts the server has, and text copied out
of it keeps its diacritics.

Every resource the document asks for goes through `SafeURLFetcher`: files of our
own static storage, images of our own media storage, and `data:` URIs (QR codes)
are read; anything else (another host, `file:`, a path outside those folders) is
refused without touching the network, and WeasyPrint leaves it out.
https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#security
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

# Relative URLs of the templates ("/static/...") resolve against this origin, which
# never resolves on a network (RFC 2606 reserves .invalid): only the fetcher answers.
PDF_BASE_URL = "http://pdf.invalid/"
FONTS_CSS = "fonts/noto-serif/fonts.css"
MEDIA_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


class ResourceRefused(ValueError):
    """A PDF asked for something that is not one of our static or media files."""


def _static_open(name: str):
    # Collected files in production (possibly hashed, on S3); the app folders in
    # development and tests, where nothing was collected.
    if staticfiles_storage.exists(name):
        return staticfiles_storage.open(name)
    found = finders.find(name)
    if not found:
        raise ResourceRefused(name)
    return open(found, "rb")  # noqa: SIM115 (WeasyPrint closes it)


def _media_open(name: str):
    # Only images: stored documents (internal files) are never read into a PDF.
    if not name.lower().endswith(MEDIA_IMAGE_EXTENSIONS):
        raise ResourceRefused(name)
    return default_storage.open(name)


def _weasyprint():
    # Imported when a PDF is made: loading pango costs at every process start.
    import weasyprint
    from PIL import ImageFile

    # weasyprint.images sets Pillow's process-wide LOAD_TRUNCATED_IMAGES = True when
    # imported; uploads judged after a PDF in the same worker would then accept
    # truncated images (invariant 5). Our PDFs embed only our own whole files.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def resource_open(url: str):
    """(file object, content type) of an allowed resource URL; ResourceRefused else."""
    parts = urlsplit(url)
    origin = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        raise ResourceRefused(url)
    path = posixpath.normpath(unquote(parts.path))
    if ".." in path.split("/"):
        raise ResourceRefused(url)
    static_prefix = urlsplit(settings.STATIC_URL).path
    media_prefix = urlsplit(settings.MEDIA_URL).path
    if path.startswith(static_prefix):
        file = _static_open(path.removeprefix(static_prefix))
    elif path.startswith(media_prefix):
        file = _media_open(path.removeprefix(media_prefix))
    else:
        raise ResourceRefused(url)
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".woff2"):
        content_type = "font/woff2"
    return file, content_type


def _fetcher_class():
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcherResponse

    class SafeURLFetcher(weasyprint.URLFetcher):
        """Our static and media files and data: URIs; never the network."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            file, content_type = resource_open(url)
            return URLFetcherResponse(
                url, body=file.read(), headers={"Content-Type": content_type}
            )

    return SafeURLFetcher


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """The PDF of `template_name` rendered with `context`, plus what every printed
    page may name: `fonts_css`, `organization`, `site_url`."""
    html = render_to_string(
        template_name,
        {
            "fonts_css": FONTS_CSS,
            "organization": settings.ORGANIZATION,
            "site_url": settings.SITE_URL,
            **(context or {}),
        },
    )
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    fetcher = _fetcher_class()(allowed_protocols=("http", "data"))
    document = weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf()
