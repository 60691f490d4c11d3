"""Publish every due item, archive every expired one and send the tasks commits
promised (publishing.outbox): the publishing sweep task's twin."""

from publishing.commands import TaskTwinCommand
from publishing.outbox import outbox_drain
from publishing.workflow import publishing_sweep


class Command(TaskTwinCommand):
    help = (
        "Đăng mọi bài đã đến giờ, gỡ mọi bài đã hết hạn và gửi các tác vụ còn chờ "
        "(như bộ lập lịch)."
    )

    def run(self, *, dry_run):
        result = publishing_sweep(dry_run=dry_run)
        verb = "Sẽ đăng" if dry_run else "Đã đăng"
        for label, count in sorted(result.published.items()):
            yield f"{verb} {count} mục {label}"
        verb = "Sẽ gỡ" if dry_run else "Đã gỡ"
        for label, count in sorted(result.archived.items()):
            yield f"{verb} {count} mục {label}"
        if not result.total:
            yield "Không có gì đến hạn."
        if not dry_run:
            yield f"Đã gửi {outbox_drain()} tác vụ còn chờ."
