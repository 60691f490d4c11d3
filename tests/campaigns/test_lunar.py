"""The Vietnamese lunar calendar: known dates, leap months, round trips, bad dates."""

import time
from datetime import date, timedelta

import pytest

from campaigns.lunar import (
    InvalidLunarDate,
    LunarDate,
    can_chi_year,
    leap_month,
    lunar_month_length,
    lunar_occurrence,
    lunar_to_solar,
    solar_to_lunar,
)

# Tết Nguyên đán. 1985, 2007 and 2030 are years where Vietnam (UTC+7) and China
# (UTC+8) celebrate on different days: China on 1985-02-20, 2007-02-18, 2030-02-03.
TET = {
    1985: date(1985, 1, 21),
    2007: date(2007, 2, 17),
    2030: date(2030, 2, 2),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
}
GIO_TO_HUNG_VUONG = {  # 10/3
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
}
TRUNG_THU = {  # 15/8
    2024: date(2024, 9, 17),
    2025: date(2025, 10, 6),
    2026: date(2026, 9, 25),
}


@pytest.mark.parametrize(("year", "solar"), TET.items())
def test_tet_falls_on_the_vietnamese_date(year, solar):
    assert lunar_to_solar(year, 1, 1) == solar
    assert solar_to_lunar(solar) == LunarDate(year, 1, 1)
    assert solar_to_lunar(solar - timedelta(days=1)).year == year - 1


def test_china_and_vietnam_differ_in_1985_2007_and_2030():
    # The day China celebrates is already mùng 2 (or later) in Vietnam.
    assert solar_to_lunar(date(2007, 2, 18)) == LunarDate(2007, 1, 2)
    assert solar_to_lunar(date(2030, 2, 3)) == LunarDate(2030, 1, 2)
    assert solar_to_lunar(date(1985, 2, 20)).month == 2


@pytest.mark.parametrize(("year", "solar"), GIO_TO_HUNG_VUONG.items())
def test_gio_to_hung_vuong(year, solar):
    assert lunar_to_solar(year, 3, 10) == solar
    assert lunar_occurrence(year, 3, 10) == solar
    assert solar_to_lunar(solar) == LunarDate(year, 3, 10)


@pytest.mark.parametrize(("year", "solar"), TRUNG_THU.items())
def test_trung_thu(year, solar):
    assert lunar_to_solar(year, 8, 15) == solar
    assert lunar_occurrence(year, 8, 15) == solar
    assert solar_to_lunar(solar) == LunarDate(year, 8, 15)


@pytest.mark.parametrize(
    ("year", "month", "leap_start", "regular_start"),
    [
        (2020, 4, date(2020, 5, 23), date(2020, 4, 23)),
        (2023, 2, date(2023, 3, 22), date(2023, 2, 20)),
        (2025, 6, date(2025, 7, 25), date(2025, 6, 25)),
    ],
)
def test_leap_month_follows_the_regular_month(year, month, leap_start, regular_start):
    assert leap_month(year) == month
    assert lunar_to_solar(year, month, 1) == regular_start
    assert lunar_to_solar(year, month, 1, leap=True) == leap_start
    assert solar_to_lunar(leap_start) == LunarDate(year, month, 1, leap=True)
    assert solar_to_lunar(leap_start - timedelta(days=1)).leap is False
    assert lunar_to_solar(year, month + 1, 1) - leap_start == timedelta(
        days=lunar_month_length(year, month, leap=True)
    )


def test_years_without_a_leap_month():
    assert leap_month(2024) is None
    assert leap_month(2026) is None
    assert leap_month(2033) == 11  # the "2033 problem": a leap month 11


def test_month_lengths_in_2025():
    lengths = [lunar_month_length(2025, m) for m in range(1, 13)]
    assert lengths == [30, 29, 30, 29, 29, 30, 30, 29, 30, 30, 30, 29]
    assert lunar_month_length(2025, 6, leap=True) == 29
    # The lunar year 2025 has 13 months: from Tết 2025 to Tết 2026.
    assert sum(lengths) + 29 == (TET[2026] - TET[2025]).days


def test_every_day_1900_to_2100_round_trips_and_counts_up_by_one():
    start, end = date(1900, 1, 31), date(2100, 12, 31)
    began = time.monotonic()
    previous = solar_to_lunar(start - timedelta(days=1))
    day = start
    while day <= end:
        lunar = solar_to_lunar(day)
        assert lunar.to_solar() == day, (day, lunar)
        if lunar.day == 1:
            assert previous.day in (29, 30), (day, previous)
        else:
            assert (lunar.year, lunar.month, lunar.leap, lunar.day - 1) == (
                previous.year,
                previous.month,
                previous.leap,
                previous.day,
            ), (day, lunar, previous)
        previous = lunar
        day += timedelta(days=1)
    assert solar_to_lunar(start) == LunarDate(1900, 1, 1)
    assert time.monotonic() - began < 20


def test_eve_of_a_late_new_moon_is_the_last_day_of_the_month():
    # The published code returned lunar day 0 for 2054-05-07 (see lunar.py).
    assert solar_to_lunar(date(2054, 5, 7)) == LunarDate(2054, 3, 30)
    assert solar_to_lunar(date(2054, 5, 8)) == LunarDate(2054, 4, 1)


def test_day_30_of_a_29_day_month_does_not_exist():
    # Tháng Chạp of Giáp Thìn has 29 days: there was no "30 Tết" before Tết 2025.
    assert lunar_month_length(2024, 12) == 29
    with pytest.raises(InvalidLunarDate) as caught:
        lunar_to_solar(2024, 12, 30)
    assert str(caught.value) == (
        "Tháng Chạp năm Giáp Thìn (2024) chỉ có 29 ngày, không có ngày 30."
    )
    assert caught.value.code == "day_out_of_range"
    assert caught.value.params["length"] == 29
    assert lunar_to_solar(2024, 12, 29) == date(2025, 1, 28)


def test_a_leap_month_the_year_does_not_have_does_not_exist():
    with pytest.raises(InvalidLunarDate, match="Năm Giáp Thìn \\(2024\\) không có"):
        lunar_to_solar(2024, 4, 1, leap=True)
    with pytest.raises(InvalidLunarDate) as caught:
        lunar_to_solar(2025, 5, 1, leap=True)  # 2025 repeats month 6, not 5
    assert caught.value.code == "no_such_leap_month"


@pytest.mark.parametrize(
    ("args", "code"),
    [((2024, 13, 1), "invalid_month"), ((2024, 0, 1), "invalid_month")]
    + [((2024, 1, 31), "invalid_day"), ((2024, 1, 0), "invalid_day")]
    + [((1700, 1, 1), "year_out_of_range")],
)
def test_impossible_dates_raise_a_vietnamese_message(args, code):
    with pytest.raises(InvalidLunarDate) as caught:
        lunar_to_solar(*args)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert any(word in str(caught.value) for word in ("Ngày", "Tháng", "Năm"))


def test_recurring_day_30_falls_back_to_the_last_day_of_a_short_month():
    assert lunar_occurrence(2024, 12, 30) == date(2025, 1, 28)  # 29 tháng Chạp
    assert lunar_occurrence(2025, 12, 30) == date(2026, 2, 16)  # 29 again
    assert lunar_month_length(2023, 12) == 30
    assert lunar_occurrence(2023, 12, 30) == date(2024, 2, 9)  # a real 30 Tết
    with pytest.raises(InvalidLunarDate):
        lunar_occurrence(2024, 12, 30, short_month="raise")


def test_occurrence_belongs_to_the_lunar_year_starting_in_that_solar_year():
    # Ông Công ông Táo (23 tháng Chạp) of lunar 2024 is in January 2025.
    assert lunar_occurrence(2024, 12, 23) == date(2025, 1, 22)
    # In a year with leap month 6, an event on 15/6 keeps the regular month.
    assert lunar_occurrence(2025, 6, 15) == date(2025, 7, 9)


@pytest.mark.parametrize(
    ("year", "name"),
    [(2024, "Giáp Thìn"), (2026, "Bính Ngọ"), (2023, "Quý Mão"), (1985, "Ất Sửu")]
    + [(2025, "Ất Tỵ"), (2000, "Canh Thìn")],
)
def test_can_chi_year_names(year, name):
    assert can_chi_year(year) == name
    assert LunarDate(year, 1, 1).year_name == name


def test_vietnamese_formatting():
    assert str(LunarDate(2024, 8, 15)) == "15/8 năm Giáp Thìn"
    assert str(LunarDate(2023, 2, 10, leap=True)) == "10/2 nhuận năm Quý Mão"
    assert (
        LunarDate(2024, 8, 15).format_vi() == "ngày 15 tháng 8 năm Giáp Thìn (âm lịch)"
    )
    assert (
        LunarDate(2026, 1, 1).format_vi() == "mùng 1 tháng Giêng năm Bính Ngọ (âm lịch)"
    )
    assert (
        LunarDate(2024, 12, 23).format_vi()
        == "ngày 23 tháng Chạp năm Giáp Thìn (âm lịch)"
    )
    assert (
        LunarDate(2020, 4, 8, leap=True).format_vi()
        == "mùng 8 tháng 4 nhuận năm Canh Tý (âm lịch)"
    )
