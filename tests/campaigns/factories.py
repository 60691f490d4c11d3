"""Factories for key dates, campaigns, their posts and social channels."""

# The default token is the local test server's own, not a secret.
# ruff: noqa: S107

import datetime

import factory
from factory.django import DjangoModelFactory

from campaigns.models import (
    Campaign,
    CampaignPost,
    KeyDate,
    Occurrence,
    PlannedPost,
)
from campaigns.services.key_dates import key_date_save
from channels.models import SocialChannel
from channels.services.credentials import social_channel_save
from publishing.workflow import Intent, content_save
from tests.units.factories import office_unit


class KeyDateFactory(DjangoModelFactory):
    """A solar key date (28/7, founded 1929) unless told otherwise."""

    class Meta:
        model = KeyDate

    name = factory.Sequence(lambda n: f"Ngày truyền thống số {n}")
    kind = KeyDate.Kind.SOLAR
    day = 28
    month = 7
    founding_year = 1929

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return key_date_save(key_date=model_class(*args, **kwargs))


class SocialChannelFactory(DjangoModelFactory):
    """A Facebook Page of the office with a token (kind=zalo for a Zalo OA, unit=...
    for a CĐCS's)."""

    class Meta:
        model = SocialChannel

    unit = factory.LazyFunction(office_unit)
    name = factory.Sequence(lambda n: f"Kênh {n}")
    kind = SocialChannel.Kind.FACEBOOK
    page_id = "1234567890"
    cover_url = "https://congdoan.example.vn/media/bia.jpg"

    @classmethod
    def _create(cls, model_class, *args, access_token="fb-page-token",
                refresh_token="", app_secret="", **kwargs):  # fmt: skip
        return social_channel_save(
            channel=model_class(*args, **kwargs),
            access_token=access_token,
            refresh_token=refresh_token,
            app_secret=app_secret,
        )


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    key_date = factory.SubFactory(KeyDateFactory)
    name = factory.Sequence(lambda n: f"Chiến dịch số {n}")
    first_year = 2025


class PlannedPostFactory(DjangoModelFactory):
    class Meta:
        model = PlannedPost

    campaign = factory.SubFactory(CampaignFactory)
    kind = PlannedPost.Kind.GREETING
    offset_days = 0
    time_of_day = datetime.time(8, 0)
    title_template = "Kỷ niệm {lan_thu} năm {ten} ({nam})"
    body_template = "Chào mừng {ngay}.\n\nÂm lịch: {ngay_am}."


class OccurrenceFactory(DjangoModelFactory):
    class Meta:
        model = Occurrence

    campaign = factory.SubFactory(CampaignFactory)
    year = 2026
    date = datetime.date(2026, 7, 28)


class CampaignPostFactory(DjangoModelFactory):
    """A unit's draft copy when given a unit; the office's published post otherwise."""

    class Meta:
        model = CampaignPost

    occurrence = factory.SubFactory(OccurrenceFactory)
    title = factory.Sequence(lambda n: f"Chào mừng ngày truyền thống lần {n}")
    body = "<p>Nội dung bài chiến dịch.</p>"

    @classmethod
    def _create(cls, model_class, *args, intent=None, **kwargs):
        post = model_class(*args, **kwargs)
        if intent is None:
            intent = Intent.DRAFT if post.unit_id else Intent.PUBLISH
        return content_save(obj=post, intent=intent)


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
def unit_copy(unit) -> CampaignPost:
    """A unit's draft copy in a campaign the unit takes part in."""
    occurrence = OccurrenceFactory()
    occurrence.campaign.units.add(unit)
    return CampaignPostFactory(occurrence=occurrence, unit=unit)


SCOPED_OBJECTS = {CampaignPost: unit_copy}
