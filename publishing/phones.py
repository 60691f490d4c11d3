"""Vietnamese phone numbers: accept how people write them, store one form (every
form that asks for a phone: questions, activity registrations)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()]+")
# Mobile: 10 digits, 03/05/07/08/09. Landline: 11 digits, 02 + area code + number.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
PHONE_MAX_INPUT_CHARS = 25


def phone_normalize(value: str) -> str:
    """ "+84 912.345.678" -> "0912345678"; ValidationError if not a Vietnamese number."""
    raw = value.strip()
    if len(raw) > PHONE_MAX_INPUT_CHARS:
        raise ValidationError(_("Số điện thoại quá dài."), code="phone_too_long")
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ. Hãy nhập số di động 10 chữ số (ví dụ "
                "0912 345 678) hoặc số cố định có mã vùng (ví dụ 028 3724 2181)."
            ),
            code="invalid_phone",
        )
    return digits
