"""Rows of the channels app for the cross-unit attack suite and the admin round trip
(tests/units/test_editor_scope.py): a unit's channel, a delivery to it."""

from channels.models import Delivery, SocialChannel
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory


def unit_channel(unit) -> SocialChannel:
    return SocialChannelFactory(unit=unit)


def unit_delivery(unit) -> Delivery:
    return Delivery.objects.create(
        target=CampaignPostFactory(), channel=SocialChannelFactory(unit=unit)
    )


SCOPED_OBJECTS = {SocialChannel: unit_channel, Delivery: unit_delivery}
