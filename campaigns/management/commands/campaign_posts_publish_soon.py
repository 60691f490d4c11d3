"""Line up the campaign posts due within the minute for exact-time publication (the
every-minute task's twin)."""

from campaigns.services.posts import campaign_posts_publish_soon
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Hẹn giờ đăng chính xác các bài chiến dịch đến hạn trong phút tới."
    dry_run = False

    def run(self, *, dry_run):
        yield f"Đã hẹn giờ đăng {campaign_posts_publish_soon()} bài sắp đến hạn."
