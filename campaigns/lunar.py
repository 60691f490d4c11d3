"""The Vietnamese lunar calendar (UTC+7), after Hồ Ngọc Đức's published algorithm."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

# Vietnam's calendar is computed for the meridian of UTC+7; China's uses UTC+8, which is
# why Tết differs in some years (1985, 2007, 2030).
TIME_ZONE_HOURS = 7.0
# The astronomical series below are accurate for roughly 1800-2199 (Hồ Ngọc Đức).
MIN_YEAR = 1800
MAX_YEAR = 2199

_SYNODIC_MONTH_DAYS = 29.530588853
_JD_NEW_MOON_1900_01_01 = 2415021.076998695

CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
CHI = (
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ",
    "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
)  # fmt: skip
_MONTH_NAMES = {1: "Giêng", 12: "Chạp"}

ShortMonthRule = Literal["last_day", "raise"]


class InvalidLunarDate(ValueError):
    """A lunar date that does not exist; `code` and `params` let a form say why."""

    def __init__(self, message: str, *, code: str, params: dict[str, int]) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


def can_chi_year(year: int) -> str:
    """The sexagenary name of a lunar year: 2024 -> "Giáp Thìn"."""
    return f"{CAN[(year + 6) % 10]} {CHI[(year + 8) % 12]}"


def month_name_vi(month: int, *, leap: bool = False) -> str:
    """ "tháng Giêng", "tháng 8", "tháng Chạp", "tháng 4 nhuận"."""
    name = f"tháng {_MONTH_NAMES.get(month, month)}"
    return f"{name} nhuận" if leap else name


@dataclass(frozen=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidLunarDate(
                f"Tháng âm lịch {self.month} không hợp lệ (chỉ từ 1 đến 12).",
                code="invalid_month",
                params={"month": self.month},
            )
        if not 1 <= self.day <= 30:
            raise InvalidLunarDate(
                f"Ngày âm lịch {self.day} không hợp lệ (chỉ từ 1 đến 30).",
                code="invalid_day",
                params={"day": self.day},
            )

    @property
    def year_name(self) -> str:
        return can_chi_year(self.year)

    def __str__(self) -> str:
        leap = " nhuận" if self.leap else ""
        return f"{self.day}/{self.month}{leap} năm {self.year_name}"

    def format_vi(self) -> str:
        """ "ngày 15 tháng 8 năm Giáp Thìn (âm lịch)", "mùng 1 tháng Giêng năm ..."."""
        day = f"mùng {self.day}" if self.day <= 10 else f"ngày {self.day}"
        month = month_name_vi(self.month, leap=self.leap)
        return f"{day} {month} năm {self.year_name} (âm lịch)"

    def to_solar(self) -> date:
        return lunar_to_solar(self.year, self.month, self.day, leap=self.leap)


# --- Hồ Ngọc Đức's algorithm (https://www.informatik.uni-leipzig.de/~duc/amlich/) ---


def _jd_from_date(dd: int, mm: int, yy: int) -> int:
    a = (14 - mm) // 12
    y = yy + 4800 - a
    m = mm + 12 * a - 3
    jd = dd + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045
    if jd < 2299161:  # Julian calendar before 1582-10-15
        jd = dd + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return jd


def _jd_to_date(jd: int) -> date:
    if jd > 2299160:
        a = jd + 32044
        b = (4 * a + 3) // 146097
        c = a - (b * 146097) // 4
    else:
        b = 0
        c = jd + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = b * 100 + d - 4800 + m // 10
    return date(year, month, day)


def _new_moon(k: int) -> float:
    """Julian day (UTC, fractional) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = (
        c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    )
    c1 = (
        c1
        + 0.0010 * math.sin(dr * (2 * f - mpr))
        + 0.0005 * math.sin(dr * (2 * mpr + m))
    )
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3
        deltat -= 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


def _sun_longitude(jdn: float) -> float:
    """The sun's ecliptic longitude in radians, 0 to 2π, at Julian day `jdn` (UTC)."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(
        dr * 3 * m
    )
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


@lru_cache(maxsize=8192)
def _new_moon_day(k: int) -> int:
    """getNewMoonDay: the local (UTC+7) Julian day number of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24)


def _sun_longitude_sector(day_number: int) -> int:
    """getSunLongitude: which of the 12 30° sectors the sun is in at local midnight."""
    return math.floor(
        _sun_longitude(day_number - 0.5 - TIME_ZONE_HOURS / 24) / math.pi * 6
    )


@lru_cache(maxsize=1024)
def _lunar_month_11(yy: int) -> int:
    """getLunarMonth11: the day number on which month 11 (winter solstice) begins."""
    off = _jd_from_date(31, 12, yy) - 2415021
    k = math.floor(off / _SYNODIC_MONTH_DAYS)
    nm = _new_moon_day(k)
    if _sun_longitude_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


@lru_cache(maxsize=1024)
def _leap_month_offset(a11: int) -> int:
    """getLeapMonthOffset: months after month 11 until one without a major term."""
    k = math.floor((a11 - _JD_NEW_MOON_1900_01_01) / _SYNODIC_MONTH_DAYS + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            return i - 1


def _convert_solar_to_lunar(dd: int, mm: int, yy: int) -> LunarDate:
    """convertSolar2Lunar."""
    day_number = _jd_from_date(dd, mm, yy)
    k = math.floor((day_number - _JD_NEW_MOON_1900_01_01) / _SYNODIC_MONTH_DAYS)
    month_start = _new_moon_day(k + 1)
    # The published code steps back once; when the mean-month estimate k is itself a
    # day late (e.g. 2054-05-07, the eve of new moon k) it returned lunar day 0.
    while month_start > day_number:
        month_start = _new_moon_day(k)
        k -= 1
    a11 = _lunar_month_11(yy)
    b11 = a11
    if a11 >= month_start:
        lunar_year = yy
        a11 = _lunar_month_11(yy - 1)
    else:
        lunar_year = yy + 1
        b11 = _lunar_month_11(yy + 1)
    lunar_day = day_number - month_start + 1
    diff = (month_start - a11) // 29
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_month_diff = _leap_month_offset(a11)
        if diff >= leap_month_diff:
            lunar_month = diff + 10
            leap = diff == leap_month_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_year, lunar_month, lunar_day, leap)


def _month_start_k(year: int, month: int, leap: bool) -> int | None:
    """convertLunar2Solar's month lookup: the new-moon index k starting that month.

    None when `leap` is asked for a month that is not that year's leap month.
    """
    if month < 11:
        a11 = _lunar_month_11(year - 1)
        b11 = _lunar_month_11(year)
    else:
        a11 = _lunar_month_11(year)
        b11 = _lunar_month_11(year + 1)
    k = math.floor(0.5 + (a11 - _JD_NEW_MOON_1900_01_01) / _SYNODIC_MONTH_DAYS)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            return None
        if leap or off >= leap_off:
            off += 1
    elif leap:
        return None
    return k + off


# --- Public API ---


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidLunarDate(
            f"Năm {year} nằm ngoài khoảng lịch âm được hỗ trợ ({MIN_YEAR}–{MAX_YEAR}).",
            code="year_out_of_range",
            params={"year": year, "min_year": MIN_YEAR, "max_year": MAX_YEAR},
        )


def _month_k(year: int, month: int, leap: bool) -> int:
    LunarDate(year, month, 1, leap)  # validates the month number
    _check_year(year)
    k = _month_start_k(year, month, leap)
    if k is None:
        raise InvalidLunarDate(
            f"Năm {can_chi_year(year)} ({year}) không có tháng {month} nhuận.",
            code="no_such_leap_month",
            params={"year": year, "month": month},
        )
    return k


def solar_to_lunar(d: date) -> LunarDate:
    """The Vietnamese lunar date of a solar (Gregorian) date."""
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(
            f"Năm {d.year} nằm ngoài khoảng lịch âm được hỗ trợ "
            f"({MIN_YEAR}–{MAX_YEAR})."
        )
    return _convert_solar_to_lunar(d.day, d.month, d.year)


def lunar_month_length(year: int, month: int, leap: bool = False) -> int:
    """29 or 30: the number of days of a lunar month (tháng thiếu / tháng đủ)."""
    k = _month_k(year, month, leap)
    return _new_moon_day(k + 1) - _new_moon_day(k)


def leap_month(year: int) -> int | None:
    """The month number that lunar `year` repeats as a leap month, or None."""
    _check_year(year)
    for month in range(1, 13):
        if _month_start_k(year, month, True) is not None:
            return month
    return None


def lunar_to_solar(year: int, month: int, day: int, *, leap: bool = False) -> date:
    """The solar date of a lunar date; InvalidLunarDate when it does not exist."""
    LunarDate(year, month, day, leap)  # validates the ranges
    k = _month_k(year, month, leap)
    month_start = _new_moon_day(k)
    length = _new_moon_day(k + 1) - month_start
    if day > length:
        month_label = month_name_vi(month, leap=leap).replace("tháng", "Tháng", 1)
        raise InvalidLunarDate(
            f"{month_label} năm {can_chi_year(year)} ({year}) chỉ có {length} ngày, "
            f"không có ngày {day}.",
            code="day_out_of_range",
            params={"year": year, "month": month, "day": day, "length": length},
        )
    return _jd_to_date(month_start + day - 1)


def lunar_occurrence(
    solar_year: int,
    month: int,
    day: int,
    *,
    short_month: ShortMonthRule = "last_day",
) -> date:
    """The solar date on which a yearly lunar event (day/month) falls for `solar_year`.

    Rules, as shown to users:

    - The event is taken in the lunar year that begins (Tết) in `solar_year`: Tết
      (1/1) and Trung thu (15/8) of 2025 fall in 2025. Lunar months 11 and 12 of that
      year can end in January of the next solar year, so for an event in tháng Chạp
      the date returned may be in January of `solar_year + 1`.
    - The event is always kept in the regular month, never in a leap month of the
      same number ("tháng nhuận"), as customary for anniversaries.
    - Day 30 in a year when that month has only 29 days (tháng thiếu) moves to the
      last day of the month, day 29 (`short_month="last_day"`, what most Vietnamese
      calendars do); `short_month="raise"` raises InvalidLunarDate instead.
    """
    if short_month == "last_day" and day == 30:
        day = min(day, lunar_month_length(solar_year, month))
    return lunar_to_solar(solar_year, month, day)
