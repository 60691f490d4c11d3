"""iCalendar documents of activities, written with the `icalendar` library (RFC 5545).

One function for the public feed (/hoat-dong/lich.ics) and for the .ics attached to a
confirmation e-mail, so the two describe an activity alike: the same UID, so a
calendar that imported both keeps one event.
"""

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from publishing.text import xml_safe

from .models import Activity


def activity_uid(activity: Activity) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"activity-{activity.pk}@{host}"


def _event(activity: Activity, *, now: datetime) -> Event:
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", now)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("summary", xml_safe(activity.title))
    event.add("location", xml_safe(activity.place))
    if activity.summary:
        event.add("description", xml_safe(activity.summary))
    event.add("url", settings.SITE_URL + activity.get_absolute_url())
    return event


def calendar_document(
    *, activities: Iterable[Activity], now: datetime, name: str
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Cong doan DHQG-HCM//Hoat dong//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for activity in activities:
        calendar.add_component(_event(activity, now=now))
    return calendar.to_ical()
