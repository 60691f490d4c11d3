"""Make last week's digest and enqueue it (twin of the Monday beat task)."""

from django.core.management.base import BaseCommand

from newsletter.services import newsletter_weekly_send


class Command(BaseCommand):
    help = "Tạo và gửi bản tin tổng hợp tuần trước (như tác vụ định kỳ thứ Hai)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        result = newsletter_weekly_send(dry_run=dry_run)
        self.stdout.write(
            "week {week}: {issues} issue(s), {enqueued} e-mail(s) enqueued".format(
                **result
            )
        )
