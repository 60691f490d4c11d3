"""Read saved bounce and complaint messages (files, or stdin) and stop sending."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from newsletter.bounces import bounce_process


class Command(BaseCommand):
    help = "Đọc thư báo lỗi (DSN) và thư khiếu nại, ngừng gửi tới các địa chỉ đó."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="tệp .eml; không có: đọc stdin")

    def handle(self, *args, paths=(), **options):
        sources = [Path(path).read_bytes() for path in paths] or [
            sys.stdin.buffer.read()
        ]
        changed = sum(bounce_process(raw) for raw in sources)
        self.stdout.write(f"{changed} subscriber(s) stopped")
