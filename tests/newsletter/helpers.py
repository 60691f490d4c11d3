"""Reading the links out of the e-mails the newsletter sent."""

import re

from publishing.models import Notification


def link_in(body: str, fragment: str) -> str:
    """The path of the first link in `body` containing `fragment`."""
    pattern = r"https?://[^/\s\"]+([^\s>\"]*" + re.escape(fragment) + r"[^\s>\"]*)"
    match = re.search(pattern, body)
    assert match, f"no link with {fragment!r} in:\n{body}"
    return match.group(1)


def confirmation_link(email: str) -> str:
    notification = Notification.objects.filter(
        kind="newsletter.confirm", to=[email]
    ).latest("pk")
    return link_in(notification.body, "/ban-tin/xac-nhan/")
