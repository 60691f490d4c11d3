"""Queue the due deadline reminders of guidance distributions now (the hourly
reminders task's twin)."""

from guidance.services import distribution_reminders_send
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Gửi thư nhắc hạn báo cáo tài liệu định hướng (như bộ lập lịch)."

    def run(self, *, dry_run):
        counts = distribution_reminders_send(dry_run=dry_run)
        yield (
            f"Nhắc trước hạn: {counts['before']}; nhắc đúng hạn: {counts['due']}"
            + (" (chạy thử)" if dry_run else "")
        )
