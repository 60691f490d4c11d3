"""The subscribe form and the preferences form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .models import Frequency, Topic

HONEYPOT_FIELD = "website"
# Throwaway-mail domains: a subscription there never reaches a member (#14, point 5).
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
    }
)


class PreferencesForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Tôi muốn nhận"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Tin của công đoàn cơ sở"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label=_("Bao lâu một lần"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = (
            Unit.objects.active().grassroots().only("pk", "name").order_by("name")
        )
        self.fields["units"].label_from_instance = lambda unit: unit.name

    def clean(self):
        data = super().clean()
        if not data.get("topics") and not data.get("units"):
            raise ValidationError(
                _("Hãy chọn ít nhất một loại tin hoặc một công đoàn cơ sở."),
                code="nothing_chosen",
            )
        return data


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        error_messages={
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@vnuhcm.edu.vn."),
            "required": _("Hãy nhập địa chỉ thư điện tử."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để Công đoàn gửi bản tin vào địa chỉ này; tôi có thể hủy bất "
            "cứ lúc nào."
        ),
        error_messages={"required": _("Hãy đánh dấu ô đồng ý để đăng ký.")},
    )
    # Anti-abuse, as on the question form: a field people never see.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["email", "topics", "units", "frequency", "consent", "website"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email.rsplit("@", 1)[-1] in DISPOSABLE_DOMAINS:
            raise ValidationError(
                _(
                    "Địa chỉ này là hộp thư dùng một lần nên không nhận được bản tin. "
                    "Hãy dùng địa chỉ thư bạn thường đọc."
                ),
                code="disposable",
            )
        return email

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise ValidationError(
                _(
                    "Chưa đăng ký được vì biểu mẫu có dấu hiệu được điền tự động. "
                    "Hãy gửi lại."
                ),
                code="honeypot",
            )
        return data
