"""Send every due social delivery now (the every-minute sweep's twin)."""

from django.core.management.base import BaseCommand

from campaigns.services import deliveries_due_send


class Command(BaseCommand):
    help = "Gửi ngay mọi lượt gửi mạng xã hội đã đến hạn (như bộ lập lịch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không gửi gì."
        )

    def handle(self, *args, dry_run=False, **options):
        count = deliveries_due_send(dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã xử lý"
        self.stdout.write(f"{verb} {count} lượt gửi.")
