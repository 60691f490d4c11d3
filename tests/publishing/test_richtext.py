"""The rich-text sanitiser, its model field and plain-text extraction."""

import html
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django_ckeditor_5.widgets import CKEditor5Widget

from publishing.ckeditor import CKEDITOR_5_CONFIGS
from publishing.richtext import (
    RichTextField,
    richtext_to_text,
    sanitize_html,
    youtube_id,
)
from tests.publishing import content_model
from tests.publishing.xss_payloads import XSS_PAYLOADS

poster_model = content_model.poster_model  # the test model's fixture

FORBIDDEN_TAGS = {
    "script", "style", "object", "embed", "applet", "base", "link", "meta", "form",
    "input", "button", "select", "textarea", "svg", "math", "frame", "frameset",
    "template", "noscript", "body", "isindex", "details", "video", "audio", "source",
    "marquee", "div", "xss",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "background", "poster", "data", "cite",
    "xlink:href", "dynsrc", "lowsrc", "longdesc", "srcset", "url",
}  # fmt: skip
NOCOOKIE_EMBED = re.compile(r"^https://www\.youtube-nocookie\.com/embed/[\w-]{11}$")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see: entities decoded, blanks and controls gone."""
    value = re.sub(r"[\x00-\x20\x7f-\x9f]", "", html.unescape(value)).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", value)
    return match[1] if match else None


class InertChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"tag <{tag}>")
        if tag == "iframe" and not NOCOOKIE_EMBED.match(attrs.get("src") or ""):
            self.problems.append(f"iframe src {attrs.get('src')!r}")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "srcdoc", "id", "name"}:
                self.problems.append(f"attribute {name}")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                allowed_data = (
                    tag == "img" and name == "src" and DATA_IMAGE.match(value)
                )
                if scheme in {"javascript", "vbscript", "livescript"} or (
                    scheme == "data" and not allowed_data
                ):
                    self.problems.append(f"{name}={value!r}")

    handle_startendtag = handle_starttag


def problems_in(markup: str) -> list[str]:
    checker = InertChecker()
    checker.feed(markup)
    checker.close()
    if re.search(r"<\s*/?\s*script", markup, re.IGNORECASE):
        checker.problems.append("a script tag in the raw output")
    return checker.problems


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(XSS_PAYLOADS) >= 60


def test_the_checker_catches_what_it_is_meant_to_catch():
    # A checker that passes everything would make the corpus test worthless.
    assert problems_in("<a href='jav&#x09;ascript:x'>a</a>")
    assert problems_in("<img src=x onerror=alert(1)>")
    assert problems_in('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ">')
    assert problems_in('<p style="color:red">x</p>')
    assert problems_in("<a href=' DATA:text/html,x'>a</a>")
    assert problems_in("<script>x</script>")
    assert not problems_in('<img src="data:image/png;base64,iVBORw0KGgo=">')


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_inert_after_sanitising(payload):
    cleaned = sanitize_html(payload)
    assert problems_in(cleaned) == []
    assert sanitize_html(cleaned) == cleaned


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_inert_inside_a_real_article(payload):
    cleaned = sanitize_html(f"<p>Trước</p>{payload}<p>Sau</p>")
    assert problems_in(cleaned) == []


CKEDITOR_ARTICLE = """\
<h2>Hội nghị người lao động năm 2026</h2>
<p>Sáng <strong>26/5</strong>, <em>Công đoàn ĐHQG-HCM</em> tổ chức hội nghị \
<a href="https://vnuhcm.edu.vn/tin-tuc" target="_blank">(xem thêm)</a> và \
<a href="/cong-doan/gioi-thieu">trang giới thiệu</a>, liên hệ \
<a href="mailto:congdoan@vnuhcm.edu.vn">thư điện tử</a> hoặc \
<a href="tel:+842837242181">điện thoại</a>.</p>
<h3>Nội dung chính</h3>
<ul><li>Báo cáo tổng kết</li><li>Bầu <u>Ban chấp hành</u></li></ul>
<ol start="3"><li>Thảo luận</li><li>H<sub>2</sub>O và m<sup>2</sup></li></ol>
<blockquote><p>Đoàn kết – Sáng tạo – Phát triển.</p></blockquote>
<figure class="table"><table><thead><tr><th>Đơn vị</th><th colspan="2">Số đoàn viên</th>\
</tr></thead><tbody><tr><td rowspan="2">Trường ĐH Bách khoa</td><td>1.200</td>\
<td>95%</td></tr><tr><td>300</td><td>5%</td></tr></tbody></table>\
<figcaption>Bảng 1. Số liệu</figcaption></figure>
<figure class="image image-style-side"><img src="/media/editor/2026/05/hoi-nghi.jpg" \
alt="Toàn cảnh hội nghị" width="800" height="533"><figcaption>Toàn cảnh</figcaption></figure>
<figure class="image"><img src="https://cdn.example.edu.vn/a.webp" alt="Ảnh"></figure>
<hr>
<pre><code>Mã số: CĐ-2026</code></pre>
<p><s>Hủy</s> <i>nghiêng</i> <b>đậm</b><br>dòng mới</p>"""


def test_a_realistic_ckeditor_article_survives_intact():
    cleaned = sanitize_html(CKEDITOR_ARTICLE)
    expected = CKEDITOR_ARTICLE.replace(
        'target="_blank">', 'target="_blank" rel="noopener noreferrer">'
    )
    for href in ["/cong-doan/gioi-thieu", "mailto:congdoan@vnuhcm.edu.vn", "tel:+84"]:
        expected = re.sub(
            rf'(<a href="{re.escape(href)}[^"]*")>',
            r'\1 rel="noopener noreferrer">',
            expected,
        )
    assert cleaned == expected


def test_a_ckeditor_youtube_embed_becomes_a_privacy_enhanced_iframe():
    cleaned = sanitize_html(
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
        "</oembed></figure>"
    )
    assert cleaned.startswith(
        '<figure class="media"><iframe src="https://www.youtube-nocookie.com/embed/'
        'dQw4w9WgXcQ"'
    )
    assert "allowfullscreen" in cleaned
    assert "oembed" not in cleaned
    assert problems_in(cleaned) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=42",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
        "https://www.youtube.com/watch?app=desktop&v=dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ],
)
def test_youtube_urls_of_every_shape_give_the_video_id(url):
    assert youtube_id(url) == "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/123456",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
    ],
)
def test_non_youtube_urls_give_no_video_id(url):
    assert youtube_id(url) is None


def test_non_youtube_embeds_are_dropped_with_their_empty_figure():
    cleaned = sanitize_html(
        '<p>Trước</p><figure class="media"><oembed url="https://vimeo.com/1"></oembed>'
        '</figure><iframe src="https://maps.example/embed"></iframe><p>Sau</p>'
    )
    assert cleaned == "<p>Trước</p><p>Sau</p>"


def test_a_pasted_youtube_iframe_is_rewritten_to_the_canonical_embed():
    cleaned = sanitize_html(
        '<iframe width="1" src="https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1" '
        'allow="camera; microphone" title="x"></iframe>'
    )
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in cleaned
    assert "autoplay" not in cleaned
    assert "camera" not in cleaned


WORD_PASTE = """\
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><title>Tài liệu</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>
<![endif]--><style>p.MsoNormal {mso-style-parent:""; margin:0cm;}</style></head>
<body lang=VI style='tab-interval:36.0pt'>
<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span lang=VI \
style='font-size:14.0pt;font-family:"Times New Roman",serif;mso-fareast-language:VI'>\
THÔNG BÁO<o:p></o:p></span></b></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><span style='mso-spacerun:yes'>&nbsp;</span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>\
<![if !supportLists]><span style='font-family:Symbol'>·<span \
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>\
<span lang=VI>Đoàn viên đăng ký trước ngày 30/5.<o:p></o:p></span></p>
<p class=MsoNormal align=center style='text-align:center'><span class=SpellE>Trân</span> \
trọng<o:p></o:p></p>
</body></html>"""


def test_word_paste_is_cleaned_down_to_its_text_and_emphasis():
    cleaned = sanitize_html(WORD_PASTE)
    assert cleaned == (
        "<p><b>THÔNG BÁO</b></p>\n<p>Đoàn viên đăng ký trước ngày 30/5.</p>\n"
        "<p>Trân trọng</p>"
    )


@pytest.mark.parametrize(
    "fragment", ["mso", "o:p", "<span", "class=", "style", "<!--", "Normal", "·"]
)
def test_word_paste_leaves_none_of_words_markup(fragment):
    assert fragment not in sanitize_html(WORD_PASTE)


@pytest.mark.parametrize(
    "markup",
    [CKEDITOR_ARTICLE, WORD_PASTE, "<p>a<p>b", "<p>&nbsp;</p>x", "<b>a<i>b</b>c"],
)
def test_sanitising_twice_changes_nothing(markup):
    once = sanitize_html(markup)
    assert sanitize_html(once) == once


def test_sanitize_html_of_nothing_is_empty():
    assert sanitize_html("") == ""
    assert sanitize_html("<p>&nbsp;</p><p> </p>") == ""


def test_unknown_classes_go_and_ckeditor_layout_classes_stay():
    cleaned = sanitize_html(
        '<figure class="image image-style-align-left evil"><img src="/media/a.png" '
        'class="image-style-align-left x" alt="a"></figure>'
    )
    assert cleaned == (
        '<figure class="image image-style-align-left"><img src="/media/a.png" '
        'class="image-style-align-left" alt="a"></figure>'
    )


def test_images_only_come_from_the_web_our_media_or_inline_raster_data():
    cleaned = sanitize_html(
        '<img src="/static/x.png" alt="a"><img src="../media/x.png" alt="b">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="c">'
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d">'
    )
    assert cleaned == '<img src="data:image/png;base64,iVBORw0KGgo=" alt="c">'


def test_links_keep_only_the_blank_target():
    cleaned = sanitize_html('<a href="https://a.vn" target="_top">a</a>')
    assert cleaned == '<a href="https://a.vn" rel="noopener noreferrer">a</a>'


def test_richtext_to_text_gives_one_line_per_block():
    text = richtext_to_text(CKEDITOR_ARTICLE)
    lines = text.splitlines()
    assert lines[0] == "Hội nghị người lao động năm 2026"
    assert lines[1].startswith("Sáng 26/5, Công đoàn ĐHQG-HCM tổ chức hội nghị")
    assert "Trường ĐH Bách khoa 1.200 95%" in lines
    assert "<" not in text


def test_richtext_to_text_decodes_entities_and_hides_code():
    text = richtext_to_text(
        "<p>An&nbsp;toàn &amp; vệ sinh &lt;lao động&gt;</p><script>alert(1)</script>"
        "<style>p{}</style>"
    )
    assert text == "An toàn & vệ sinh <lao động>"


def test_richtext_field_sanitises_in_pre_save():
    field = RichTextField()
    field.set_attributes_from_name("body")
    instance = SimpleNamespace(body='<p onclick="x()">Xin chào</p><script>x</script>')
    assert field.pre_save(instance, add=True) == "<p>Xin chào</p>"
    assert instance.body == "<p>Xin chào</p>"


@pytest.mark.django_db
def test_richtext_field_stores_clean_html_whatever_the_save_path(poster_model):
    poster = poster_model.objects.create(
        body='<p style="x">Tin <img src=x onerror=y></p>'
    )
    stored = poster_model.objects.values_list("body", flat=True).get(pk=poster.pk)
    assert stored == "<p>Tin </p>"
    assert poster.body == stored


def test_richtext_field_edits_with_ckeditor_even_in_the_admin(poster_model):
    field = poster_model._meta.get_field("body")
    assert isinstance(field.formfield().widget, CKEditor5Widget)
    model_admin = admin.ModelAdmin(poster_model, admin.site)
    form_field = model_admin.formfield_for_dbfield(field, request=None)
    assert isinstance(form_field.widget, CKEditor5Widget)


def test_richtext_field_deconstructs_for_migrations():
    name, path, args, kwargs = RichTextField(blank=True).deconstruct()
    assert path == "publishing.richtext.RichTextField"
    assert "config_name" not in kwargs
    _, _, _, kwargs = RichTextField(config_name="simple").deconstruct()
    assert kwargs["config_name"] == "simple"
    assert RichTextField(**kwargs).config_name == "simple"


def test_ckeditor_config_speaks_vietnamese_with_the_tools_we_keep():
    config = CKEDITOR_5_CONFIGS["default"]
    assert config["language"] == "vi"
    items = config["toolbar"]["items"]
    for tool in ["heading", "bold", "italic", "link", "bulletedList", "numberedList",
                 "blockQuote", "insertTable", "imageUpload", "mediaEmbed", "undo",
                 "redo", "removeFormat"]:  # fmt: skip
        assert tool in items
    assert "imageTextAlternative" in config["image"]["toolbar"]


def test_the_ckeditor_widget_renders_our_config(settings):
    settings.CKEDITOR_5_CONFIGS = CKEDITOR_5_CONFIGS
    markup = (
        RichTextField()
        .formfield()
        .widget.render("body", "<p>Xin chào</p>", attrs={"id": "id_body"})
    )
    script = re.search(
        r'<script id="id_body_script" type="application/json">(.*?)</script>', markup
    )
    config = json.loads(script[1])
    assert config["language"] == "vi"
    assert [o["title"] for o in config["heading"]["options"]] == [
        "Đoạn văn", "Tiêu đề cấp 2", "Tiêu đề cấp 3", "Tiêu đề cấp 4",
    ]  # fmt: skip
