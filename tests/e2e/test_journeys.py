"""One journey per role through the `make run` stack, in a Vietnamese chromium (#11).

Office staff write an article in CKEditor with an uploaded image, schedule it with
the date-time picker and see beat's sweep put it on the public site on time; office
staff approve a CĐCS home-page submission; a CĐCS editor acknowledges a guidance
document, reports with a file, and submits the annual plan. Each step is saved as a
screenshot under var/e2e-screenshots/<journey>/ and each page is scanned by axe-core
(tests/e2e/conftest.py).
"""

import datetime
import io
import re
import time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, SWEEP_SECONDS, get
from tests.guidance.factories import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SAVE = "Lưu lại"


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 540), (29, 78, 216))
    ImageDraw.Draw(image).rectangle([(80, 80), (880, 460)], outline="white", width=12)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(journey, username: str) -> None:
    page = journey.page
    page.goto("/admin/login/")
    journey.scan("dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    journey.scan("trang-chu-quan-tri")


def save(page, button: str = SAVE) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def type_in_ckeditor(page, text: str, *, index: int = 0) -> None:
    editor = page.locator(".ck-editor__editable").nth(index)
    editor.click()
    page.keyboard.type(text)


def type_in_picker(page, label: str, when: datetime.datetime) -> None:
    """Type a date and time into the native picker, key by key, as a person does.

    A Vietnamese chromium shows the fields as "giờ:phút:giây ngày/tháng/năm" (CLDR's
    Vietnamese order, time first; the seconds because the field keeps them), so the
    day is typed before the month; the picker's value is ISO whatever it shows.
    """
    picker = page.get_by_label(label)
    picker.focus()  # on its first field, the hour
    page.keyboard.type(when.strftime("%H%M%S%d%m%Y"))
    expect(picker).to_have_value(when.strftime("%Y-%m-%dT%H:%M"))


def public_text(url: str) -> str:
    """The page as an anonymous reader gets it (no browser cache in between)."""
    status, body = get(url)
    return body.decode() if status == 200 else ""


def test_office_staff_schedule_an_article_that_beat_publishes_on_time(
    journey, run_stack
):
    page = journey.page
    title = "Ngày hội văn hóa, thể thao đoàn viên năm 2026"
    alt = "Đoàn viên xếp hàng tại sân vận động trong ngày khai mạc hội thao"
    log_in(journey, "vanphong")

    page.get_by_role("link", name="Viết bài").click()
    page.wait_for_url("**/admin/news/article/add/")
    page.get_by_label("Tiêu đề:").fill(title)
    page.get_by_label("Tóm tắt:").fill("Hơn 800 đoàn viên tham gia 12 môn thi đấu.")
    type_in_ckeditor(page, "Sáng nay, Công đoàn ĐHQG-HCM khai mạc ngày hội.")
    journey.shot("viet-noi-dung")

    # The image toolbar button opens the file chooser; as soon as the upload is in
    # place the editor asks for the image's text alternative.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Tải hình ảnh lên từ máy tính").click()
    chooser.value.set_files(
        files=[{"name": "khai-mac.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    alt_box = page.locator(".ck-text-alternative-form input")
    expect(alt_box).to_be_focused(timeout=60_000)  # the upload, then the question
    journey.shot("hoi-mo-ta-anh")  # axe would rightly flag the image until answered
    alt_box.fill(alt)
    alt_box.press("Enter")
    image = page.locator(".ck-editor__editable img")
    expect(image).to_have_attribute("alt", alt)
    expect(image).to_have_attribute("src", re.compile(r"^/media/editor/"))
    journey.scan("da-mo-ta-anh")

    # Two minutes ahead at least, to the minute, typed in Vietnamese local time.
    now = datetime.datetime.now(HCM)
    when = (now + datetime.timedelta(minutes=3)).replace(second=0, microsecond=0)
    page.get_by_label("Khi lưu:").select_option("publish")
    type_in_picker(page, "Thời điểm đăng:", when)
    journey.scan("hen-gio")
    save(page)
    page.wait_for_url("**/admin/news/article/")
    expect(page.locator(".messagelist .success")).to_contain_text(title)
    journey.scan("danh-sach-bai")

    page.locator("#result_list").get_by_role("link", name=title).first.click()
    status = page.locator(".field-status_display .readonly")
    expect(status).to_contain_text(f"đăng lúc {when:%H:%M %d/%m/%Y}")  # as typed
    journey.scan("bai-da-hen-gio")

    page.goto("/tin-tuc/")
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    journey.scan("tin-tuc-truoc-gio-dang")

    # Beat wakes the sweep every few seconds here; the wait allows a loaded machine
    # a couple of minutes more.
    deadline = when + datetime.timedelta(seconds=SWEEP_SECONDS + 150)
    while title not in public_text(run_stack.url + "/tin-tuc/"):
        assert datetime.datetime.now(HCM) < deadline, (
            f"not live at {deadline:%H:%M:%S}, due {when:%H:%M}\n"
            + run_stack.log_text()[-4000:]
        )
        time.sleep(2)
    seen_at = datetime.datetime.now(HCM)
    assert seen_at >= when, f"live at {seen_at:%H:%M:%S}, before {when:%H:%M}"

    page.reload()
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("img", name=alt)).to_be_visible()
    journey.scan("bai-da-dang")


def test_office_staff_approve_a_grassroots_submission_for_the_home_page(
    journey, run_stack
):
    page = journey.page
    title = "Ngày hội gia đình công đoàn Trường Đại học Khoa học Tự nhiên"
    log_in(journey, "vanphong")

    page.get_by_role("link", name="Bài viết chờ duyệt lên trang chủ").click()
    page.wait_for_url("**/admin/news/article/?status__exact=in_review")
    journey.scan("bai-cho-duyet")
    page.locator("#result_list").get_by_role("link", name=title).first.click()
    page.wait_for_url("**/change/**")
    article_path = page.url.removeprefix(run_stack.url)
    expect(page.get_by_label("Khi lưu:")).to_have_value("approve_home")
    journey.scan("mo-bai-cho-duyet")
    save(page)
    page.wait_for_url("**/admin/news/article/**")
    expect(page.locator(".messagelist .success")).to_contain_text(title)
    journey.scan("da-duyet")

    page.goto(article_path)
    expect(page.locator(".field-status_display .readonly")).to_contain_text(
        "đang ở trang chủ"
    )
    page.goto("/")
    link = page.get_by_role("link", name=title).first
    expect(link).to_be_visible()
    journey.scan("trang-chu-cong-khai")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    journey.scan("bai-cong-khai")


def test_grassroots_editor_acts_on_guidance_and_submits_the_annual_plan(
    journey, run_stack
):
    page = journey.page
    document = "09/HD-CĐĐHQG Hướng dẫn tổ chức các hoạt động Tháng Công nhân năm 2026"
    log_in(journey, "bientap.bachkhoa")

    # The guidance the unit must act on, from its admin home.
    page.get_by_role("link", name=document).click()
    page.wait_for_url("**/admin/guidance/distribution/*/change/")
    distribution_path = page.url.removeprefix(run_stack.url)
    journey.scan("tai-lieu-can-thuc-hien")
    save(page, "Đã nhận")
    expect(page.locator(".messagelist .success")).to_be_visible()
    journey.scan("da-nhan")

    page.goto(distribution_path)
    expect(page.locator(".field-status .readonly")).to_have_text("Đã nhận")
    page.get_by_label("Báo cáo kết quả:").fill(
        "Đã tổ chức 6 hoạt động cho 950 đoàn viên; báo cáo chi tiết đính kèm."
    )
    page.locator("input[type=file][name='report_files-0-file']").set_input_files(
        files=[
            {
                "name": "Báo cáo Tháng Công nhân 2026.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes(),
            }
        ]
    )
    journey.scan("bao-cao")
    save(page, "Đã thực hiện (lưu báo cáo)")
    expect(page.locator(".messagelist .success")).to_be_visible()
    journey.scan("da-thuc-hien")
    page.goto(distribution_path)
    expect(page.locator(".field-status .readonly")).to_have_text("Đã thực hiện")
    expect(
        page.get_by_role("link", name="Báo cáo Tháng Công nhân 2026.pdf")
    ).to_be_visible()
    journey.scan("bao-cao-da-luu")

    # The annual plan, from the line on the unit's box.
    page.goto("/admin/")
    year = datetime.datetime.now(HCM).year
    page.get_by_role("link", name=f"Chưa có kế hoạch truyền thông năm {year}").click()
    journey.scan("ke-hoach-nam")
    page.locator(".object-tools").get_by_role("link", name=re.compile("^Thêm")).click()
    page.wait_for_url("**/admin/units/annualplan/add/**")
    expect(page.get_by_label("Năm:")).to_have_value(str(year))
    type_in_ckeditor(
        page, "Mỗi tháng hai bài trên trang của Công đoàn trường và một bản tin."
    )
    page.locator("input[type=file][name='files-0-file']").set_input_files(
        files=[
            {
                "name": f"Kế hoạch truyền thông {year}.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes(),
            }
        ]
    )
    page.get_by_label("Khi lưu:").select_option(label="Lưu và nộp cho văn phòng")
    journey.scan("soan-ke-hoach")
    save(page)
    expect(page.locator(".messagelist .success").first).to_be_visible()
    expect(page.locator(".messagelist")).to_contain_text(
        "Đã nộp cho văn phòng Công đoàn."
    )
    journey.scan("da-nop-ke-hoach")
    page.goto("/admin/")
    expect(page.locator("#content-main")).to_contain_text("Đã nộp, chờ duyệt")
    journey.scan("trang-chu-sau-khi-nop")
