"""The key dates' iCalendar feed: all-day events (no VTIMEZONE needed), written with
the `icalendar` library through publishing.ics."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from icalendar import Event

from publishing.ics import calendar_new, ics_uid
from publishing.text import clean_text


def calendar_document(*, events, now: datetime, name: str) -> bytes:
    calendar = calendar_new(name=name, refresh=timedelta(days=1))
    for event in events:
        key_date = event.key_date
        vevent = Event()
        vevent.add("uid", ics_uid(f"{key_date.slug}-{event.year}"))
        vevent.add("dtstamp", now)
        vevent.add("dtstart", event.start)  # a date: VALUE=DATE, all day
        vevent.add("dtend", (event.end or event.start) + timedelta(days=1))  # exclusive
        vevent.add("summary", clean_text(event.title))
        if key_date.description:
            vevent.add("description", clean_text(key_date.description))
        vevent.add("url", settings.SITE_URL + key_date.get_absolute_url())
        vevent.add("transp", "TRANSPARENT")
        calendar.add_component(vevent)
    return calendar.to_ical()
