"""The move of channels and the outbox out of campaigns (#14) keeps every row: the
ids, the foreign keys (planned posts' channels, deliveries' channels), the encrypted
tokens, the permissions granted on the models, and each delivery's post, which
becomes its generic target (ZU's MigrationsTestCase, as in
tests/publishing/test_notification_migrations.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns.models import CampaignPost, PlannedPost
from channels.models import Delivery, SocialChannel

BEFORE = [("campaigns", "0007_remove_reminderlog"), ("channels", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    if not targets:
        return None
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_channels_deliveries_and_their_links_survive_the_move():
    from tests.campaigns.factories import CampaignPostFactory, PlannedPostFactory

    post = CampaignPostFactory()
    other_post = CampaignPostFactory()
    plan = PlannedPostFactory()
    try:
        old = migrate(BEFORE)
        OldChannel = old.get_model("campaigns", "SocialChannel")
        OldDelivery = old.get_model("campaigns", "Delivery")
        facebook = OldChannel.objects.create(
            kind="facebook", name="Trang Công đoàn", page_id="123",
            access_token="fb-secret-token-a1b2",
        )  # fmt: skip
        zalo = OldChannel.objects.create(
            kind="zalo", name="Zalo OA", access_token="zalo-token",
            cover_url="https://example.vn/bia.jpg",
        )  # fmt: skip
        old.get_model("campaigns", "PlannedPost").objects.get(pk=plan.pk).channels.set(
            [facebook.pk, zalo.pk]
        )
        sent = OldDelivery.objects.create(
            post_id=post.pk, channel_id=facebook.pk, status="sent",
            external_id="123_456", attempts=1,
        )  # fmt: skip
        waiting = OldDelivery.objects.create(post_id=other_post.pk, channel_id=zalo.pk)
        group = old.get_model("auth", "Group").objects.create(name="Kênh")
        group.permissions.add(
            old.get_model("auth", "Permission").objects.get(
                codename="change_socialchannel",
                content_type__app_label="campaigns",
            )
        )
        ids = {"facebook": facebook.pk, "zalo": zalo.pk}
    finally:
        migrate(None)

    channel = SocialChannel.objects.get(pk=ids["facebook"])
    assert channel.name == "Trang Công đoàn"
    # The channels of before were the office's: they go to the office's unit.
    assert channel.unit.kind == "office"
    assert SocialChannel.objects.get(pk=ids["zalo"]).unit_id == channel.unit_id
    assert channel.access_token == "fb-secret-token-a1b2"  # still decrypts
    assert set(
        PlannedPost.objects.get(pk=plan.pk).channels.values_list("pk", flat=True)
    ) == set(ids.values())
    moved = Delivery.objects.get(pk=sent.pk)
    assert (moved.target, moved.channel_id, moved.status, moved.external_id) == (
        CampaignPost.objects.get(pk=post.pk), ids["facebook"], "sent", "123_456",
    )  # fmt: skip
    assert Delivery.objects.get(pk=waiting.pk).target.pk == other_post.pk
    assert list(post.deliveries.values_list("pk", flat=True)) == [sent.pk]
    # New rows continue the old tables' sequences.
    new = Delivery.objects.create(target=post, channel_id=ids["zalo"])
    assert new.pk > waiting.pk
    # The permission granted on the old model is the new model's.
    channel_type = ContentType.objects.get_for_model(SocialChannel)
    assert channel_type.app_label == "channels"
    assert Group.objects.get(name="Kênh").permissions.get() == Permission.objects.get(
        codename="change_socialchannel", content_type=channel_type
    )
    assert not ContentType.objects.filter(
        app_label="campaigns", model__in=["socialchannel", "delivery"]
    ).exists()
