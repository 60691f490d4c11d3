"""Admin forms of the channels app: a channel's credentials are write-only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .crypto import last_four
from .models import SocialChannel


class SecretInput(forms.PasswordInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "new-password", **(attrs or {})})


class SocialChannelForm(forms.ModelForm):
    """Secrets are typed in and never shown again: only their last four characters."""

    access_token_input = forms.CharField(
        label=_("Mã truy cập mới"), required=False, widget=SecretInput, strip=True
    )
    refresh_token_input = forms.CharField(
        label=_("Mã làm mới mới (Zalo)"), required=False, widget=SecretInput
    )
    app_secret_input = forms.CharField(
        label=_("Khóa bí mật ứng dụng mới (App Secret)"),
        required=False,
        widget=SecretInput,
    )

    class Meta:
        model = SocialChannel
        fields = (
            "unit",
            "kind",
            "name",
            "is_active",
            "share_by_default",
            "page_id",
            "api_version",
            "app_id",
            "cover_url",
            "broadcast",
            "access_token_expires_at",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        for name, secret in (
            ("access_token_input", instance.access_token),
            ("refresh_token_input", instance.refresh_token),
            ("app_secret_input", instance.app_secret),
        ):
            self.fields[name].help_text = (
                _("Đang lưu: %(masked)s. Để trống để giữ nguyên.")
                % {"masked": last_four(secret)}
                if secret
                else _("Chưa có.")
            )
        if instance.credentials_updated_at:
            self.fields["access_token_input"].help_text += " " + _(
                "Gia hạn lần cuối lúc %(when)s."
            ) % {
                "when": timezone.localtime(instance.credentials_updated_at).strftime(
                    "%H:%M %d/%m/%Y"
                )
            }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        token = data.get("access_token_input") or self.instance.access_token
        if data.get("is_active") and not token:
            self.add_error(
                "access_token_input",
                ValidationError(
                    _("Kênh đang dùng cần mã truy cập."), code="access_token_required"
                ),
            )
        if kind == SocialChannel.Kind.FACEBOOK and not data.get("page_id"):
            self.add_error(
                "page_id",
                ValidationError(
                    _("Trang Facebook cần mã trang (Page ID)."), code="page_id_required"
                ),
            )
        if kind == SocialChannel.Kind.ZALO:
            if not data.get("cover_url"):
                self.add_error(
                    "cover_url",
                    ValidationError(
                        _("Zalo bắt buộc ảnh bìa cho mỗi bài viết."),
                        code="cover_required",
                    ),
                )
            refresh = data.get("refresh_token_input") or self.instance.refresh_token
            secret = data.get("app_secret_input") or self.instance.app_secret
            if refresh and not (data.get("app_id") and secret):
                self.add_error(
                    "app_id",
                    ValidationError(
                        _(
                            "Để tự làm mới mã truy cập Zalo cần cả mã ứng dụng và "
                            "khóa bí mật ứng dụng."
                        ),
                        code="zalo_refresh_incomplete",
                    ),
                )
        return data
