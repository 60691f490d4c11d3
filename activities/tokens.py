"""The signed codes of a registration: the check-in code in its QR, its private links.

- The check-in code is ``<registration id>-<12 hex digits>``, the digits a keyed hash
  (HMAC with SECRET_KEY, django.utils.crypto.salted_hmac) of the registration and its
  activity. Short enough to type at the door; forging one needs SECRET_KEY, and a
  code names its activity, so a code of another event is told apart from a forgery.
- The ticket and cancellation links carry a django.core.signing token of the
  registration id, each with its own salt: a ticket link cannot cancel.
"""

import re
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CHECKIN_SALT = "activities.checkin"
TICKET_SALT = "activities.ticket"
CANCEL_SALT = "activities.cancel"
CHECKIN_DIGITS = 12
_CODE = re.compile(rf"^\s*(\d{{1,12}})\s*-\s*([0-9a-fA-F]{{{CHECKIN_DIGITS}}})\s*$")


def _digest(registration_id: int, activity_id: int) -> str:
    value = f"{registration_id}:{activity_id}"
    return salted_hmac(CHECKIN_SALT, value).hexdigest()[:CHECKIN_DIGITS]


def checkin_code(*, registration_id: int, activity_id: int) -> str:
    return f"{registration_id}-{_digest(registration_id, activity_id)}"


@dataclass(frozen=True)
class ParsedCode:
    registration_id: int
    digest: str


def checkin_code_parse(code: str) -> ParsedCode | None:
    """The parts of a typed or scanned code; None if it is not shaped like one."""
    match = _CODE.match(code or "")
    if match is None:
        return None
    return ParsedCode(int(match[1]), match[2].lower())


def checkin_code_matches(parsed: ParsedCode, *, activity_id: int) -> bool:
    expected = _digest(parsed.registration_id, activity_id)
    return constant_time_compare(parsed.digest, expected)


def ticket_token(registration_id: int) -> str:
    return signing.Signer(salt=TICKET_SALT).sign(str(registration_id))


def cancel_token(registration_id: int) -> str:
    return signing.Signer(salt=CANCEL_SALT).sign(str(registration_id))


def _unsign(token: str, salt: str) -> int | None:
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def ticket_token_read(token: str) -> int | None:
    return _unsign(token, TICKET_SALT)


def cancel_token_read(token: str) -> int | None:
    return _unsign(token, CANCEL_SALT)
