"""Key dates as data: the seeded union calendar, occurrences, anniversaries, bad input."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from campaigns import lunar
from campaigns.dates import next_span, occurrence_span
from campaigns.models import LUNAR_DAY_RULE_HELP, KeyDate
from campaigns.services.key_dates import key_date_save
from tests.campaigns.factories import KeyDateFactory

pytestmark = pytest.mark.django_db


def seeded(slug):
    return KeyDate.objects.get(slug=slug)


def test_the_union_calendar_is_seeded():
    assert KeyDate.objects.filter(slug__in=[
        "tet-nguyen-dan", "ngay-thanh-lap-dang", "quoc-te-phu-nu", "gio-to-hung-vuong",
        "quoc-te-lao-dong", "thang-cong-nhan", "thang-hanh-dong-an-toan-ve-sinh-lao-dong",
        "ngay-sinh-chu-tich-ho-chi-minh", "ngay-thanh-lap-cong-doan-viet-nam",
        "quoc-khanh", "tet-trung-thu", "ngay-phu-nu-viet-nam", "ngay-nha-giao-viet-nam",
        "thang-hanh-dong-vi-binh-dang-gioi", "ngay-thanh-lap-quan-doi-nhan-dan",
        "ngay-thanh-lap-dhqg-hcm",
    ]).count() == 16  # fmt: skip
    for key_date in KeyDate.objects.all():
        key_date.full_clean()  # every seeded rule is valid


def test_union_founding_anniversary_is_97_in_2026():
    union = seeded("ngay-thanh-lap-cong-doan-viet-nam")
    assert occurrence_span(union, 2026).start == date(2026, 7, 28)
    assert union.anniversary(2026) == 97
    assert seeded("ngay-thanh-lap-dhqg-hcm").anniversary(2026) == 31


def test_no_anniversary_in_or_before_the_founding_year_or_without_one():
    union = seeded("ngay-thanh-lap-cong-doan-viet-nam")
    assert union.anniversary(1929) is None
    assert seeded("tet-nguyen-dan").anniversary(2026) is None


@pytest.mark.parametrize(
    ("slug", "year", "expected"),
    [
        ("tet-nguyen-dan", 2026, date(2026, 2, 17)),
        ("tet-nguyen-dan", 2007, date(2007, 2, 17)),  # China: 2007-02-18
        ("tet-nguyen-dan", 1985, date(1985, 1, 21)),  # China: 1985-02-20
        ("gio-to-hung-vuong", 2026, date(2026, 4, 26)),
        ("tet-trung-thu", 2026, date(2026, 9, 25)),
    ],
)
def test_lunar_key_dates_fall_on_the_vietnamese_calendar(slug, year, expected):
    assert occurrence_span(seeded(slug), year).start == expected


def test_a_window_has_a_start_and_an_end():
    span = occurrence_span(seeded("thang-hanh-dong-vi-binh-dang-gioi"), 2026)
    assert (span.start, span.end) == (date(2026, 11, 15), date(2026, 12, 15))


def test_a_window_across_new_year_ends_next_year():
    key_date = KeyDateFactory(kind="window", day=15, month=12, end_day=15, end_month=1)
    span = occurrence_span(key_date, 2026)
    assert (span.start, span.end) == (date(2026, 12, 15), date(2027, 1, 15))


def test_next_occurrence_is_this_year_until_the_day_has_passed():
    union = seeded("ngay-thanh-lap-cong-doan-viet-nam")
    assert next_span(union, date(2026, 7, 28)) == (2026, occurrence_span(union, 2026))
    assert next_span(union, date(2026, 7, 29))[0] == 2027


def test_a_window_is_upcoming_while_it_lasts():
    month = seeded("thang-cong-nhan")
    assert next_span(month, date(2026, 5, 31))[0] == 2026
    assert next_span(month, date(2026, 6, 1))[0] == 2027


def expect_error(field, code, **fields):
    key_date = KeyDate(name="Ngày thử", slug="ngay-thu", **fields)
    with pytest.raises(ValidationError) as caught:
        key_date.full_clean()
    errors = caught.value.error_dict[field]
    assert code in [e.code for e in errors], errors
    return " ".join(m for e in errors for m in e.messages)


def test_30_february_is_refused_with_a_clear_message():
    message = expect_error("day", "invalid_solar_day", kind="solar", day=30, month=2)
    assert "30/2 không tồn tại" in message


def test_29_february_is_refused_because_it_is_not_yearly():
    message = expect_error("day", "leap_day", kind="solar", day=29, month=2)
    assert "năm nhuận" in message


def test_31_april_is_refused():
    expect_error("day", "invalid_solar_day", kind="solar", day=31, month=4)


def test_lunar_day_31_is_refused_and_the_rule_for_day_30_is_said():
    message = expect_error("day", "invalid_lunar_day", kind="lunar", day=31, month=2)
    assert "29" in message and "ngày 30" in message.lower()


def test_lunar_30_is_accepted_and_moves_to_29_in_a_short_month():
    key_date = KeyDateFactory(kind="lunar", day=30, month=2, founding_year=None)
    assert lunar.lunar_month_length(2026, 2) == 29
    assert occurrence_span(key_date, 2026).start == lunar.lunar_to_solar(2026, 2, 29)
    assert lunar.lunar_month_length(2027, 2) == 30
    assert occurrence_span(key_date, 2027).start == lunar.lunar_to_solar(2027, 2, 30)


def test_the_admin_help_text_states_the_lunar_30_rule():
    help_text = str(KeyDate._meta.get_field("day").help_text)
    assert help_text == str(LUNAR_DAY_RULE_HELP)
    assert "ngày 30" in help_text and "ngày 29" in help_text and "UTC+7" in help_text


def test_a_window_needs_its_end():
    expect_error("end_day", "window_without_end", kind="window", day=1, month=5)


def test_only_a_window_has_an_end():
    expect_error(
        "end_day",
        "end_not_allowed",
        kind="solar",
        day=1,
        month=5,
        end_day=31,
        end_month=5,
    )


def test_month_13_is_refused():
    expect_error("month", "invalid_month", kind="solar", day=1, month=13)


def test_save_fills_the_slug_from_the_vietnamese_name():
    key_date = key_date_save(
        key_date=KeyDate(name="Ngày Gia đình Việt Nam", kind="solar", day=28, month=6)
    )
    assert key_date.slug == "ngay-gia-dinh-viet-nam"


def test_key_date_admin_shows_the_error_instead_of_failing(office_client):
    response = office_client.post(
        "/admin/campaigns/keydate/add/",
        {"name": "Ngày sai", "slug": "ngay-sai", "kind": "solar", "day": "30",
         "month": "2", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "30/2 không tồn tại" in response.text
    assert not KeyDate.objects.filter(slug="ngay-sai").exists()
