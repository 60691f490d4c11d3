"""Send every due social delivery now and line up the campaign posts due within the
minute (the every-minute deliveries task's twin)."""

from campaigns.services.outbox import deliveries_due_send
from campaigns.services.posts import campaign_posts_publish_soon
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Gửi ngay mọi lượt gửi mạng xã hội đã đến hạn (như bộ lập lịch)."

    def run(self, *, dry_run):
        count = deliveries_due_send(dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã xử lý"
        yield f"{verb} {count} lượt gửi."
        if not dry_run:
            yield f"Đã hẹn giờ đăng {campaign_posts_publish_soon()} bài sắp đến hạn."
