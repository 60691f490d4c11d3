"""The public news pages: content, previews, fixed query counts, feeds, sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from news.models import Article
from publishing.workflow import Intent, content_save
from tests.news.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.units.factories import UnitFactory, editor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(name="Đời sống đoàn viên", slug="doi-song-doan-vien")


def make_articles(count, *, category, unit=None):
    articles = [
        ArticleFactory(categories=[category], unit=unit, on_home=True)
        for _ in range(count)
    ]
    articles[0].tags.add(TagFactory())
    return articles


PAGES = {
    "home": lambda a, c: "/",
    "list": lambda a, c: reverse("news:article_list"),
    "list page 2": lambda a, c: reverse("news:article_list") + "?trang=2",
    "category": lambda a, c: c.get_absolute_url(),
    "article": lambda a, c: a.get_absolute_url(),
    "search": lambda a, c: reverse("search") + "?q=hoi+nghi",
    "unit news": lambda a, c: reverse("unit_news:list", kwargs={"slug": a.unit.slug}),
}


@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_the_same_few_queries_at_any_size(
    client, category, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit = UnitFactory()
    counts = []
    for size in (3, 40):
        articles = make_articles(size, category=category, unit=unit)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PAGES[page](articles[0], category))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10


def test_home_shows_featured_categories_and_units_latest(client, category):
    unit = UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    featured = ArticleFactory(title="Tin nổi bật nhất", featured=True, on_home=True)
    office = ArticleFactory(title="Tin văn phòng", categories=[category], on_home=True)
    unit_approved = ArticleFactory(title="Tin đơn vị đã duyệt", unit=unit, on_home=True)
    ArticleFactory(title="Tin đơn vị chưa duyệt", unit=unit)
    response = client.get("/")
    text = response.text
    assert featured.title in text
    assert office.title in text and "Đời sống đoàn viên" in text
    assert unit_approved.title in text
    assert "Tin đơn vị chưa duyệt" not in text


def test_article_page_has_share_links_meta_and_structured_data(client, category):
    article = ArticleFactory(
        title="Hội thao CNVC-LĐ năm 2026",
        summary="Sôi nổi hội thao.",
        categories=[category],
    )
    related = ArticleFactory(title="Giải bóng đá đoàn viên", categories=[category])
    text = client.get(article.get_absolute_url()).text
    assert '<meta property="og:title" content="Hội thao CNVC-LĐ năm 2026">' in text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/tin-tuc/' in text
    assert '"@type": "NewsArticle"' in text
    assert "https://www.facebook.com/sharer/sharer.php?u=" in text
    assert related.title in text  # related articles


def test_unpublished_article_is_404_to_public_and_a_preview_to_its_editors(
    client, unit_a, unit_b
):
    draft = ArticleFactory(unit=unit_a, intent=Intent.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor_of(unit_b))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor_of(unit_a))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Bản xem trước" in response.text
    assert "private" in response.headers["Cache-Control"]


def test_archived_article_disappears(client):
    article = ArticleFactory()
    content_save(obj=article, intent=Intent.ARCHIVE)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_list_paginates_and_out_of_range_pages_do_not_fail(client, category):
    make_articles(15, category=category)
    assert "Trang 1/2" in client.get(reverse("news:article_list")).text
    for page in ["2", "999", "abc", "-1"]:
        assert (
            client.get(reverse("news:article_list"), {"trang": page}).status_code == 200
        )


@pytest.mark.parametrize(
    "feed", ["news:feed_rss", "news:feed_atom"], ids=["rss", "atom"]
)
def test_feeds_are_valid_xml_with_the_latest_articles(client, feed):
    ArticleFactory(title="Tin cho RSS & Atom <đặc biệt>")
    response = client.get(reverse(feed))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert "Tin cho RSS &amp; Atom" not in root.itertext()
    assert any("Tin cho RSS & Atom <đặc biệt>" in t for t in root.itertext())


def test_category_and_unit_feeds(client, category):
    unit = UnitFactory()
    ArticleFactory(title="Tin của chuyên mục", categories=[category])
    ArticleFactory(title="Tin của đơn vị", unit=unit)
    text = client.get(reverse("news:category_feed", args=[category.slug])).text
    assert "Tin của chuyên mục" in text and "Tin của đơn vị" not in text
    text = client.get(reverse("unit_news:rss", args=[unit.slug])).text
    assert "Tin của đơn vị" in text and "Tin của chuyên mục" not in text
    assert (
        client.get(reverse("news:category_feed", args=["khong-co"])).status_code == 404
    )


def test_sitemap_lists_published_articles_only(client):
    published = ArticleFactory()
    draft = ArticleFactory(intent=Intent.DRAFT)
    text = client.get("/sitemap.xml").text
    assert published.get_absolute_url() in text
    assert draft.get_absolute_url() not in text


def test_robots_points_to_the_sitemap(client):
    assert (
        "Sitemap: http://127.0.0.1:8000/sitemap.xml" in client.get("/robots.txt").text
    )


def test_reading_an_article_counts_a_view(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'data-read-type="news.article"' in page
    response = client.post(
        reverse("publishing:read"),
        {"t": "news.article", "i": article.pk},
        HTTP_USER_AGENT=f"Mozilla/5.0 {article.pk}-{article.created_at.timestamp()}",
    )
    assert response.status_code == 204
    article.refresh_from_db()
    assert article.view_count == 1


def test_cover_requires_alt_text():
    from django.core.exceptions import ValidationError

    article = Article(title="Có ảnh", body="<p>x</p>", cover="news/covers/x.jpg")
    with pytest.raises(ValidationError) as error:
        content_save(obj=article, intent=Intent.DRAFT)
    assert "Hãy mô tả ảnh bìa" in str(error.value)
