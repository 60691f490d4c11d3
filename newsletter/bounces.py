"""Hard bounces (RFC 3464 DSN) and complaints (RFC 5965 ARF) stop sending.

The relay sends them to the bounce address (NEWSLETTER_BOUNCE_ADDRESS, the envelope
sender of every e-mail). `BounceHandler` is an aiosmtpd handler that receives them
(`manage.py newsletter_bounces_serve`); `newsletter_bounces_read` reads saved
messages instead. Both call `bounce_process`.
"""

import asyncio
import logging
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses

from .models import Subscriber
from .services import subscriber_stop

logger = logging.getLogger(__name__)


def _address(value: str) -> str:
    # "rfc822; someone@example.org" (Final-Recipient) or a plain header value
    value = value.split(";", 1)[-1].strip()
    addresses = [address for _name, address in getaddresses([value]) if address]
    return addresses[0].lower() if addresses else ""


def _delivery_status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):  # the parser splits the blocks into sub-messages
        return payload
    text = part.get_payload(decode=True) or b""
    return [message_from_bytes(block) for block in text.split(b"\n\n") if block.strip()]


def bounce_parse(raw: bytes) -> list[tuple[str, str, str]]:
    """(address, status, reason) for each hard failure or complaint in one message."""
    message = message_from_bytes(raw, policy=policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    report_type = (message.get_param("report-type") or "").lower()
    found = []
    for part in message.walk():
        kind = part.get_content_type()
        if report_type == "delivery-status" and kind == "message/delivery-status":
            for block in _delivery_status_blocks(part):
                action = (block.get("Action") or "").strip().lower()
                status = (block.get("Status") or "").strip()
                recipient = _address(
                    block.get("Final-Recipient")
                    or block.get("Original-Recipient")
                    or ""
                )
                if recipient and action == "failed" and status.startswith("5"):
                    reason = (block.get("Diagnostic-Code") or status).strip()
                    found.append((recipient, Subscriber.Status.BOUNCED, reason))
        elif report_type == "feedback-report" and kind == "message/feedback-report":
            block = _delivery_status_blocks(part)
            fields = block[0] if block else Message()
            recipient = _address(fields.get("Original-Rcpt-To") or "")
            if not recipient:
                recipient = _original_to(message)
            if recipient:
                feedback = (fields.get("Feedback-Type") or "abuse").strip()
                found.append((recipient, Subscriber.Status.COMPLAINED, feedback))
    return found


def _original_to(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            payload = part.get_payload()
            original = payload[0] if isinstance(payload, list) else None
            if original is None:
                original = message_from_bytes(part.get_payload(decode=True) or b"")
            return _address(original.get("To") or "")
    return ""


def bounce_process(raw: bytes) -> int:
    """Stop sending to every address a bounce or complaint names; rows changed."""
    changed = 0
    for address, status, reason in bounce_parse(raw):
        logger.info("newsletter: %s for an address (%s)", status, reason[:100])
        changed += subscriber_stop(email=address, status=status, reason=reason)
    return changed


class BounceHandler:
    """aiosmtpd handler for the bounce address: accept everything, process it."""

    async def handle_DATA(self, server, session, envelope):
        # The ORM is synchronous: run it off the event loop.
        await asyncio.to_thread(bounce_process, envelope.original_content)
        return "250 OK"
