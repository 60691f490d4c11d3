"""iCalendar documents of activities, written with the `icalendar` library (RFC 5545).

One function for the public feed (/hoat-dong/lich.ics) and for the .ics attached to a
confirmation e-mail, so the two describe an activity alike: the same UID, so a
calendar that imported both keeps one event.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from icalendar import Event

from publishing.ics import calendar_new, ics_uid
from publishing.text import xml_safe

from .models import Activity


def activity_uid(activity: Activity) -> str:
    return ics_uid(f"activity-{activity.pk}")


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
    calendar = calendar_new(name=name)
    for activity in activities:
        calendar.add_component(_event(activity, now=now))
    return calendar.to_ical()
