"""English pages of a Vietnamese portal: words in English, dates typed day first.

Django's `en` locale reads "05/01/2027" as the 1st of May; here it is always the
5th of January, as in the Vietnamese pages (see #11).
"""

from unionportal.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_INPUT_FORMATS,
)

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
