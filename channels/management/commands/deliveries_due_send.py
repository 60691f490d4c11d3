"""Send every due social delivery now (the every-minute deliveries task's twin)."""

from channels.services.outbox import deliveries_due_send
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Gửi ngay mọi lượt gửi mạng xã hội đã đến hạn (như bộ lập lịch)."

    def run(self, *, dry_run):
        count = deliveries_due_send(dry_run=dry_run)
        verb = "Sẽ gửi" if dry_run else "Đã xử lý"
        yield f"{verb} {count} lượt gửi."
