"""Slugs the admin fills in as a title is typed are the server's slugify_vi (#11).

Django's urlify.js turns "Đảng ủy" into "djng-y" and drops English stop words;
static/admin/js/urlify.js replaces it. Every admin with prepopulated_fields is
found from the registry, so one registered tomorrow is typed into too.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from publishing.text import slugify_vi
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = [
    "Đảng ủy, Ban Giám đốc ĐHQG-HCM",
    "Công đoàn Trường Đại học Bách khoa",
    "Hội nghị Người lao động năm 2027: tổng kết & phương hướng",
    "Ngày Quốc tế Phụ nữ 8/3",
    "Tháng Công nhân — ưu đãi cho đoàn viên",
    "  Khuyến học   khuyến tài  ",
    "Ô tô, Ơn nghĩa, Ưu tiên, Ấp, Ỷ lại, Ỵ",
    "A day at the office of the union",  # Django's urlify dropped "a", "at", "the", "of"
    "Nữ công ½ ① ＡＢＣ",  # compatibility forms fold as in Python (NFKD)
    "Chương trình hành động của Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh "
    "nhiệm kỳ 2023–2028 về chuyển đổi số",  # longer than 80: cut on a word
    "Siêu-dài-" + "x" * 120,  # one word longer than the field: cut hard
    "!!! ??? …",  # nothing to slug
]


def prepopulated_admins():
    """(model, slug field, source fields) for every admin that fills a slug."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for slug, sources in model_admin.prepopulated_fields.items():
            found.append((model, slug, tuple(sources)))
    return sorted(found, key=lambda row: row[0]._meta.label)


def test_some_admin_fills_a_slug():
    assert prepopulated_admins(), "no admin uses prepopulated_fields any more"


@pytest.mark.parametrize(
    "model,slug,sources",
    prepopulated_admins(),
    ids=[f"{m._meta.label}.{s}" for m, s, _ in prepopulated_admins()],
)
def test_typed_titles_give_the_servers_slug(
    page, live_server, admin_user, model, slug, sources
):
    opts = model._meta
    max_length = opts.get_field(slug).max_length
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.goto(
        live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    )
    source = page.locator(f"#id_{sources[0]}")
    target = page.locator(f"#id_{slug}")
    typed, expected = {}, {}
    for title in TITLES:
        source.fill("")
        source.press_sequentially(title)
        source.press("Tab")  # leaving the box, as people do, fires "change"
        # The box may hold less than was typed (its maxlength): slug what it holds.
        held = source.input_value()
        typed[title] = target.input_value()
        expected[title] = slugify_vi(held, max_length=max_length)
    assert typed == expected
    assert typed["Đảng ủy, Ban Giám đốc ĐHQG-HCM"] == "dang-uy-ban-giam-doc-dhqg-hcm"
    assert (
        typed["A day at the office of the union"] == "a-day-at-the-office-of-the-union"
    )
    assert_accessible(page)
