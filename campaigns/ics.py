"""A hand-written iCalendar (RFC 5545) feed of key dates: all-day events, so no
VTIMEZONE is needed; DTSTAMP in UTC; CRLF line ends; lines folded at 75 octets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings

from publishing.text import clean_text


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545, 3.3.11): backslash, semicolon, comma, newline; no
    control characters but tab (3.3.11 allows no others)."""
    return (
        clean_text(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never inside a UTF-8
    character; continuation lines start with one space (RFC 5545, 3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def calendar_document(*, events, now: datetime, name: str) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    dtstamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{host}//Union Portal campaigns//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    for event in events:
        key_date = event.key_date
        end = (event.end or event.start) + timedelta(days=1)  # DTEND is exclusive
        description = key_date.description or ""
        lines += [
            "BEGIN:VEVENT",
            f"UID:{key_date.slug}-{event.year}@{host}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{_date(event.start)}",
            f"DTEND;VALUE=DATE:{_date(end)}",
            f"SUMMARY:{escape_text(event.title)}",
            *([f"DESCRIPTION:{escape_text(description)}"] if description else []),
            f"URL:{settings.SITE_URL}{key_date.get_absolute_url()}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
