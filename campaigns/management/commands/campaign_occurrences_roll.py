"""Create this year's and next year's campaign occurrences and write due posts (the
daily roll-over task's twin)."""

from campaigns.services.plans import campaign_occurrences_roll
from campaigns.services.posts import campaign_posts_materialise
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = (
        "Tạo lần tổ chức năm nay và năm sau cho mọi chiến dịch đang chạy, rồi viết "
        "các bài sắp đến hạn (như tác vụ hằng ngày)."
    )

    def run(self, *, dry_run):
        created = campaign_occurrences_roll(dry_run=dry_run)
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        yield f"{verb} {created} lần tổ chức."
        if dry_run:
            return
        result = campaign_posts_materialise()
        yield (
            f"Bài: tạo {result.created}, cập nhật {result.updated}, bỏ qua "
            f"{result.skipped} (quá giờ); {result.deliveries} lượt gửi mới."
        )
        for error in result.errors:
            self.stderr.write(error)
