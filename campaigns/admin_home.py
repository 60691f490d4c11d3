"""The campaigns app's boxes on the admin home: the next posts, drafts to localise
(the channels' box is channels.admin_home's)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from publishing.admin_home import (
    LIST_ITEMS,
    Home,
    HomeBox,
    HomeLine,
    change_url,
    changelist_url,
)
from publishing.models import Status

from . import selectors
from .models import CampaignPost

UPCOMING_ITEMS = 10


def _when(post: CampaignPost) -> str:
    return date_format(timezone.localtime(post.publish_at), "H:i d/m/Y")


def _upcoming_box(home: Home) -> HomeBox:
    upcoming = selectors.campaign_posts_upcoming(now=home.now).filter(unit__isnull=True)
    count = upcoming.count()
    return HomeBox(
        key="campaign-posts",
        title=_("Bài chiến dịch 14 ngày tới"),
        lines=[
            HomeLine(
                post.title,
                url=change_url(post),
                detail=f"{_when(post)} · {post.get_status_display()}",
                urgent=post.status != Status.SCHEDULED,
            )
            for post in upcoming.only("pk", "title", "publish_at", "status")[
                :UPCOMING_ITEMS
            ]
        ],
        more=HomeLine(
            _("Tất cả bài chiến dịch 14 ngày tới"),
            url=changelist_url(
                CampaignPost,
                sap_dang=str(selectors.UPCOMING_POST_DAYS),
                unit__isnull="True",
            ),
            count=count,
        )
        if count
        else None,
        empty=_("Không có bài chiến dịch nào trong 14 ngày tới."),
        order=50,
    )


def _to_localise_box(home: Home) -> HomeBox:
    drafts = CampaignPost.objects.filter(
        unit_id__in=home.unit_ids, status=Status.DRAFT, edited=False
    ).order_by("publish_at", "pk")
    count = drafts.count()
    return HomeBox(
        key="campaign-drafts",
        title=_("Bài chiến dịch cần bản địa hóa"),
        lines=[
            HomeLine(
                post.title,
                url=change_url(post),
                detail=_("dự kiến đăng %(when)s") % {"when": _when(post)}
                if post.publish_at
                else "",
            )
            for post in drafts.only("pk", "title", "publish_at")[:LIST_ITEMS]
        ],
        more=HomeLine(
            _("Tất cả bản nháp chiến dịch của đơn vị"),
            url=changelist_url(
                CampaignPost, status__exact=Status.DRAFT, edited__exact=0
            ),
            count=count,
        )
        if count
        else None,
        empty=_("Không có bài chiến dịch nào chờ đơn vị bản địa hóa."),
        order=20,
    )


def admin_home_campaigns(home: Home) -> list[HomeBox]:
    if not home.may_view(CampaignPost):
        return []
    if not home.is_office:
        return [_to_localise_box(home)]
    shortcuts = HomeBox(
        key="shortcuts",
        title=_("Lối tắt"),
        lines=[
            HomeLine(
                _("Lịch chiến dịch tháng này"),
                url=reverse("admin:campaigns_calendar"),
            )
        ],
        order=0,
    )
    return [shortcuts, _upcoming_box(home)]
