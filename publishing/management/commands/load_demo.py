"""Load the Vietnamese demo content of every app; running it twice changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tiếng Việt (chạy lại nhiều lần không tạo bản trùng)."

    def handle(self, *args, **options):
        # Each app may have a demo.py with load(stdout=...); apps are visited in
        # INSTALLED_APPS order, so units come before the content that points to them.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(config.name) and find_spec(module_name):
                with transaction.atomic():
                    import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
