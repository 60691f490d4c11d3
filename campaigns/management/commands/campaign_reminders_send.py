"""E-mail the editors of units whose campaign is 14 days away or less (the daily
reminders task's twin). Each reminder goes once, whoever runs it."""

from campaigns.services.reminders import campaign_reminders_send
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Gửi thư nhắc chiến dịch sắp đến cho biên tập viên CĐCS (như bộ lập lịch)."
    dry_run = False

    def run(self, *, dry_run):
        yield f"Đã gửi {campaign_reminders_send()} thư nhắc."
