"""A small site with one of every public page, for the Redis outage tests."""

from tests.consultation.factories import published
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory
from tests.units.factories import UnitFactory, UnitPageFactory

GRASSROOTS_UNITS = 4


def public_pages() -> dict[str, str]:
    """Make the content; return every kind of public page by name -> URL."""
    units = [UnitFactory() for _ in range(GRASSROOTS_UNITS)]
    article = ArticleFactory(title="Hội nghị đại biểu công chức viên chức năm 2026")
    page = UnitPageFactory(unit=units[0], title="Giới thiệu công đoàn cơ sở")
    document = DocumentFactory(title="Hướng dẫn tổ chức Tháng Công nhân")
    faq = published()
    return {
        "home": "/",
        "news list": "/tin-tuc/",
        "article": article.get_absolute_url(),
        "search": "/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B",
        "guidance list": "/tai-lieu/",
        "guidance document": document.get_absolute_url(),
        "CĐCS list": "/cdcs/",
        "CĐCS page": units[0].get_absolute_url(),
        "CĐCS sub-page": page.get_absolute_url(),
        "FAQ": "/hoi-dap/",
        "FAQ entry": faq.get_absolute_url(),
    }
