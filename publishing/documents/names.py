"""File names: the random storage name, the clean download name, Content-Disposition."""

from __future__ import annotations

import re
import secrets
import unicodedata
from urllib.parse import quote

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from publishing.documents.kinds import KINDS, DocumentKind

# Extensions a user's file name may end with; stripped before we add ours.
_KNOWN_EXTENSIONS = frozenset(
    {kind.extension for kind in KINDS.values()}
    | {"jpeg", "jpe", "doc", "xls", "ppt", "docm", "xlsm", "pptm", "rtf", "txt", "exe"}
)


_VIETNAMESE_D = str.maketrans({"đ": "d", "Đ": "D"})
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WINDOWS_RESERVED = re.compile(r'[<>:"/\\|?*]')
STEM_MAX_CHARS = 60
DOWNLOAD_STEM_MAX_CHARS = 150


def _split_known_extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if dot and extension.casefold() in _KNOWN_EXTENSIONS:
        return stem
    return name


def _basename(name: str) -> str:
    return re.split(r"[/\\]", name)[-1]


def safe_storage_name(original_name: str, kind: DocumentKind) -> str:
    """A storage name: random token, ASCII slug of the stem, the kind's extension.

    The user's extension is ignored; the caller keeps the original name apart
    for downloads (see clean_download_name).
    """
    stem = _split_known_extension(_basename(original_name or ""))
    slug = slugify(stem.translate(_VIETNAMESE_D))[:STEM_MAX_CHARS].strip("-_")
    token = secrets.token_hex(8)
    return f"{token}-{slug or 'tai-lieu'}.{kind.extension}"


def clean_download_name(original_name: str, kind: DocumentKind) -> str:
    """The user's file name fit for Content-Disposition: Unicode kept, path and
    control characters removed, the detected kind's extension forced."""
    name = unicodedata.normalize("NFC", _basename(original_name or ""))
    name = "".join(
        " " if unicodedata.category(char) in _CONTROL_CATEGORIES else char
        for char in name
    )
    name = _WINDOWS_RESERVED.sub("_", name)
    stem = _split_known_extension(re.sub(r"\s+", " ", name).strip(" ."))
    stem = stem[:DOWNLOAD_STEM_MAX_CHARS].strip(" .") or str(_("tài liệu"))
    return f"{stem}.{kind.extension}"


def _ascii_fallback(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.translate(_VIETNAMESE_D))
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\%]', "_", ascii_name).strip()
    stem = _split_known_extension(ascii_name).strip(" ._")
    extension = name.rpartition(".")[2]
    return f"{stem or 'tai-lieu'}.{extension}"


def content_disposition(download_name: str, *, inline: bool) -> str:
    """RFC 6266 header with an ASCII `filename` and, if needed, RFC 5987 `filename*`.

    Django's own helper sends only `filename*` for non-ASCII names; the ASCII
    fallback keeps very old clients from saving "download".
    """
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(download_name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != download_name:
        header += f"; filename*=UTF-8''{quote(download_name, safe='')}"
    return header
