"""Dates and times as Vietnamese people read and type them: day first, always.

Django's own `vi` locale defines no input formats, so without this module US order
applies and "05/01/2027" would be read as the 1st of May (see #11). Only day-first
formats are listed; ISO `yyyy-mm-dd` (the native date pickers' value) is added by
Django to every list. Public pages write dates in words through the `vn_date` filter;
these formats are what the admin and forms show.
"""

DATE_FORMAT = "d/m/Y"  # 05/01/2027
TIME_FORMAT = "H:i"  # 08:30
DATETIME_FORMAT = "d/m/Y H:i"  # 05/01/2027 08:30, the order people type it
YEAR_MONTH_FORMAT = r"\T\h\á\n\g n/Y"  # Tháng 1/2027
MONTH_DAY_FORMAT = "d/m"  # 05/01
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/01/2027
    "%d-%m-%Y",  # 05-01-2027
    "%d.%m.%Y",  # 05.01.2027
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 08:30
    "%H:%M:%S",  # 08:30:15
    "%Hg%M",  # 8g30, as written on notices
    "%Hh%M",  # 8h30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 05/01/2027 08:30
    "%d/%m/%Y %H:%M:%S",  # 05/01/2027 08:30:15
    "%H:%M %d/%m/%Y",  # 08:30 05/01/2027, as the admin's status lines write it
    "%d-%m-%Y %H:%M",  # 05-01-2027 08:30
    "%d/%m/%Y",  # 05/01/2027: midnight
    "%Y-%m-%dT%H:%M",  # the native datetime-local picker
    "%Y-%m-%dT%H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
