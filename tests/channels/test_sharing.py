"""“Chia sẻ lên” (#14 point 2): every content admin built on PublishableAdminMixin
offers, in its publishing fieldset, the channels of the item's unit (and the
office's, for office staff), preselected per channel; publishing creates the
deliveries in the shared outbox, once per item and channel. Through the admin forms
as rendered, for each content type of the registry."""

import pytest
from django.contrib import admin

from channels.models import Delivery
from publishing.admin import PublishableAdminMixin
from tests.campaigns.factories import SocialChannelFactory
from tests.support.forms import form_data
from tests.units.factories import office_unit
from tests.units.test_editor_scope import SCOPED_OBJECTS

pytestmark = pytest.mark.django_db


def shared_models():
    return sorted(
        (
            model
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, PublishableAdminMixin)
        ),
        key=lambda m: m._meta.label,
    )


def change_url(obj) -> str:
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


@pytest.fixture(params=shared_models(), ids=lambda m: m._meta.label)
def item(request, unit_a):
    """A draft of unit A of each content type that has the publishing fieldset."""
    model = request.param
    if model not in SCOPED_OBJECTS:
        pytest.skip(f"{model._meta.label} is the office's only: see the office test")
    obj = SCOPED_OBJECTS[model](unit_a)
    model._default_manager.filter(pk=obj.pk).update(status="draft")
    obj.refresh_from_db()
    return obj


@pytest.fixture
def channels(unit_a, unit_b):
    return {
        "a": SocialChannelFactory(name="Trang Bách khoa", unit=unit_a),
        "a_quiet": SocialChannelFactory(
            name="Zalo Bách khoa", unit=unit_a, share_by_default=False
        ),
        "b": SocialChannelFactory(name="Trang Tự nhiên", unit=unit_b),
        "office": SocialChannelFactory(name="Trang Văn phòng", unit=office_unit()),
    }


def test_the_list_of_content_types_is_not_empty():
    assert {m._meta.label for m in shared_models()} >= {
        "news.Article",
        "campaigns.CampaignPost",
    }


def test_an_editor_shares_their_item_to_their_units_channels_once_on_publishing(
    editor_client, item, channels, django_capture_on_commit_callbacks
):
    html = editor_client.get(change_url(item)).text
    assert "Chia sẻ lên" in html
    assert "Trang Bách khoa" in html and "Zalo Bách khoa" in html
    assert "Trang Tự nhiên" not in html and "Trang Văn phòng" not in html
    data = form_data(html)
    assert data.get("share_to") == [str(channels["a"].pk)]  # the default, not quiet
    data["intent"] = ["publish"]
    data["publish_at"] = [""]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(item), data)
    assert response.status_code == 302, response.text[:3000]
    deliveries = Delivery.objects.of_items(model=type(item), pks=[item.pk])
    assert [(d.channel, d.status) for d in deliveries] == [
        (channels["a"], Delivery.Status.PENDING)
    ]
    # Saved again as shown: still one delivery per channel.
    data = form_data(editor_client.get(change_url(item)).text)
    assert editor_client.post(change_url(item), data).status_code == 302
    assert deliveries.count() == 1


def test_a_forged_channel_of_another_unit_is_refused(editor_client, item, channels):
    data = form_data(editor_client.get(change_url(item)).text)
    data["share_to"] = [str(channels["b"].pk)]
    response = editor_client.post(change_url(item), data)
    assert response.status_code == 200
    assert not Delivery.objects.of_items(model=type(item), pks=[item.pk]).exists()


def test_office_staff_may_share_a_units_item_to_the_office_channels_too(
    office_client, item, channels
):
    html = office_client.get(change_url(item)).text
    assert "Trang Bách khoa" in html and "Trang Văn phòng" in html
    assert "Trang Tự nhiên" not in html
    data = form_data(html)
    data["share_to"] = [str(channels["office"].pk)]
    assert office_client.post(change_url(item), data).status_code == 302
    (delivery,) = Delivery.objects.of_items(model=type(item), pks=[item.pk])
    assert (delivery.channel, delivery.status) == (
        channels["office"],
        Delivery.Status.WAITING,  # the item is still a draft
    )


def test_office_staff_share_an_office_guidance_document_to_the_office_channels(
    office_client, channels, django_capture_on_commit_callbacks
):
    from guidance.models import Document
    from tests.guidance.factories import DocumentFactory

    document = DocumentFactory()
    Document.objects.filter(pk=document.pk).update(status="draft")
    html = office_client.get(change_url(document)).text
    assert "Chia sẻ lên" in html and "Trang Văn phòng" in html
    assert "Trang Bách khoa" not in html  # the office's item: the office's channels
    data = form_data(html)
    assert data["share_to"] == [str(channels["office"].pk)]
    data["intent"] = ["publish"]
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(change_url(document), data)
    assert response.status_code == 302, response.text[:2000]
    (delivery,) = Delivery.objects.of_items(model=Document, pks=[document.pk])
    assert (delivery.channel, delivery.status) == (
        channels["office"],
        Delivery.Status.PENDING,
    )
