"""Draft last month's bulletin board for every active unit that has none yet (the
daily boards task's twin)."""

from handbook.boards import boards_monthly_suggest
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Đề xuất bảng tin tháng trước cho mọi đơn vị chưa có (như bộ lập lịch)."

    def run(self, *, dry_run):
        counts = boards_monthly_suggest(dry_run=dry_run)
        yield (
            f"Bảng tin mới: {counts['created']}; đã có: {counts['existing']}; "
            f"không có mục nào: {counts['empty']}" + (" (chạy thử)" if dry_run else "")
        )
