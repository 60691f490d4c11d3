"""Read Facebook tokens' expiry and refresh Zalo tokens near expiry (the hourly
channel check's twin)."""

from channels.services.credentials import social_channels_check
from publishing.commands import TaskTwinCommand


class Command(TaskTwinCommand):
    help = "Kiểm tra mã truy cập của các kênh mạng xã hội (như bộ lập lịch)."
    dry_run = False

    def run(self, *, dry_run):
        outcomes = social_channels_check()
        for name, outcome in sorted(outcomes.items()):
            yield f"{name}: {outcome}"
        if not outcomes:
            yield "Không có kênh nào đang hoạt động."
