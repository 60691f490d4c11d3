"""Public pages: the list with filters and search, the official layout, visibility."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guidance.models import Visibility
from guidance.services import attachment_text_extract
from publishing.cache import page_cache_invalidate
from publishing.workflow import Intent
from tests.guidance.factories import (
    DocumentFactory,
    attachment,
    document_type,
    docx_bytes,
    key_date,
)
from tests.units.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("guidance:document_list")


def titles(response) -> list[str]:
    return [d.title for d in response.context["page"]]


def test_the_list_shows_published_public_documents_newest_first(client):
    old = DocumentFactory(issue_date=date(2021, 5, 25))
    new = DocumentFactory(issue_date=date(2026, 7, 1))
    DocumentFactory(intent=Intent.DRAFT)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == [new.title, old.title]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"public"}),
        ("member", {"public", "members"}),
        ("editor", {"public", "members", "officers"}),
    ],
)
def test_visibility_is_respected_by_list_search_and_detail(
    client, unit_editor, who, expected
):
    docs = {
        v: DocumentFactory(title=f"Kế hoạch {v} truyền thông", visibility=v)
        for v in Visibility.values
    }
    if who == "member":
        client.force_login(UserFactory())
    elif who == "editor":
        client.force_login(unit_editor)
    shown = set(titles(client.get(LIST)))
    assert shown == {docs[v].title for v in expected}
    found = set(titles(client.get(LIST, {"q": "truyen thong"})))
    assert found == {docs[v].title for v in expected}
    for visibility, document in docs.items():
        status = client.get(document.get_absolute_url()).status_code
        assert status == (200 if visibility in expected else 404)


def test_search_ignores_diacritics_and_finds_number_summary_and_file_text(client):
    plan = DocumentFactory(
        number_text="65/KH-LĐLĐ",
        summary="Đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        issue_date=date(2021, 5, 26),
    )
    other = DocumentFactory(summary="Tổ chức Tháng Công nhân")
    file = attachment(other, docx_bytes("Phụ lục: mẫu băng rôn khẩu hiệu"))
    attachment_text_extract(attachment_id=file.pk)
    assert titles(client.get(LIST, {"q": "65/kh-ldld"})) == [plan.title]
    assert titles(client.get(LIST, {"q": "day manh truyen thong"})) == [plan.title]
    assert titles(client.get(LIST, {"q": "BĂNG RÔN khau hieu"})) == [other.title]
    assert titles(client.get(LIST, {"q": "không có từ này"})) == []


def test_filters_by_type_year_issuer_and_key_date(client):
    day = key_date()
    plan = DocumentFactory(
        issue_date=date(2021, 5, 26), issuer_name="Liên đoàn Lao động"
    )
    outline = DocumentFactory(
        document_type=document_type("ĐC"),
        number_text="18/ĐC-CĐĐHQG",
        issue_date=date(2026, 7, 1),
        key_date=day,
    )
    assert titles(client.get(LIST, {"loai": "ĐC"})) == [outline.title]
    assert titles(client.get(LIST, {"nam": "2021"})) == [plan.title]
    assert titles(client.get(LIST, {"co_quan": "Liên đoàn Lao động"})) == [plan.title]
    assert titles(client.get(LIST, {"dot": day.slug})) == [outline.title]
    response = client.get(LIST)
    assert day.name in response.text
    assert list(response.context["options"]["years"]) == [2026, 2021]


@pytest.mark.parametrize(
    "params",
    [{"nam": "abc"}, {"nam": "99999999999"}, {"dot": "<x>"}, {"q": "a" * 5000}],
)
def test_bad_filter_values_are_ignored_not_errors(client, params):
    DocumentFactory()
    assert client.get(LIST, params).status_code == 200


def _list_queries(client, **params) -> int:
    page_cache_invalidate()  # measure the page, not the shared cache (Redis)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured)


def test_the_list_runs_a_fixed_number_of_queries(client):
    for _ in range(3):
        DocumentFactory()
    few = _list_queries(client)
    few_search = _list_queries(client, q="ke hoach")
    for _ in range(25):
        attachment(DocumentFactory())
    assert _list_queries(client) == few
    assert _list_queries(client, q="ke hoach") == few_search
    assert few <= 7


def test_the_page_reads_as_an_official_document(client):
    basis = DocumentFactory(
        number_text="38/KH-LĐLĐ",
        issue_date=date(2021, 5, 25),
        issuer_name="Liên đoàn Lao động Thành phố Hồ Chí Minh",
    )
    plan = DocumentFactory(
        number_text="65/KH-LĐLĐ",
        issue_date=date(2021, 5, 26),
        issuer_parent="Liên đoàn Lao động TP. Hồ Chí Minh",
        summary="Đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        signer_title="TM. BAN THƯỜNG VỤ",
        signer_name="Nguyễn Văn A",
        recipients_all_grassroots=True,
        recipients_other="Đảng ủy ĐHQG-HCM;\nLưu: VP.",
        based_on=[basis],
    )
    attachment(plan, name="Kế hoạch 65 truyền thông.docx")
    response = client.get(plan.get_absolute_url())
    text = response.content.decode()
    assert "TP. Hồ Chí Minh, ngày 26 tháng 5 năm 2021" in text
    assert "CÔNG ĐOÀN ĐHQG-HCM" in text
    assert "Số: 65/KH-LĐLĐ" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "KẾ HOẠCH" in text
    assert "Các công đoàn cơ sở" in text and "Lưu: VP." in text
    assert "Kế hoạch 65 truyền thông.docx" in text
    assert "Word (DOCX)" in text
    assert basis.get_absolute_url() in text
    # and the other way round
    assert plan.get_absolute_url() in client.get(basis.get_absolute_url()).text


def test_a_party_document_has_the_party_header(client):
    document = DocumentFactory(
        number_text="126-HD/BTGTW", document_type=document_type("HD")
    )
    text = client.get(document.get_absolute_url()).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Độc lập - Tự do" not in text


def test_links_to_documents_the_visitor_may_not_read_are_hidden(client):
    internal = DocumentFactory(visibility=Visibility.OFFICERS, title="Nội bộ cán bộ")
    plan = DocumentFactory(based_on=[internal])
    assert "Nội bộ cán bộ" not in client.get(plan.get_absolute_url()).text


def test_office_staff_preview_a_draft_others_get_404(client, office_client):
    draft = DocumentFactory(intent=Intent.DRAFT)
    response = office_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Bản xem trước" in response.text
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_feed_lists_only_public_documents(client, unit_editor):
    public = DocumentFactory(title="Đề cương công khai")
    DocumentFactory(title="Hướng dẫn nội bộ", visibility=Visibility.OFFICERS)
    client.force_login(unit_editor)
    feed = client.get(reverse("guidance:feed_rss")).text
    assert public.title in feed
    assert "Hướng dẫn nội bộ" not in feed


def test_home_block_shows_only_what_the_visitor_may_read(client, unit_editor):
    DocumentFactory(title="Đề cương công khai mới")
    DocumentFactory(title="Hướng dẫn nội bộ mới", visibility=Visibility.OFFICERS)
    home = client.get("/").text
    assert "Đề cương công khai mới" in home
    assert "Hướng dẫn nội bộ mới" not in home
    client.force_login(unit_editor)
    assert "Hướng dẫn nội bộ mới" in client.get("/").text
