"""The handbook on a phone: contents, a section, then read again without a network."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.handbook.factories import SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEPT_PAGES = """async () => {
  const cache = await caches.open("so-tay-v1");
  return (await cache.keys()).map((request) => new URL(request.url).pathname);
}"""


def test_a_member_reads_the_handbook_then_reloads_it_offline(phone_page, live_server):
    chapter = SectionFactory(
        title="Đoàn viên công đoàn", order=1, body="<p>Mở đầu.</p>"
    )
    section = SectionFactory(
        title="Quyền của đoàn viên",
        parent=chapter,
        body="<p>Được Công đoàn đại diện, bảo vệ quyền lợi của người lao động.</p>",
    )
    other = SectionFactory(title="Công tác truyền thông", order=2)
    page = phone_page
    page.goto(live_server.url + "/so-tay/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sổ tay công đoàn"
    assert page.get_by_role("heading", name="Mục lục").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

    page.get_by_role("link", name="1.1 Quyền của đoàn viên").click()
    page.wait_for_url(f"**{section.get_absolute_url()}")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Quyền của đoàn viên")
    )
    assert page.get_by_text("Cập nhật ngày").is_visible()
    assert_accessible(page)

    # Once the worker controls the page and has kept it (and the pages it links to).
    page.wait_for_function("document.documentElement.dataset.offlineReady === 'true'")
    page.wait_for_function(
        f"""async () => {{
          const kept = await ({KEPT_PAGES})();
          return ["{section.get_absolute_url()}", "{other.get_absolute_url()}",
                  "/so-tay/"].every((path) => kept.includes(path));
        }}"""
    )
    page.context.set_offline(True)
    page.reload()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Quyền của đoàn viên")
    )
    assert page.get_by_text("Bạn đang ngoại tuyến").is_visible()
    # The styles came from the kept copy too.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.handbook')).fontFamily"
    ).startswith('"Noto Serif"')
    # Another page of the contents, never opened, reads offline as well.
    page.get_by_role("link", name="Sổ tay công đoàn").first.click()
    page.get_by_role("link", name="2 Công tác truyền thông").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Công tác truyền thông")
    )
    page.context.set_offline(False)
