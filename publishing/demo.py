"""Demo data of the publishing machinery: the office-staff demo account."""

import os

from django.contrib.auth import get_user_model

DEMO_USERNAME = "vanphong"
DEMO_PASSWORD_DEFAULT = "congdoan-demo-2026"  # noqa: S105 (printed demo password)


def load(*, stdout) -> None:
    """Create or reuse the demo office-staff account and print how to sign in."""
    password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
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
        user.set_password(password)
        user.save(update_fields=["password"])
    stdout.write(
        f"Tài khoản quản trị demo: {DEMO_USERNAME} / "
        f"{password if created or user.check_password(password) else '(đã đổi)'}"
    )
