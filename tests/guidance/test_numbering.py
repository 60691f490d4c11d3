"""Numbers and symbols of official documents: both forms, bad input, yearly restart."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from guidance.models import Document
from guidance.numbering import PARTY, STATE, parse_document_number
from tests.guidance.factories import DocumentFactory, document_type


@pytest.mark.parametrize(
    ("text", "number", "type_", "issuer", "form", "shown"),
    [
        ("65/KH-LĐLĐ", 65, "KH", "LĐLĐ", STATE, "65/KH-LĐLĐ"),
        ("112/HD-TLĐ", 112, "HD", "TLĐ", STATE, "112/HD-TLĐ"),
        ("126-HD/BTGTW", 126, "HD", "BTGTW", PARTY, "126-HD/BTGTW"),
        ("Số: 65 /KH-LĐLĐ", 65, "KH", "LĐLĐ", STATE, "65/KH-LĐLĐ"),
        ("05/TTr-CĐ-VP", 5, "TTr", "CĐ-VP", STATE, "05/TTr-CĐ-VP"),
        ("65/KH–lđlđ", 65, "KH", "LĐLĐ", STATE, "65/KH-LĐLĐ"),
    ],
)
def test_both_forms_parse(text, number, type_, issuer, form, shown):
    parsed = parse_document_number(text)
    assert (parsed.number, parsed.type_abbreviation, parsed.issuer_abbreviation) == (
        number,
        type_,
        issuer,
    )
    assert parsed.form == form
    assert str(parsed) == shown


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "number_required"),
        ("65KH-LĐLĐ", "number_format"),
        ("65/KH/LĐLĐ", "number_format"),
        ("KH-LĐLĐ", "number_format"),
        ("65/KH-", "number_format"),
        ("0/KH-LĐLĐ", "number_range"),
        ("<script>/KH-X", "number_format"),
    ],
)
def test_malformed_numbers_are_refused_in_vietnamese(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_document_number(text)
    assert caught.value.code == code
    if code == "number_format":
        assert "ví dụ 65/KH-LĐLĐ" in caught.value.messages[0]


@pytest.mark.django_db
def test_the_type_in_the_number_must_match_the_chosen_type():
    document = Document(
        title="Hướng dẫn",
        number_text="12/KH-CĐĐHQG",
        document_type=document_type("HD"),
        issue_date=date(2026, 1, 5),
        issuer_name="Công đoàn ĐHQG-HCM",
    )
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    error = caught.value.error_dict["number_text"][0]
    assert error.code == "number_type_mismatch"
    assert "HD" in error.messages[0]


@pytest.mark.django_db
def test_a_number_is_unique_per_issuer_type_and_year_and_restarts_next_year():
    DocumentFactory(number_text="65/KH-LĐLĐ", issue_date=date(2021, 5, 26))
    same_year = Document(
        title="Trùng số",
        number_text="65/KH-LĐLĐ",
        document_type=document_type("KH"),
        issue_date=date(2021, 12, 31),
        issuer_name="Công đoàn ĐHQG-HCM",
    )
    with pytest.raises(ValidationError) as caught:
        same_year.full_clean()
    assert caught.value.error_dict["number_text"][0].code == "number_taken"
    next_year = DocumentFactory(number_text="65/KH-LĐLĐ", issue_date=date(2022, 1, 1))
    other_type = DocumentFactory(
        number_text="65/HD-LĐLĐ",
        document_type=document_type("HD"),
        issue_date=date(2021, 5, 26),
    )
    assert (next_year.year, next_year.number) == (2022, 65)
    assert other_type.type_abbreviation == "HD"


@pytest.mark.django_db
def test_deadline_and_expiry_cannot_precede_the_issue_date():
    document = Document(
        title="Kế hoạch",
        number_text="1/KH-CĐĐHQG",
        document_type=document_type("KH"),
        issue_date=date(2026, 3, 10),
        issuer_name="Công đoàn ĐHQG-HCM",
        response_deadline=date(2026, 3, 9),
        effective_until=date(2026, 3, 10),
    )
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert set(caught.value.error_dict) == {"response_deadline"}
