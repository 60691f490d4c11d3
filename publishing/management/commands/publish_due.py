"""Publish every due item and archive every expired one now (the sweep's twin)."""

from django.core.management.base import BaseCommand

from publishing.workflow import publishing_sweep


class Command(BaseCommand):
    help = "Đăng mọi bài đã đến giờ và gỡ mọi bài đã hết hạn (như bộ lập lịch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ đếm, không thay đổi gì.",
        )

    def handle(self, *args, dry_run=False, **options):
        result = publishing_sweep(dry_run=dry_run)
        verb = "Sẽ đăng" if dry_run else "Đã đăng"
        for label, count in sorted(result.published.items()):
            self.stdout.write(f"{verb} {count} mục {label}")
        verb = "Sẽ gỡ" if dry_run else "Đã gỡ"
        for label, count in sorted(result.archived.items()):
            self.stdout.write(f"{verb} {count} mục {label}")
        if not result.total:
            self.stdout.write("Không có gì đến hạn.")
