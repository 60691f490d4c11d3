"""Site search: diacritics and case ignored, ranked, highlighted, safe with odd input."""

import pytest
from django.urls import reverse

from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [a.title for a in response.context["page"]]


@pytest.fixture
def articles():
    return [
        ArticleFactory(
            title="Công đoàn ĐHQG-HCM tổ chức Đại hội", summary="Đại hội lần thứ VII."
        ),
        ArticleFactory(
            title="Hội thao truyền thống", body="<p>Do công đoàn cơ sở tổ chức.</p>"
        ),
        ArticleFactory(title="Chăm lo Tết cho đoàn viên", summary="Quà Tết."),
    ]


@pytest.mark.parametrize("query", ["cong doan", "CÔNG ĐOÀN", "Công Đoàn", "cÔng ĐoAn"])
def test_search_ignores_diacritics_and_case(client, articles, query):
    response = client.get(reverse("search"), {"q": query})
    assert set(titles(response)) == {articles[0].title, articles[1].title}


def test_dai_hoi_finds_dai_hoi_with_d_stroke(client, articles):
    response = client.get(reverse("search"), {"q": "dai hoi"})
    assert titles(response) == [articles[0].title]


def test_exact_phrase_in_the_title_ranks_first(client, articles):
    response = client.get(reverse("search"), {"q": "cong doan"})
    assert titles(response)[0] == articles[0].title


def test_matches_are_highlighted_and_escaped(client):
    ArticleFactory(title="Công đoàn <script>alert(1)</script>")
    text = client.get(reverse("search"), {"q": "cong doan"}).text
    assert "<mark>Công</mark> <mark>đoàn</mark>" in text
    assert "<script>alert(1)</script>" not in text


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 1000, "%_", "' OR 1=1 --"])
def test_odd_queries_get_a_helpful_page(client, articles, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert "Tìm kiếm" in response.text


def test_a_very_long_query_says_it_was_shortened(client, articles):
    response = client.get(reverse("search"), {"q": "cong doan " * 100})
    assert "chỉ 200 ký tự đầu" in response.text


def test_drafts_are_not_found(client):
    from publishing.workflow import Intent

    ArticleFactory(title="Bản nháp công đoàn", intent=Intent.DRAFT)
    assert titles(client.get(reverse("search"), {"q": "ban nhap"})) == []


def test_site_search_also_lists_answered_questions_and_public_documents(client):
    from tests.consultation.factories import published
    from tests.guidance.factories import DocumentFactory

    published(body="Chế độ thai sản của đoàn viên nam?")
    DocumentFactory(title="Hướng dẫn chế độ thai sản năm 2026")
    text = client.get(reverse("search"), {"q": "thai san"}).text
    assert "Chế độ thai sản của đoàn viên nam?" in text
    assert "Hướng dẫn chế độ thai sản năm 2026" in text


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Đại hội Công đoàn", "dai hoi", "<mark>Đại</mark> <mark>hội</mark> Công đoàn"),
        ("Công đoàn <b>", "cong", "<mark>Công</mark> đoàn &lt;b&gt;"),
        ("congdoan", "cong congd", "<mark>congd</mark>oan"),
        ("Không có", "xyz", "Không có"),
    ],
)
def test_highlight_marks_folded_matches_and_escapes_the_rest(text, query, expected):
    from publishing.search import highlight

    assert highlight(text, query) == expected


def test_next_page_link_keeps_the_search_words(client):
    for i in range(12):
        ArticleFactory(title=f"Hội thao công đoàn {i}")
    text = client.get(reverse("search"), {"q": "hoi thao"}).text
    assert 'href="?q=hoi+thao&amp;trang=2"' in text
