"""Send due deadline reminders and the weekly overdue digest now (beat's twin)."""

from django.core.management.base import BaseCommand

from guidance.services import distribution_reminders_send, overdue_digest_send


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn báo cáo tài liệu định hướng và bản tổng hợp quá hạn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ đếm thư sẽ gửi, không gửi.",
        )

    def handle(self, *args, dry_run=False, **options):
        counts = distribution_reminders_send(dry_run=dry_run)
        self.stdout.write(
            f"Nhắc trước hạn: {counts['before']}; nhắc đúng hạn: {counts['due']}"
            + (" (chạy thử)" if dry_run else "")
        )
        if not dry_run and overdue_digest_send() is not None:
            self.stdout.write("Đã xếp lịch gửi bản tổng hợp quá hạn tuần này.")
