"""Template tags for content: responsive pictures, Vietnamese dates, the read beacon;
no queries."""

from datetime import date

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from publishing.search import highlight
from publishing.text import format_date_vi

register = template.Library()

# Rendition the <img src> points at for browsers that ignore srcset.
IMG_SRC_MAX_WIDTH = 960
PICTURE_OPTIONS = {"class", "fetchpriority", "decoding"}


def _srcset(storage, items: list[dict]) -> str:
    return ", ".join(f"{storage.url(item['name'])} {item['width']}w" for item in items)


@register.simple_tag
def picture(
    instance,
    field_name: str,
    alt: str = "",
    sizes: str = "100vw",
    loading: str = "lazy",
    **options,
) -> SafeString | str:
    """`{% picture article "cover" alt=article.title sizes="50vw" class="cover" %}`.

    Renders <picture> from the companion renditions JSON, or a plain <img> of the
    original while the renditions are not ready. Reads no file and runs no query:
    `storage.url()` only builds a string.
    """
    unknown = set(options) - PICTURE_OPTIONS
    if unknown:
        raise template.TemplateSyntaxError(
            f"picture: unknown option(s) {', '.join(sorted(unknown))}"
        )
    file = getattr(instance, field_name, None)
    if not file:
        return ""
    entry = _renditions(instance, file)
    attrs = {
        "alt": alt,
        "loading": loading,
        "decoding": options.get("decoding", "async"),
        "class": options.get("class"),
        "fetchpriority": options.get("fetchpriority"),
    }
    fallback = entry.get("jpeg") or entry.get("png")
    webp = entry.get("webp")
    if not (fallback and webp):
        attrs.update(src=file.url, width=entry.get("width"), height=entry.get("height"))
        return format_html("<img{}>", _attrs(attrs))
    src = _widest_src(fallback)
    attrs.update(
        src=file.storage.url(src["name"]),
        srcset=_srcset(file.storage, fallback),
        sizes=sizes,
        width=src["width"],
        height=src["height"],
    )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}"><img{}></picture>',
        _srcset(file.storage, webp),
        sizes,
        _attrs(attrs),
    )


def _widest_src(renditions: list[dict]) -> dict:
    """The widest rendition up to IMG_SRC_MAX_WIDTH (the smallest if none is)."""
    return max(
        (item for item in renditions if item["width"] <= IMG_SRC_MAX_WIDTH),
        key=lambda item: item["width"],
        default=renditions[0],
    )


def _renditions(instance, file) -> dict:
    """The renditions JSON of `file`; empty while it describes an earlier upload."""
    entry = getattr(instance, file.field.renditions_field_name, None) or {}
    return entry if entry.get("source") == file.name else {}


def _attrs(attrs: dict) -> SafeString:
    order = ("src", "srcset", "sizes", "alt", "width", "height", "class", "loading")
    keys = [k for k in order if k in attrs] + [k for k in attrs if k not in order]
    return format_html_join(
        "",
        ' {}="{}"',
        ((key, attrs[key]) for key in keys if attrs[key] is not None),
    )


@register.filter(name="vn_date")
def vn_date_filter(value: date | None) -> str:
    """`{{ article.published_at|vn_date }}` -> "ngày 26 tháng 5 năm 2021"."""
    return format_date_vi(value) if value else ""


@register.simple_tag(name="vn_date")
def vn_date_tag(value: date | None) -> str:
    """`{% vn_date article.published_at %}`, the same as the filter."""
    return vn_date_filter(value)


@register.filter(name="highlight")
def highlight_filter(value: str, query: str):
    """`value` escaped, with the words of the search query marked (diacritics ignored)."""
    return highlight(str(value), query)


@register.simple_tag(name="read_beacon")
def read_beacon_tag(obj) -> SafeString:
    """The read counter of a public page (publishing.reads): nothing on a preview.

    A hidden marker with the item's type and id, and the small script that posts
    them once the page is shown; the same for every reader, so the page caches.
    """
    if obj is None or getattr(obj, "is_preview", False) or obj.pk is None:
        return SafeString("")
    return format_html(
        '<span hidden data-read-url="{}" data-read-type="{}" data-read-id="{}">'
        '</span><script src="{}" defer></script>',
        reverse("publishing:read"),
        obj._meta.label_lower,
        obj.pk,
        static("js/reads.js"),
    )
