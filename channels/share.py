"""“Chia sẻ lên”: the publishing fieldset of every content admin built on
publishing.admin.PublishableAdminMixin offers the channels its item may go to (the
item's unit's, and the office's for office staff), preselected by each channel's
`share_by_default` (#14 point 2). Saving records one waiting delivery per chosen
channel in the shared outbox; publishing (now, or by the sweep) releases them
through the `published` signal, once per item and channel."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from publishing.admin import PublishingField
from publishing.models import Publishable, Status
from units import permissions

from .models import Delivery, SocialChannel
from .services.outbox import deliveries_release, deliveries_sync

FIELD = "share_to"


def _offered(*, user, unit_id):
    """The channels `user` may share an item of `unit_id` to: its unit's, and the
    office's when the user is office staff (the permission rule decides both)."""
    postable = permissions.channels_postable_by(
        user=user, queryset=SocialChannel.objects.select_related("unit")
    )
    if unit_id is None:
        return permissions.channels_for_unit_content(queryset=postable, unit_id=None)
    own = permissions.channels_for_unit_content(queryset=postable, unit_id=unit_id)
    if permissions.is_office_staff(user):
        office = permissions.channels_for_unit_content(queryset=postable, unit_id=None)
        return (own | office).distinct()
    return own


class ShareField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, channel):
        return f"{channel.name} ({channel.get_kind_display()}, {channel.unit})"


def share_fields(*, model_admin, request, obj) -> list[PublishingField]:
    model = model_admin.model
    if not issubclass(model, Publishable):
        return []
    unit_id = getattr(obj, "unit_id", None) if obj is not None else None
    if obj is None and not permissions.is_office_staff(request.user):
        queryset = permissions.channels_postable_by(
            user=request.user, queryset=SocialChannel.objects.select_related("unit")
        )
    else:
        queryset = _offered(user=request.user, unit_id=unit_id)
    if not queryset.exists():
        return []
    initial = []
    if obj is not None and obj.pk:
        initial = list(
            Delivery.objects.of_items(model=model, pks=[obj.pk]).values_list(
                "channel_id", flat=True
            )
        )
    if not initial and getattr(obj, "status", None) != Status.PUBLISHED:
        # Not shared yet: each channel's own default (a published item is left as
        # it is, so saving it again never shares it by surprise).
        initial = list(
            queryset.filter(share_by_default=True).values_list("pk", flat=True)
        )
    field = ShareField(
        queryset=queryset,
        required=False,
        initial=initial,
        label=_("Chia sẻ lên"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Khi bài được đăng (ngay hoặc theo giờ hẹn), bài được gửi một lần lên "
            "mỗi kênh đã chọn, kèm liên kết về trang."
        ),
    )
    return [PublishingField(name=FIELD, field=field, save=share_save)]


@transaction.atomic
def share_save(*, request, obj, value) -> None:
    """The chosen channels become waiting deliveries of `obj` (the unique
    (item, channel) constraint keeps one each); a published item's go out now."""
    chosen = list(value or [])
    allowed = set(
        _offered(user=request.user, unit_id=getattr(obj, "unit_id", None)).values_list(
            "pk", flat=True
        )
    )
    # Channels of another unit than the item's are never sent to, whatever was posted.
    deliveries_sync(
        item=obj, channels=[c for c in chosen if c.pk in allowed], among=allowed
    )
    if obj.status == Status.PUBLISHED:
        deliveries_release(model=type(obj), pks=[obj.pk])
