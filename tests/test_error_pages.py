"""400, 403, 404, 500 and a refused form: Vietnamese, in the site's chrome (#11)."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ERROR_URLS = "tests.support.error_urls"


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = ERROR_URLS
    settings.DEBUG = False


def assert_site_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "Bỏ qua, đến nội dung chính" in html  # the site's header...
    assert 'aria-label="Điều hướng chính"' in html
    assert "<footer" in html  # ...and footer
    assert 'name="robots" content="noindex"' in html


@pytest.mark.parametrize(
    "url,status,heading",
    [
        ("/loi/400/", 400, "Yêu cầu không hợp lệ"),
        ("/loi/403/", 403, "Không có quyền truy cập"),
        ("/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
    ],
)
def test_error_pages_are_vietnamese_in_the_sites_chrome(
    client, error_urls, url, status, heading
):
    assert_site_page(client.get(url), status, heading)


def test_the_404_page_is_english_for_who_chose_english(client, error_urls):
    client.cookies["lang"] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert "Không tìm thấy trang" not in response.content.decode()


def test_the_503_page_renders_with_the_database_down(error_urls, monkeypatch):
    """Every connection attempt fails, as when PostgreSQL is gone: the page still
    comes, in the site's chrome from settings alone, and only the failing view asked
    the database; a lost database says "nothing was saved, try again" (503)."""
    attempts = []

    def refuse(self):
        attempts.append(self.alias)
        raise OperationalError("connection refused (test)")

    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-be-asked-for"
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/loi/co-so-du-lieu/")
    monkeypatch.undo()
    assert attempts == ["default"]
    assert_site_page(response, 503, "Hệ thống tạm gián đoạn")
    assert "chưa có gì được lưu" in response.content.decode()
    assert response["Retry-After"] == "5"


def test_the_500_page_renders_with_the_database_down(error_urls, monkeypatch):
    """A view that fails for another reason while the database is gone: the 500
    page is built from settings alone (no session, no user, no messages)."""
    attempts = []

    def refuse(self):
        attempts.append(self.alias)
        raise OperationalError("connection refused (test)")

    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-be-asked-for"
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/loi/500/")
    monkeypatch.undo()
    assert attempts == []
    assert_site_page(response, 500, "Hệ thống đang gặp sự cố")
    assert "Bạn vui lòng thử lại sau ít phút." in response.content.decode()


def test_a_form_refused_for_its_token_says_why_in_vietnamese(office_staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("admin:login"), {"username": "vanphong.test", "password": "x"}
    )
    assert_site_page(response, 403, "Biểu mẫu đã hết hạn")
    html = response.content.decode()
    assert "tải lại trang" in html
    assert "Nếu bạn đã tắt cookie, hãy bật lại cho trang này." in html
    assert "CSRF verification failed" not in html
