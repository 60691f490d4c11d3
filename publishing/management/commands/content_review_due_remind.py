"""E-mail the author and reviewers of items still waiting for their unit's review a
day before their publish time: the content_review_due_remind task's twin."""

from publishing.commands import TaskTwinCommand
from publishing.review import content_review_due_remind


class Command(TaskTwinCommand):
    help = (
        "Nhắc người viết và người duyệt các bài sắp đến giờ đăng (trong 24 giờ) mà "
        "chưa được duyệt trong đơn vị (như bộ lập lịch)."
    )

    def run(self, *, dry_run):
        counts = content_review_due_remind(dry_run=dry_run)
        verb = "Sẽ nhắc" if dry_run else "Đã nhắc"
        for label, count in sorted(counts.items()):
            yield f"{verb} {count} mục {label}"
        if not counts:
            yield "Không có bài nào cần nhắc."
