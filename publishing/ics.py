"""iCalendar (RFC 5545) documents, written with the `icalendar` library.

Every calendar the site serves or attaches (key dates, activities) starts here, so
they share one product id, name and time zone, and UIDs of one form.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar

PRODUCT_ID = "-//Cong doan DHQG-HCM//Cong thong tin//VI"


def ics_uid(local: str) -> str:
    """A UID unique to this site: `local` must be unique among its calendar's events."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{local}@{host}"


def calendar_new(*, name: str, refresh: timedelta | None = None) -> Calendar:
    """An empty published calendar called `name`; `refresh` asks subscribing apps to
    fetch it again that often (REFRESH-INTERVAL, RFC 7986, and Outlook's TTL)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    return calendar
