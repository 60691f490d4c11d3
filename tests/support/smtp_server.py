"""A real SMTP server on this machine (aiosmtpd) that can refuse like a busy relay.

    with smtp_server(settings, refuse=2) as server:  # "451 try later" twice
        ...
        assert len(server.messages) == 1

`settings` is pytest-django's fixture: the site's SMTP backend is pointed at the
server for the block. E-mail leaves the process, so tests talk SMTP to a real server
rather than mocking send_mail (tests/README: mock only what leaves the machine, and
there use a local server).
"""

import threading
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.support.redis_server import free_port


class _Handler:
    def __init__(self, refuse: int, code: str):
        self.refuse = refuse
        self.code = code
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse > 0:
                self.refuse -= 1
                return self.code
            self.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
        return "250 OK"


@contextmanager
def smtp_server(settings, *, refuse: int = 0, code: str = "451 4.3.0 Try later"):
    handler = _Handler(refuse, code)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    handler.port = port
    try:
        yield handler
    finally:
        controller.stop()
