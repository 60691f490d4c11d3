"""Read back reach and reactions of recent Facebook posts (the six-hourly task's twin)."""

from channels.reach import REACH_REFRESH_DAYS, delivery_reach_refresh
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = (
        "Cập nhật số người tiếp cận và lượt cảm xúc của các bài đã đăng lên Facebook."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--days",
            type=int,
            default=REACH_REFRESH_DAYS,
            help="Các bài đăng trong bấy nhiêu ngày gần đây.",
        )

    def handle(self, *args, days=REACH_REFRESH_DAYS, **options):
        self.days = days
        super().handle(*args, **options)

    def run(self, *, dry_run):
        counts = delivery_reach_refresh(days=self.days, dry_run=dry_run)
        if dry_run:
            yield f"Có {counts['posts']} bài Facebook trong {self.days} ngày qua."
        else:
            yield (
                f"Đã cập nhật {counts['refreshed']}/{counts['posts']} bài Facebook; "
                f"{counts['failed']} bài chưa đọc được."
            )
