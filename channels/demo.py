"""Demo channels: the office's Facebook Page and Zalo OA, and a Page of each of the
CĐCS Bách khoa and Khoa học Tự nhiên.

Their ids and tokens are those of the local protocol server the tests run
(tests/support/social_servers.py): start it with
`python -m tests.support.social_servers` and point FACEBOOK_GRAPH_URL,
ZALO_OPENAPI_URL and ZALO_OAUTH_URL at it (README, "Social channels in the demo"),
and what the demo sends lands there instead of on Facebook or Zalo. Idempotent:
channels are matched by name.
"""

# The tokens are the local test server's own, not secrets.
# ruff: noqa: S106

from units.models import Unit

from .models import SocialChannel
from .services.credentials import social_channel_save

FACEBOOK = {"kind": SocialChannel.Kind.FACEBOOK, "page_id": "1234567890"}
ZALO = {
    "kind": SocialChannel.Kind.ZALO,
    "app_id": "zalo-app-id",
    "cover_url": "https://congdoan.example.edu.vn/static/img/zalo-bia.jpg",
}
SECRETS = {
    SocialChannel.Kind.FACEBOOK: {"access_token": "fb-page-token"},
    SocialChannel.Kind.ZALO: {
        "access_token": "zalo-access-1",
        "refresh_token": "zalo-refresh-1",
        "app_secret": "zalo-secret-key",
    },
}
# unit slug, channel name, platform
CHANNELS = [
    ("cong-doan-dhqg-hcm", "Trang Facebook Công đoàn ĐHQG-HCM", FACEBOOK),
    ("cong-doan-dhqg-hcm", "Zalo OA Công đoàn ĐHQG-HCM", ZALO),
    ("bach-khoa", "Trang Facebook Công đoàn ĐH Bách khoa", FACEBOOK),
    # Facebook too: the local server has one Zalo OA, whose refresh token rotates.
    ("khoa-hoc-tu-nhien", "Trang Facebook Công đoàn ĐH KHTN", FACEBOOK),
]


def load(*, stdout) -> None:
    units = {u.slug: u for u in Unit.objects.filter(slug__in={c[0] for c in CHANNELS})}
    created = 0
    for slug, name, platform in CHANNELS:
        if slug not in units or SocialChannel.objects.filter(name=name).exists():
            continue
        social_channel_save(
            channel=SocialChannel(unit=units[slug], name=name, **platform),
            **SECRETS[platform["kind"]],
        )
        created += 1
    stdout.write(f"Kênh mạng xã hội demo: thêm {created} kênh.")
