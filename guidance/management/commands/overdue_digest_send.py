"""Queue this week's digest of units past a guidance deadline, if not queued yet
(the daily digest task's twin)."""

from guidance.services import overdue_digest_send
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Gửi văn phòng bản tổng hợp đơn vị quá hạn của tuần (như bộ lập lịch)."
    dry_run = False

    def run(self, *, dry_run):
        notification = overdue_digest_send()
        if notification is None:
            yield "Không có bản tổng hợp mới (đã gửi tuần này hoặc không đơn vị quá hạn)."
        else:
            yield "Đã xếp hàng bản tổng hợp đơn vị quá hạn của tuần."
