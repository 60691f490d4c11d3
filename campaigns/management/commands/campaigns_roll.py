"""Create this year's and next year's campaign occurrences and write due posts (the
yearly roll-over task's twin)."""

from django.core.management.base import BaseCommand

from campaigns.services import campaign_occurrences_roll, campaign_posts_materialise


class Command(BaseCommand):
    help = (
        "Tạo lần tổ chức năm nay và năm sau cho mọi chiến dịch đang chạy, rồi viết "
        "các bài sắp đến hạn (như tác vụ hằng năm)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không thay đổi gì."
        )

    def handle(self, *args, dry_run=False, **options):
        created = campaign_occurrences_roll(dry_run=dry_run)
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        self.stdout.write(f"{verb} {created} lần tổ chức.")
        if dry_run:
            return
        result = campaign_posts_materialise()
        self.stdout.write(
            f"Bài: tạo {result.created}, cập nhật {result.updated}, bỏ qua "
            f"{result.skipped} (quá giờ); {result.deliveries} lượt gửi mới."
        )
        for error in result.errors:
            self.stderr.write(error)
