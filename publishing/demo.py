"""Demo data of the publishing machinery: the office-staff demo account, and the one
rule for demo passwords every app's demo accounts use.

In development (DEBUG on, or DEMO_DATA_ALLOWED as in the test settings) the demo
accounts get DEMO_PASSWORD or the public demo password the README prints. Anywhere
else `demo_load` refuses to run unless forced, and even then never uses the public
password: it makes a random one and prints it once (#12).
"""

import os
import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

DEMO_USERNAME = "vanphong"
DEMO_PASSWORD_DEFAULT = "congdoan-demo-2026"  # noqa: S105 (printed demo password)

# (password, generated) for the demo_load run under way.
_run_password: ContextVar[tuple[str, bool] | None] = ContextVar(
    "demo_password", default=None
)


def is_development() -> bool:
    return bool(settings.DEBUG or getattr(settings, "DEMO_DATA_ALLOWED", False))


def demo_password_choose() -> tuple[str, bool]:
    """The demo accounts' password for a run, and whether it was generated."""
    chosen = os.environ.get("DEMO_PASSWORD", "")
    if is_development():
        return chosen or DEMO_PASSWORD_DEFAULT, False
    if chosen and chosen != DEMO_PASSWORD_DEFAULT:
        return chosen, False
    return secrets.token_urlsafe(16), True


@contextmanager
def demo_password_run(password: str, *, generated: bool):
    """Every demo account created inside gets `password` (demo_load)."""
    token = _run_password.set((password, generated))
    try:
        yield
    finally:
        _run_password.reset(token)


def _current() -> tuple[str, bool]:
    current = _run_password.get()
    if current is None:  # an app's loader called on its own (tests)
        current = demo_password_choose()
        _run_password.set(current)
    return current


def demo_password() -> str:
    """The password to give a demo account created now."""
    return _current()[0]


def demo_password_label() -> str:
    """What to print for it: the password itself, unless it was generated, which
    demo_load prints once at the end."""
    password, generated = _current()
    return _("(mật khẩu ngẫu nhiên, in ở cuối)") if generated else password


def load(*, stdout) -> None:
    """Create or reuse the demo office-staff account and print how to sign in."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "first_name": "Văn phòng",
            "last_name": "Công đoàn",
            "email": "vanphong@example.edu.vn",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    shown = (
        demo_password_label()
        if created or user.check_password(demo_password())
        else _("(đã đổi)")
    )
    stdout.write(
        _("Tài khoản quản trị demo: %(username)s / %(password)s")
        % {"username": DEMO_USERNAME, "password": shown}
    )
