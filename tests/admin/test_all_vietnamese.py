"""No English in the admin: every page of every admin, for every role, in Vietnamese.

For each role (superuser, office staff who are not superusers, a CĐCS editor) the
crawl opens the index, each app's page, password change, and for every registered
ModelAdmin the changelist (plain and with an empty search), the add page (blank
and posted empty, to show the error messages), and a row's change, history,
simple-history "revert" and delete-confirmation pages; signed out, the login and
logged-out pages. The visible text (text nodes, titles, labels, placeholders,
button values) must contain no msgid of Django's admin, auth, contenttypes and
core catalogues or of django-simple-history's that renders untranslated, and never
the word "worker", nor a Python value printed as is ("True", "None") (#11).
A model registered tomorrow is crawled without new code.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
import simple_history
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.admin.test_round_trip import ADMINS, _user_for, admin_url, row_for
from tests.support import admin_values

pytestmark = pytest.mark.django_db

ROLES = ("superuser", "office", "editor")
DJANGO_DIR = Path(django.__file__).parent
CATALOGUES = [
    DJANGO_DIR / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    DJANGO_DIR / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    DJANGO_DIR / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
    DJANGO_DIR / "conf/locale/en/LC_MESSAGES/django.po",
    # simple-history ships no English catalogue: every locale's msgids together.
    *sorted((Path(simple_history.__file__).parent / "locale").glob("*/*/django.po")),
]
# Messages whose Vietnamese is the same text (abbreviations, symbols, formats).
SAME_IN_VIETNAMESE = {
    "IPv4",
    "IPv6",
    "JSON",
    "URL",
    "OK",
    "%s KB",
    "%s MB",
    "%s GB",
    "%s TB",
    "%s PB",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
WORKER = re.compile(r"\bworkers?\b", re.IGNORECASE)
# Python values printed as they are, e.g. the alt text of Django's yes/no icons.
PYTHON_VALUES = re.compile(r"(?:^|¶ )(True|False|None)(?= ¶|$)")
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
BUTTON_TYPES = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """What a reader (or a screen reader) gets from a page, one segment per node."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attrs = dict(attrs)
        for name in VISIBLE_ATTRIBUTES & attrs.keys():
            self.segments.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in BUTTON_TYPES:
            self.segments.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.segments.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ¶ ".join(parser.segments)


@cache
def english_messages() -> dict[str, re.Pattern]:
    """Every msgid (and plural) of the catalogues, as a pattern over visible text.

    Left out: messages with nothing to read ("%(a)s, %(b)s"), those that read the
    same in Vietnamese, and those whose Vietnamese keeps the word ("salt": "Mã salt").
    """
    patterns = {}
    with translation.override("vi"):
        for path in CATALOGUES:
            for entry in polib.pofile(str(path)):
                for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                    text = " ".join(TAG.sub("", msgid).split())
                    literal = PLACEHOLDER.sub("", text)
                    if not re.search(r"[A-Za-z]{2}", literal):
                        continue
                    if text in SAME_IN_VIETNAMESE or text in patterns:
                        continue
                    vietnamese = gettext(entry.msgid)
                    if vietnamese != entry.msgid and text in vietnamese:
                        continue
                    parts = [re.escape(p) for p in PLACEHOLDER.split(text)]
                    body = r"[^¶]+?".join(parts)
                    patterns[text] = re.compile(rf"(?<![\w]){body}(?![\w])")
    return patterns


def english_on(html: str) -> set[str]:
    """The msgids found in the page's visible text, longest match only: "Change
    history: %s" is reported, not also the "Change" inside it."""
    text = visible_text(html)
    spans = [
        (match.start(), match.end(), msgid)
        for msgid, pattern in english_messages().items()
        for match in pattern.finditer(text)
    ]
    found = {
        msgid
        for start, end, msgid in spans
        if not any(
            s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans
        )
    }
    found.update(m.group(0) for m in WORKER.finditer(text))
    found.update(m.group(1) for m in PYTHON_VALUES.finditer(text))
    return found


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def admin_pages(model, obj):
    """The GET pages of one admin: changelist, add, and a row's own pages."""
    pages = [admin_url(model, "changelist"), admin_url(model, "add")]
    if pages[0]:
        pages.append(pages[0] + "?q=kh%C3%B4ng-c%C3%B3-g%C3%AC")
    if obj is not None:
        pages += [
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
            admin_url(model, "delete", obj.pk),
        ]
        history = getattr(obj, "history", None)
        record = history.first() if history is not None else None
        if record is not None:
            pages.append(admin_url(model, "simple_history", obj.pk, record.pk))
    return [page for page in pages if page]


def crawl(client, ctx) -> dict[str, set[str]]:
    """English found on each page the role can open (403s and 404s are skipped)."""
    found: dict[str, set[str]] = {}

    def visit(url, method="get"):
        response = getattr(client, method)(url)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            leaks = english_on(response.content.decode())
            if leaks:
                found[f"{method.upper()} {url}"] = leaks
        return response

    visit(reverse("admin:index"))
    visit(reverse("admin:password_change"))
    visit(reverse("admin:password_change_done"))
    for app_label in sorted({m._meta.app_label for m in ADMINS}):
        visit(reverse("admin:app_list", args=[app_label]))
    for model in ADMINS:
        can_open = admin_url(model, "change", 1) is not None
        obj = row_for(model, ctx) if can_open else None
        for page in admin_pages(model, obj):
            visit(page)
        if admin_url(model, "add"):
            visit(admin_url(model, "add"), "post")  # the errors of an empty form
    user_password = _url("admin:auth_user_password_change", ctx.user.pk)
    if user_password:
        visit(user_password)
    return found


def _format(found) -> str:
    return "\n".join(
        f"{page}: {sorted(leaks)}" for page, leaks in sorted(found.items())
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_is_vietnamese_for_the_role(role, unit_a):
    user = _user_for(role, unit_a)
    client = Client()
    client.force_login(user)
    ctx = admin_values.Context(role=role, user=user, unit=unit_a)
    found = crawl(client, ctx)
    assert found == {}, "English on the admin:\n" + _format(found)


@pytest.mark.parametrize("role", ["superuser", "office"])
def test_permission_names_read_in_vietnamese(role, unit_a):
    """Django stores "Can add bài viết"; editable (superuser) or shown read-only
    (office staff), a user's and a group's permissions read in Vietnamese."""
    from django.contrib.auth.models import Group, Permission

    user = _user_for(role, unit_a)
    client = Client()
    client.force_login(user)
    ctx = admin_values.Context(role=role, user=user, unit=unit_a)
    person = row_for(get_user_model(), ctx)
    add_article = Permission.objects.get(codename="add_article")
    person.user_permissions.add(add_article)
    group = Group.objects.create(name="Biên tập viên thử")
    group.permissions.add(add_article)
    pages = [admin_url(get_user_model(), "change", person.pk)]
    if role == "superuser":
        pages.append(admin_url(Group, "change", group.pk))
    for page in pages:
        html = client.get(page).content.decode()
        assert "Được thêm bài viết" in html, page
        assert english_on(html) == set(), page


def test_signed_out_pages_are_vietnamese(client, office_staff):
    found = {}
    for url, method in [
        (reverse("admin:login"), "get"),
        (reverse("admin:login"), "post"),  # "Please enter the correct username..."
        (reverse("admin:logout"), "post"),
        (reverse("admin:password_change"), "get"),  # redirects to login
    ]:
        response = getattr(client, method)(url, follow=True)
        leaks = english_on(response.content.decode())
        if leaks:
            found[f"{method} {url}"] = leaks
    assert found == {}, _format(found)


def test_the_crawl_sees_english_when_there_is_some():
    html = (
        '<a href="#content" class="skip-to-content-link">Skip to main content</a>'
        '<button title="Toggle theme (current theme: auto)"></button>'
        "<p>Please correct the errors below.</p><p>Change history: Bài viết</p>"
        '<input type="submit" value="Tiến trình nền worker">'
        '<img src="/static/admin/img/icon-no.svg" alt="False">'
        "<script>var s = 'Show counts';</script>"
    )
    assert english_on(html) == {
        "Skip to main content",
        "Toggle theme (current theme: auto)",
        "Please correct the errors below.",
        "Change history: %s",
        "worker",
        "False",
    }


def test_every_admin_javascript_message_has_vietnamese(office_client):
    """The calendar, the clock and the two-box selector speak through jsi18n."""
    import json

    response = office_client.get(reverse("admin:jsi18n"))
    body = response.content.decode()
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});\n\s*for", body, re.S)[1]
    )
    english = polib.pofile(
        str(DJANGO_DIR / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po")
    )
    missing = []
    for entry in english:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if not catalog.get(key):
            missing.append(entry.msgid)
    assert missing == []
