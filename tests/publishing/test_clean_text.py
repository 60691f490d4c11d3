"""Text fit for every output (#12, point 5): control characters stripped on input,
feeds that escape defensively."""

import unicodedata
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from news.models import Article
from publishing.text import clean_text, xml_safe
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "multiline", "clean"),
    [
        ("Công đoàn\vTrường", False, "Công đoàn Trường"),  # Word's Shift+Enter
        ("Công đoàn\vTrường", True, "Công đoàn\nTrường"),
        ("dòng 1\r\ndòng 2\rdòng 3", True, "dòng 1\ndòng 2\ndòng 3"),
        ("a\u2028b\u2029c\x85d\x0ce", True, "a\nb\nc\nd\ne"),
        ("giữ\ttab", False, "giữ\ttab"),
        ("bỏ\x00\x01\x08\x1b\x7f\x9f hết", True, "bỏ hết"),
        ("không\ufffe\uffff ký tự", True, "không ký tự"),
        (unicodedata.normalize("NFD", "Công đoàn"), False, "Công đoàn"),
    ],
)
def test_clean_text_keeps_tab_and_newline_and_nothing_else_of_the_controls(
    raw, multiline, clean
):
    assert clean_text(raw, multiline=multiline) == clean
    assert clean_text(clean, multiline=multiline) == clean  # idempotent


def test_xml_safe_drops_only_what_xml_refuses():
    assert xml_safe("a\vb\x00c\td\ne\r\u2028") == "abc\td\ne\r\u2028"


def test_every_save_cleans_plain_text_fields_and_rich_text():
    article = ArticleFactory(
        title="Tiêu\vđề\x00", summary="Tóm\x0btắt\x01", body="<p>Nội\x0bdung\x02</p>"
    )
    article.refresh_from_db()
    assert article.title == "Tiêu đề"
    assert article.summary == "Tóm\ntắt"
    assert article.body == "<p>Nội\ndung</p>"
    Article.objects.filter(pk=article.pk).update(title="Sửa\vbằng update\x00")
    article.refresh_from_db()
    assert article.title == "Sửa bằng update"  # the field cleans what it is given


def test_a_character_reference_to_a_control_in_rich_text_is_dropped_too():
    article = ArticleFactory(body="<p>a&#11;b&#1;c</p>")
    article.refresh_from_db()
    assert "\x0b" not in article.body and "\x01" not in article.body


def _feeds(article: Article) -> list[str]:
    category = article.categories.first()
    return [
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("news:category_feed", args=[category.slug]),
        reverse("news:category_atom", args=[category.slug]),
        reverse("unit_news:rss", args=[article.unit.slug]),
        reverse("unit_news:atom", args=[article.unit.slug]),
        reverse("guidance:feed_rss"),
    ]


def test_a_vertical_tab_in_a_title_from_the_admin_leaves_every_feed_parseable(
    client, editor_client, unit_a
):
    category = CategoryFactory()
    url = reverse("admin:news_article_add")
    data = form_data(editor_client.get(url).text)
    data.update(
        title=["Hội thao\vCông đoàn Trường"],
        summary=["Tóm tắt\vhai dòng"],
        body=["<p>Nội dung</p>"],
        categories=[str(category.pk)],
        unit=[str(unit_a.pk)],
        intent=["publish"],
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.title == "Hội thao Công đoàn Trường"
    assert article.is_published
    for feed in _feeds(article):
        response = client.get(feed)
        assert response.status_code == 200, feed
        root = ElementTree.fromstring(response.content)
        if "tai-lieu" not in feed:  # the guidance feed holds documents, not news
            assert any("Hội thao Công đoàn Trường" in t for t in root.itertext())


def test_a_feed_survives_a_control_character_that_went_around_the_save(client, unit_a):
    # Rows written before #12, in SQL: today's fields would clean any ORM write.
    from django.db import connection

    article = ArticleFactory(
        title="Tin trước", unit=unit_a, categories=[CategoryFactory()]
    )
    document = DocumentFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_article SET title = %s, summary = %s WHERE id = %s",
            ["Tin\vcũ\x01", "Tóm\x0ctắt", article.pk],
        )
        cursor.execute(
            "UPDATE guidance_document SET title = %s WHERE id = %s",
            ["Văn\vbản", document.pk],
        )
    for feed in _feeds(article):
        response = client.get(feed)
        assert response.status_code == 200, feed
        root = ElementTree.fromstring(response.content)
        assert "\x0b" not in "".join(root.itertext())
    titles = [
        t.text
        for t in ElementTree.fromstring(
            client.get(reverse("news:feed_rss")).content
        ).iter("title")
    ]
    assert "Tincũ" in titles, titles  # what XML cannot carry is dropped
