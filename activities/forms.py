"""The public registration form (with the question form's anti-abuse) and the door's forms.

Anti-abuse as on the question form (#9): a honeypot field people never see, a signed
"shown at" timestamp that refuses forms sent faster than a person types or left open
for a day, and rate limits per address and per contact in the view
(publishing.ratelimit).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publishing.phones import PHONE_MAX_INPUT_CHARS, phone_normalize
from units.models import Unit

from .models import NAME_MAX_CHARS

STARTED_SALT = "activities.registration_form.started"
MIN_FILL_SECONDS_DEFAULT = 3
FORM_MAX_AGE_SECONDS = 24 * 60 * 60
HONEYPOT_FIELD = "website"


def min_fill_seconds() -> float:
    return float(
        getattr(settings, "ACTIVITIES_MIN_FILL_SECONDS", MIN_FILL_SECONDS_DEFAULT)
    )


def started_token(now: float | None = None) -> str:
    return signing.dumps({"t": time.time() if now is None else now}, salt=STARTED_SALT)


class ContactForm(forms.Form):
    """Who is coming: a name, an e-mail or a phone, and their unit."""

    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=NAME_MAX_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_("Thư xác nhận kèm mã QR điểm danh và lịch (.ics) gửi về đây."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=PHONE_MAX_INPUT_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Công đoàn cơ sở"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không chọn —"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.active().grassroots().only("pk", "name", "short_name")
        ).order_by("name")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Hãy cho biết họ và tên."), code="required")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return phone_normalize(phone) if phone else ""


class RegistrationForm(ContactForm):
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", started_token())
        self.stale = False

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise ValidationError(
                _(
                    "Chưa nhận đăng ký vì biểu mẫu có dấu hiệu được điền tự động. "
                    "Hãy gửi lại."
                ),
                code="honeypot",
            )
        self._check_fill_time(data.get("started") or "")
        if "email" in data and "phone" in data and not (data["email"] or data["phone"]):
            raise ValidationError(
                _("Hãy để lại thư điện tử hoặc số điện thoại."),
                code="contact_required",
            )
        return data

    def _check_fill_time(self, token: str) -> None:
        try:
            shown_at = signing.loads(
                token, salt=STARTED_SALT, max_age=FORM_MAX_AGE_SECONDS
            )["t"]
        except (signing.BadSignature, KeyError, TypeError):
            self.stale = True
            raise ValidationError(
                _(
                    "Biểu mẫu đã mở quá lâu hoặc không hợp lệ. Thông tin của bạn vẫn "
                    "còn nguyên: hãy bấm “Đăng ký” lần nữa."
                ),
                code="form_expired",
            ) from None
        if time.time() - float(shown_at) < min_fill_seconds():
            raise ValidationError(
                _("Bạn gửi nhanh quá. Hãy kiểm tra lại thông tin rồi bấm gửi lần nữa."),
                code="too_fast",
            )

    def refreshed_data(self):
        """The submitted data with a fresh timestamp (if needed) and no honeypot."""
        data = self.data.copy()
        if self.stale:
            data["started"] = started_token()
        data[HONEYPOT_FIELD] = ""
        return data


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Mã điểm danh"),
        max_length=64,
        help_text=_("Quét mã QR, hoặc gõ mã in dưới mã QR (ví dụ 125-3fa94c0b1d2e)."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class WalkInForm(ContactForm):
    """Someone at the door who did not register; any contact is optional."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "walkin")
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = ""
