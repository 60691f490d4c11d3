"""Admin forms: planned posts (templates and channels checked at save)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import PlannedPost
from .services.plans import planned_post_channels_validate
from .templating import placeholder_help


class PlannedPostForm(forms.ModelForm):
    class Meta:
        model = PlannedPost
        fields = (
            "kind",
            "offset_days",
            "time_of_day",
            "title_template",
            "body_template",
            "to_site",
            "to_banner",
            "channels",
            "unit_drafts",
        )
        widgets = {
            "channels": forms.CheckboxSelectMultiple,
            "body_template": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = placeholder_help()
        self.fields["title_template"].help_text = hint
        self.fields["body_template"].help_text = _(
            "Văn bản thường; dòng trống ngăn cách các đoạn. %(hint)s"
        ) % {"hint": hint}
        self.fields["channels"].help_text = _(
            "Kênh phải có đủ thông tin đăng nhập (mục Kênh mạng xã hội)."
        )

    def clean_channels(self):
        channels = self.cleaned_data.get("channels")
        if channels:
            try:
                planned_post_channels_validate(channels=channels)
            except ValidationError as exc:
                raise ValidationError(
                    exc.message_dict["channels"], code="channel_not_ready"
                ) from exc
        return channels
