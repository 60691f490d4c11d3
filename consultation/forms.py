"""The public "ask a question" form, with its anti-abuse fields."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .models import NAME_MAX_CHARS, QUESTION_MAX_CHARS, Question, Topic
from .validators import PHONE_MAX_INPUT_CHARS, phone_normalize

STARTED_SALT = "consultation.question_form.started"
MIN_FILL_SECONDS_DEFAULT = 3
# A form left open longer than this is refused (with a fresh one and the text kept).
FORM_MAX_AGE_SECONDS = 24 * 60 * 60
HONEYPOT_FIELD = "website"


def min_fill_seconds() -> float:
    return float(
        getattr(settings, "CONSULTATION_MIN_FILL_SECONDS", MIN_FILL_SECONDS_DEFAULT)
    )


def started_token(now: float | None = None) -> str:
    """A signed "the form was shown at" timestamp; forging it needs SECRET_KEY."""
    return signing.dumps({"t": time.time() if now is None else now}, salt=STARTED_SALT)


class QuestionForm(forms.Form):
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=NAME_MAX_CHARS,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_("Chúng tôi gửi đường dẫn theo dõi và câu trả lời vào địa chỉ này."),
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
    topic = forms.ModelChoiceField(
        label=_("Chủ đề"),
        queryset=Topic.objects.none(),
        empty_label=_("— Chọn chủ đề —"),
    )
    body = forms.CharField(
        label=_("Câu hỏi"),
        max_length=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tối đa 5.000 ký tự. Không cần ghi số điện thoại vào đây."),
        error_messages={
            "max_length": _(
                "Câu hỏi dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d "
                "ký tự). Hãy rút gọn; nội dung bạn đã nhập vẫn còn nguyên bên dưới."
            )
        },
    )
    consent = forms.ChoiceField(
        label=_("Đăng câu hỏi và câu trả lời lên mục Hỏi đáp"),
        choices=Question.Consent.choices,
        initial=Question.Consent.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    # Anti-abuse: a field people never see, and when the form was shown (signed).
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.active().grassroots().only("pk", "name", "short_name")
        ).order_by("name")
        self.fields["topic"].queryset = Topic.objects.order_by("order", "name")
        if not self.is_bound:
            self.initial.setdefault("started", started_token())
        self.stale = False  # the signed timestamp is missing, forged or too old

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

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Hãy nhập câu hỏi."), code="required")
        return body

    def clean(self):
        data = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise ValidationError(
                _(
                    "Câu hỏi chưa được nhận vì biểu mẫu có dấu hiệu được điền tự động. "
                    "Hãy gửi lại."
                ),
                code="honeypot",
            )
        self._check_fill_time(data.get("started") or "")
        if (
            "email" in data
            and "phone" in data
            and not data["email"]
            and not data["phone"]
        ):
            raise ValidationError(
                _("Hãy để lại thư điện tử hoặc số điện thoại để nhận câu trả lời."),
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
                    "Biểu mẫu đã mở quá lâu hoặc không hợp lệ. Nội dung của bạn vẫn "
                    "còn nguyên: hãy bấm “Gửi câu hỏi” lần nữa."
                ),
                code="form_expired",
            ) from None
        if time.time() - float(shown_at) < min_fill_seconds():
            raise ValidationError(
                _("Bạn gửi nhanh quá. Hãy kiểm tra lại câu hỏi rồi bấm gửi lần nữa."),
                code="too_fast",
            )

    def refreshed_data(self):
        """The submitted data with a fresh signed timestamp and no honeypot.

        Used to re-render a refused form: everything the asker typed stays.
        """
        data = self.data.copy()
        if self.stale:
            data["started"] = started_token()
        data[HONEYPOT_FIELD] = ""
        return data
