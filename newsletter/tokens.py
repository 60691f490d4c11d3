"""Signed links for a subscriber: confirm (expires), manage and unsubscribe (do not)."""

import hashlib

from django.core import signing

from .models import Subscriber

CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"
CONFIRM_MAX_AGE_SECONDS = 3 * 24 * 60 * 60


class TokenInvalid(Exception):
    """Tampered with, for another purpose, or for an address no longer here."""


class TokenExpired(Exception):
    pass


def _digest(email: str) -> str:
    # The address is in the token only as a hash: a reused id never matches.
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def token_make(*, subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "e": _digest(subscriber.email)},
        salt=f"newsletter.{purpose}",
        compress=True,
    )


def token_read(*, token: str, purpose: str) -> Subscriber:
    """The subscriber a link is for; TokenExpired or TokenInvalid otherwise."""
    max_age = CONFIRM_MAX_AGE_SECONDS if purpose == CONFIRM else None
    try:
        data = signing.loads(token, salt=f"newsletter.{purpose}", max_age=max_age)
        pk, digest = int(data["s"]), str(data["e"])
    except signing.SignatureExpired:
        raise TokenExpired from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenInvalid from None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _digest(subscriber.email) != digest:
        raise TokenInvalid
    return subscriber
