"""Send every due e-mail now, retries included (the notification sweep's twin)."""

from publishing.commands import TaskTwinCommand
from publishing.notifications import notifications_due_send


class Command(TaskTwinCommand):
    help = "Gửi mọi thư thông báo đã đến hạn, kể cả thư gửi lại (như bộ lập lịch)."

    def run(self, *, dry_run):
        result = notifications_due_send(dry_run=dry_run)
        if dry_run:
            yield f"Sẽ gửi {result['due']} thư."
        else:
            yield f"Đã gửi {result['sent']}/{result['due']} thư."
        if result["interrupted"]:
            yield f"{result['interrupted']} thư bị ngắt khi đang gửi: không gửi lại."
