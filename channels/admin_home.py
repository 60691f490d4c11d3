"""The channels app's box on the admin home: each channel the person manages whose
token needs them (rejected, lost, expiring, missing), and its deliveries that failed
for good. Office staff see every channel; a CĐCS editor their unit's (#14)."""

from django.utils.translation import gettext as _

from publishing.admin_home import Home, HomeBox, HomeLine, change_url, changelist_url
from units import permissions

from . import selectors
from .models import Delivery, SocialChannel


def admin_home_channels(home: Home) -> list[HomeBox]:
    if not home.may_view(SocialChannel):
        return []
    mine = permissions.channels_manageable_by(
        user=home.user, queryset=SocialChannel.objects.all()
    )
    lines = [
        HomeLine(channel.name, url=change_url(channel), detail=warning, urgent=True)
        for channel, warning in selectors.channel_warnings(now=home.now, channels=mine)
    ]
    stuck = selectors.deliveries_stuck(channels=mine).count()
    if stuck:
        lines.append(
            HomeLine(
                _("Lượt gửi mạng xã hội bị lỗi, cần người xử lý"),
                url=changelist_url(Delivery, status__exact=Delivery.Status.FAILED),
                count=stuck,
                urgent=True,
            )
        )
    return [
        HomeBox(
            key="channels",
            title=_("Kênh mạng xã hội cần chú ý"),
            lines=lines,
            order=15,
        )
    ]
