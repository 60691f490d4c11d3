"""Make last week's digest and enqueue it: the newsletter beat task's twin."""

from newsletter.services import newsletter_weekly_send
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Tạo và gửi bản tin tổng hợp tuần trước (như tác vụ định kỳ)."

    def run(self, *, dry_run):
        result = newsletter_weekly_send(dry_run=dry_run)
        yield (
            "Tuần {week}: {issues} bản tin, {enqueued} thư đã xếp hàng gửi.".format(
                **result
            )
        )
