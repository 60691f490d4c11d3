"""Hard bounces and complaints, received by SMTP on the bounce address, stop sending."""

import smtplib

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from newsletter.bounces import BounceHandler, bounce_parse
from newsletter.models import Subscriber
from tests.support.redis_server import free_port


def dsn(recipient: str, *, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification as relays send them (RFC 3464)."""
    return (
        "From: MAILER-DAEMON@relay.example\r\n"
        "To: bounces@congdoan.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; relay.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"To: {recipient}\r\nSubject: Bản tin\r\n"
        "\r\n--B--\r\n"
    ).encode()


def complaint(recipient: str) -> bytes:
    """An abuse report (RFC 5965) naming the original recipient only in its copy."""
    return (
        "From: fbl@mailbox.example\r\n"
        "To: bounces@congdoan.example\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="F"\r\n'
        "\r\n--F\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report.\r\n"
        "--F\r\nContent-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\nUser-Agent: fbl/1.0\r\nVersion: 1\r\n"
        "\r\n--F\r\nContent-Type: message/rfc822\r\n\r\n"
        f"To: {recipient}\r\nSubject: Bản tin\r\n\r\nNội dung\r\n"
        "\r\n--F--\r\n"
    ).encode()


def _active(email):
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.ACTIVE,
        topics=["office_news"],
        consented_at=timezone.now(),
    )


def test_only_hard_failures_count():
    assert bounce_parse(dsn("a@example.edu.vn"))[0][:2] == (
        "a@example.edu.vn",
        "bounced",
    )
    assert bounce_parse(dsn("a@example.edu.vn", status="4.2.2")) == []
    assert bounce_parse(dsn("a@example.edu.vn", action="delayed", status="5.0.0")) == []
    assert bounce_parse(b"Subject: hello\r\n\r\nnot a report\r\n") == []


@pytest.mark.django_db(transaction=True)
def test_a_bounce_received_by_smtp_stops_sending_to_that_address():
    bounced, other = _active("a@example.edu.vn"), _active("b@example.edu.vn")
    port = free_port()
    controller = Controller(BounceHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
            smtp.sendmail(
                "MAILER-DAEMON@relay.example",
                ["bounces@congdoan.example"],
                dsn("A@example.edu.vn"),
            )
            smtp.sendmail(
                "fbl@mailbox.example",
                ["bounces@congdoan.example"],
                complaint("b@example.edu.vn"),
            )
    finally:
        controller.stop()
    # The handler answers 250 only after processing: the rows have changed.
    bounced.refresh_from_db()
    other.refresh_from_db()
    assert bounced.status == Subscriber.Status.BOUNCED
    assert "5.1.1" in bounced.stop_reason
    assert other.status == Subscriber.Status.COMPLAINED


@pytest.mark.django_db
def test_the_command_reads_saved_reports(tmp_path, capsys):
    person = _active("a@example.edu.vn")
    path = tmp_path / "bounce.eml"
    path.write_bytes(dsn("a@example.edu.vn"))
    call_command("newsletter_bounces_read", str(path))
    person.refresh_from_db()
    assert person.status == Subscriber.Status.BOUNCED
    call_command("newsletter_bounces_read", str(path))  # a second read changes nothing
    assert "0 subscriber(s) stopped" in capsys.readouterr().out
