"""Number and symbol of an official document ("số và ký hiệu"), parsed and validated.

Two forms are in use (pure functions, no database):

- State and trade-union documents: number/TYPE-ISSUER, e.g. "65/KH-LĐLĐ", "112/HD-TLĐ";
- Party documents: number-TYPE/ISSUER, e.g. "126-HD/BTGTW".

Numbering restarts every year, so a number is unique only together with its issuer,
its type and the year of issue (the model enforces that).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STATE = "state"
PARTY = "party"
MAX_NUMBER = 99_999

_WORD = r"[^\W_]+"  # letters (any script, Đ included) and digits
_TYPE = r"[^\W\d_]{1,8}"  # letters only: KH, HD, QĐ, TTr...
_ISSUER = rf"{_WORD}(?:[-.]{_WORD}){{0,4}}"
_FORMS = {
    STATE: re.compile(
        rf"^(?P<number>\d{{1,6}})\s*/\s*(?P<type>{_TYPE})\s*-\s*(?P<issuer>{_ISSUER})$"
    ),
    PARTY: re.compile(
        rf"^(?P<number>\d{{1,6}})\s*-\s*(?P<type>{_TYPE})\s*/\s*(?P<issuer>{_ISSUER})$"
    ),
}
_PREFIX = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


@dataclass(frozen=True)
class DocumentNumber:
    number: int
    type_abbreviation: str
    issuer_abbreviation: str
    form: str  # STATE or PARTY
    digits: str = field(
        default="", compare=False
    )  # as written: "05" stays "05" on the page (compare by number)

    def __str__(self) -> str:
        shown = self.digits or str(self.number)
        if self.form == PARTY:
            return f"{shown}-{self.type_abbreviation}/{self.issuer_abbreviation}"
        return f"{shown}/{self.type_abbreviation}-{self.issuer_abbreviation}"


def _normalise(value: str) -> str:
    value = unicodedata.normalize("NFC", value or "").translate(_DASHES)
    return _PREFIX.sub("", value).strip()


def parse_document_number(value: str) -> DocumentNumber:
    """Parse "65/KH-LĐLĐ" or "126-HD/BTGTW"; raise ValidationError in Vietnamese.

    Accepts what people copy from a scanned header: a leading "Số:", spaces around
    the separators ("65 /KH-LĐLĐ"), typographic dashes and leading zeros ("05").
    The issuer is upper-cased (LĐLĐ); the type keeps its case (TTr is "Tờ trình").
    """
    text = _normalise(value)
    if not text:
        raise ValidationError(
            _("Hãy nhập số và ký hiệu văn bản, ví dụ 65/KH-LĐLĐ."),
            code="number_required",
        )
    match, form = None, STATE
    for candidate, pattern in _FORMS.items():
        match = pattern.match(text)
        if match:
            form = candidate
            break
    if match is None:
        raise ValidationError(
            _(
                "Số và ký hiệu “%(value)s” không đúng mẫu. Văn bản Nhà nước, Công "
                "đoàn viết số/LOẠI-CƠ QUAN, ví dụ 65/KH-LĐLĐ; văn bản của Đảng viết "
                "số-LOẠI/CƠ QUAN, ví dụ 126-HD/BTGTW."
            ),
            code="number_format",
            params={"value": text[:60]},
        )
    number = int(match["number"])
    if not 1 <= number <= MAX_NUMBER:
        raise ValidationError(
            _("Số văn bản phải từ 1 đến %(max)s."),
            code="number_range",
            params={"max": MAX_NUMBER},
        )
    return DocumentNumber(
        number=number,
        type_abbreviation=match["type"],
        issuer_abbreviation=match["issuer"].upper(),
        form=form,
        digits=match["number"],
    )


def same_abbreviation(a: str, b: str) -> bool:
    """Compare type symbols the way people read them: "Qđ" is "QĐ"."""
    return (
        unicodedata.normalize("NFC", a).casefold()
        == unicodedata.normalize("NFC", b).casefold()
    )
