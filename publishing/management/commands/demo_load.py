"""Load the Vietnamese demo content of every app; running it twice changes nothing.

Outside development (DEBUG off and no DEMO_DATA_ALLOWED: production) it refuses to
run unless given --force, and then gives the demo accounts a random password that it
prints once, never the public demo password (#12).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from publishing.demo import demo_password_choose, demo_password_run, is_development


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tiếng Việt (chạy lại nhiều lần không tạo bản trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Nạp cả khi không ở môi trường phát triển (mật khẩu demo ngẫu nhiên).",
        )

    def handle(self, *args, force=False, **options):
        if not is_development() and not force:
            raise CommandError(
                _(
                    "Đây không phải môi trường phát triển (DEBUG tắt): không nạp dữ "
                    "liệu mẫu. Nếu thật sự cần, chạy lại với --force; các tài khoản "
                    "demo sẽ nhận một mật khẩu ngẫu nhiên."
                )
            )
        password, generated = demo_password_choose()
        with demo_password_run(password, generated=generated):
            # Each app may have a demo.py with load(stdout=...); apps are visited in
            # INSTALLED_APPS order, so units come before the content pointing to them.
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(config.name) and find_spec(module_name):
                    with transaction.atomic():
                        import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Đã nạp dữ liệu mẫu.")))
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Mật khẩu ngẫu nhiên của các tài khoản demo mới tạo (chỉ in "
                        "lần này): %(password)s"
                    )
                    % {"password": password}
                )
            )
