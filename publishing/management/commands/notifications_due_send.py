"""Send every due e-mail now, retries included (the notification sweep's twin)."""

from django.core.management.base import BaseCommand

from publishing.notifications import notifications_due_send


class Command(BaseCommand):
    help = "Gửi mọi thư thông báo đã đến hạn, kể cả thư gửi lại (như bộ lập lịch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không gửi gì."
        )

    def handle(self, *args, dry_run=False, **options):
        result = notifications_due_send(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Sẽ gửi {result['due']} thư.")
        else:
            self.stdout.write(f"Đã gửi {result['sent']}/{result['due']} thư.")
        if result["interrupted"]:
            self.stdout.write(
                f"{result['interrupted']} thư bị ngắt khi đang gửi: không gửi lại."
            )
