"""Template context every page needs; no database queries here."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The site's sections in menu order; a section appears once its app is installed.
SITE_SECTIONS = [
    ("news:article_list", _("Tin tức")),
    ("guidance:document_list", _("Tài liệu")),
    ("units:unit_list", _("Công đoàn cơ sở")),
    ("campaigns:event_list", _("Sự kiện")),
    ("consultation:question_list", _("Hỏi đáp")),
    ("handbook:index", _("Sổ tay")),
    ("search", _("Tìm kiếm")),
]


def _sections():
    sections = []
    for url_name, label in SITE_SECTIONS:
        try:
            sections.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return sections


def organization(request):
    return {
        "organization": settings.ORGANIZATION,
        "site_url": settings.SITE_URL,
        "site_sections": _sections(),
        # Each language named in itself, as settings spell it: Django's own names
        # are translated ("Tiếng Anh") or not in NFC ("Tiếng Việt" from LANG_INFO).
        "site_languages": settings.LANGUAGES,
    }
