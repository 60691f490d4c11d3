"""Rich text: the allow-list sanitiser, the model field that applies it, plain text.

Every rich-text column stores only what `sanitize_html` returns (DESIGN.md, invariant
4). The pipeline is: a structural pass with html.parser (CKEditor's YouTube oembeds
become privacy-enhanced iframes, other iframes and oembeds go, Word's conditional
blocks, comments and empty paragraphs go), then nh3, the security boundary, always
last. The two run until the output no longer changes, so sanitising is idempotent.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from .text import clean_text

YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"
YOUTUBE_EMBED_URL = "https://www.youtube-nocookie.com/embed/{id}"
_YOUTUBE_EMBED = re.compile(
    rf"^https://www\.youtube(?:-nocookie)?\.com/embed/(?P<id>{YOUTUBE_ID})(?:[?#].*)?$"
)
_YOUTUBE_PAGE = re.compile(
    r"^(?:https?:)?//(?:(?:www|m)\.)?(?:"
    rf"youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)|youtu\.be/)(?P<id>{YOUTUBE_ID})(?:[?&#/].*)?$"
)
_IMG_DATA_URL = re.compile(
    r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$"
)
_DIGITS = re.compile(r"^\d{1,4}$")
_SPAN = re.compile(r"^[1-9]\d?$")
# Anything a browser ignores inside a URL scheme: whitespace and control characters.
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img", "hr", "code", "pre", "iframe",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "iframe": {
        "src", "title", "width", "height", "allow", "allowfullscreen",
        "loading", "referrerpolicy",
    },
}  # fmt: skip
# Only the classes CKEditor 5's own content styles need to lay out its blocks.
IMAGE_STYLE_CLASSES = {
    "image-style-side", "image-style-align-left", "image-style-align-center",
    "image-style-align-right", "image-style-block-align-left",
    "image-style-block-align-right",
}  # fmt: skip
ALLOWED_CLASSES = {
    "figure": {"image", "table", "media"} | IMAGE_STYLE_CLASSES,
    "img": IMAGE_STYLE_CLASSES,  # CKEditor's inline images carry the style themselves
}
# Removed together with their content, not just unwrapped.
CLEAN_CONTENT_TAGS = {
    "script", "style", "title", "xml", "noscript", "noembed", "noframes", "template",
    "object", "embed", "applet", "svg", "math", "select", "textarea", "head",
}  # fmt: skip
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
IFRAME_ATTRS = {
    "title": "YouTube",
    "width": "560",
    "height": "315",
    "allow": "accelerometer; encrypted-media; gyroscope; picture-in-picture",
    "referrerpolicy": "strict-origin-when-cross-origin",
    "loading": "lazy",
}
_VOID = {"br", "hr", "img", "wbr", "area", "col", "embed", "input", "source", "meta"}
# Elements dropped when they hold nothing visible (Word leaves many empty paragraphs).
_DROP_WHEN_EMPTY = {"p", "figure", "h2", "h3", "h4"}
_CONTENT_TAGS = {"img", "iframe", "hr", "table"}


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube watch, short, embed or youtu.be URL, else None."""
    url = url.strip()
    match = _YOUTUBE_EMBED.match(url) or _YOUTUBE_PAGE.match(url)
    return match["id"] if match else None


def _url_scheme(value: str) -> str | None:
    match = _SCHEME.match(_URL_JUNK.sub("", value).lower())
    return match[1] if match else None


def _is_safe_href(value: str) -> bool:
    scheme = _url_scheme(value)
    if scheme is not None:
        return scheme in LINK_SCHEMES
    stripped = value.strip()
    # Same-site paths and fragments; "//host" is a scheme-relative off-site URL.
    return stripped.startswith(("/", "#")) and not stripped.startswith("//")


def _is_safe_img_src(value: str) -> bool:
    scheme = _url_scheme(value)
    if scheme in {"http", "https"}:
        return True
    if scheme == "data":
        return bool(_IMG_DATA_URL.match(value.strip()))
    return scheme is None and value.strip().startswith("/media/")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return value if _is_safe_href(value) else None
    if tag == "img" and attr == "src":
        return value if _is_safe_img_src(value) else None
    if tag == "iframe":
        if attr == "src":
            video = youtube_id(value)
            return YOUTUBE_EMBED_URL.format(id=video) if video else None
        if attr == "allowfullscreen":
            return ""
        return IFRAME_ATTRS.get(attr)
    if attr == "target":
        return value if value == "_blank" else None
    if attr in {"width", "height"}:
        return value if _DIGITS.match(value) else None
    if attr in {"colspan", "rowspan", "start"}:
        return value if _SPAN.match(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=LINK_SCHEMES | {"data"},
    url_relative="pass_through",
    allowed_classes=ALLOWED_CLASSES,
)


def _youtube_iframe(video: str) -> str:
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in IFRAME_ATTRS.items())
    src = YOUTUBE_EMBED_URL.format(id=video)
    return f'<iframe src="{src}"{attrs} allowfullscreen></iframe>'


class _Restructure(HTMLParser):
    """Re-serialise HTML with the structural fixes nh3 cannot express.

    Not a security boundary: its output always goes through nh3 afterwards.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        # One (tag, parts, has_content) frame per open element that may be dropped.
        self.stack: list[tuple[str, list[str], list[bool]]] = [("", [], [True])]
        self.skip_until: str | None = None  # inside an iframe/oembed being dropped
        self.in_word_block = 0  # inside Word's <![if !supportLists]>...<![endif]>
        self.in_pre = 0

    @property
    def out(self) -> list[str]:
        return self.stack[-1][1]

    def mark_content(self) -> None:
        self.stack[-1][2][0] = True

    def close_frame(self) -> None:
        tag, parts, has_content = self.stack.pop()
        if has_content[0]:
            self.out.extend(parts)
            self.out.append(f"</{tag}>")
            self.mark_content()

    def handle_starttag(self, tag, attrs):
        if self.skip_until or self.in_word_block:
            return
        attrs_map = {k: v or "" for k, v in attrs}
        if tag in {"iframe", "oembed"}:
            video = youtube_id(attrs_map.get("src" if tag == "iframe" else "url", ""))
            if video:
                self.out.append(_youtube_iframe(video))
                self.mark_content()
            self.skip_until = tag
            return
        if tag == "img" and not attrs_map.get("src"):
            return  # nothing to show once an unsafe src has been removed
        if tag in _DROP_WHEN_EMPTY:
            if tag == "p" and self.stack[-1][0] == "p":
                self.close_frame()  # an unclosed <p> ends where the next begins
            self.stack.append((tag, [], [False]))
        elif tag in _CONTENT_TAGS:
            self.mark_content()
        if tag == "pre":
            self.in_pre += 1
        rendered = "".join(
            f' {name}="{escape(value)}"' for name, value in attrs if value is not None
        )
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip_until:
            if tag == self.skip_until:
                self.skip_until = None
            return
        if self.in_word_block:
            return
        if tag in _DROP_WHEN_EMPTY:
            if any(frame[0] == tag for frame in self.stack[1:]):
                while self.stack[-1][0] != tag:
                    self.close_frame()
                self.close_frame()
            return
        if tag == "pre":
            self.in_pre = max(self.in_pre - 1, 0)
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip_until or self.in_word_block:
            return
        if data.replace("\xa0", " ").strip():
            self.mark_content()
        elif not self.in_pre and "\n" in data:
            # Blank lines left between dropped blocks: keep one line break.
            if self.out and self.out[-1] == "\n":
                return
            data = "\n"
        self.out.append(escape(data, quote=False))

    def unknown_decl(self, data):
        # Word's downlevel-revealed conditionals wrap list bullets: drop the bullet.
        lowered = data.strip().lower()
        if lowered.startswith("if"):
            self.in_word_block += 1
        elif lowered.startswith("endif") and self.in_word_block:
            self.in_word_block -= 1

    def result(self) -> str:
        self.close()
        while len(self.stack) > 1:
            self.close_frame()
        return "".join(self.out)


def _restructure(html: str) -> str:
    parser = _Restructure()
    parser.feed(html)
    return parser.result()


def sanitize_html(html: str) -> str:
    """Clean rich text with the allow-list; safe to mark safe in templates."""
    if not html:
        return ""
    current = html
    for _attempt in range(5):
        # Control characters too (nh3 keeps them), also those a &#11; reference
        # decodes to: rich text goes into feeds and e-mails as well (#12).
        cleaned = _CLEANER.clean(_restructure(clean_text(current))).strip()
        if cleaned == current:
            break
        current = cleaned
    return current


# -- what sanitising removed, told to the editor (#11) ---------------------------------
# Elements whose loss changes what readers see; unwrapped spans, divs and empty
# paragraphs are not worth a message. Embeds count together: a YouTube oembed
# becomes an iframe and is not a loss.
_REPORTED = {
    "embed": ("iframe", "oembed", "object", "embed", "applet", "video", "audio"),
    "img": ("img",),
    "link": ("a[href]",),
    "table": ("table",),
    "script": ("script", "noscript"),
    "style": ("style",),
    "form": ("form", "input", "button", "select", "textarea"),
    "svg": ("svg", "math"),
}
_REPORTED_LABELS = {
    "embed": _("khung nhúng (iframe, video): chỉ giữ video YouTube"),
    "img": _("ảnh có địa chỉ không an toàn"),
    "link": _("liên kết có địa chỉ không an toàn"),
    "table": _("bảng"),
    "script": _("đoạn mã (script)"),
    "style": _("định dạng CSS nhúng"),
    "form": _("ô nhập, nút bấm của biểu mẫu"),
    "svg": _("hình vẽ SVG, công thức"),
}


class _ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        key = tag
        if tag == "a":
            if not any(name == "href" and value for name, value in attrs):
                return
            key = "a[href]"
        if tag == "img" and not any(n == "src" and v for n, v in attrs):
            return
        self.counts[key] = self.counts.get(key, 0) + 1


def _element_counts(html: str) -> dict[str, int]:
    counter = _ElementCounter()
    counter.feed(html or "")
    counter.close()
    return {
        group: sum(counter.counts.get(tag, 0) for tag in tags)
        for group, tags in _REPORTED.items()
    }


def sanitize_removals(before: str, after: str) -> list[str]:
    """What readers would miss in `after` (the stored text) compared with `before`
    (what the editor submitted): "2 × bảng", one entry per kind of element lost."""
    had, kept = _element_counts(before), _element_counts(after)
    return [
        f"{had[group] - kept[group]} × {_REPORTED_LABELS[group]}"
        for group in _REPORTED
        if had[group] > kept[group]
    ]


_BLOCKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "table", "figure", "figcaption", "pre", "hr", "ul", "ol",
}  # fmt: skip
_INVISIBLE = {"script", "style", "title", "template", "noscript", "head", "iframe"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _INVISIBLE:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def richtext_to_text(html: str) -> str:
    """Plain text of rich text: one line per block, spaces collapsed, no markup.

    The result is text, not HTML: templates must still escape it.
    """
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


class RichTextField(models.TextField):
    """A TextField edited with CKEditor 5 whose value is sanitised on every save."""

    description = _("Văn bản định dạng (đã làm sạch)")

    def __init__(self, *args, config_name: str = "default", **kwargs):
        self.config_name = config_name
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.config_name != "default":
            kwargs["config_name"] = self.config_name
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = sanitize_html(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin hands every TextField subclass its plain textarea; the editor wins.
        widget = kwargs.get("widget")
        if isinstance(widget, type):
            widget = widget()
        if widget is None or isinstance(widget, forms.Textarea):
            kwargs["widget"] = CKEditor5Widget(config_name=self.config_name)
        return super().formfield(**kwargs)
