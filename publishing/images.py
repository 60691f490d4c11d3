"""Images judged by their decoded content, normalised, and cut into renditions.

Decisions (DESIGN.md, invariant 5):

- An upload is an image only if Pillow decodes it as JPEG (or MPO, which phones
  write), PNG, WebP or GIF under IMAGE_MAX_PIXELS and IMAGE_MAX_UPLOAD_BYTES; its
  name, extension and declared content type are never trusted.
- Normalising applies the EXIF orientation, then re-encodes from pixels, so EXIF
  (GPS included), XMP and comments are gone. The ICC profile is kept: it is not
  personal, and phone photos in Display P3 look washed out without it.
- JPEG stays JPEG (quality 85, progressive), PNG stays PNG, WebP stays WebP. GIF
  becomes a PNG of its first frame: news images are stills, and an animated GIF cut
  into renditions would weigh more than the article.
- Stored names are random (`image_safe_name`), never the uploader's file name.
- Renditions are WebP plus a JPEG fallback (PNG when the image has transparency) at
  RENDITION_WIDTHS, never wider than the original; the original's own width is
  added when it is narrower than the widest rendition and not within 10% of the
  next one below.
"""

import contextlib
import io
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

IMAGE_MAX_PIXELS_DEFAULT = 40_000_000
IMAGE_MAX_UPLOAD_BYTES_DEFAULT = 10 * 1024 * 1024
RENDITION_WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 85
WEBP_QUALITY = 80
# Decoded format -> format it is stored in.
STORED_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WEBP",
    "GIF": "PNG",
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class NormalizedImage:
    content: bytes
    format: str  # "JPEG", "PNG" or "WEBP"
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class Rendition:
    format: str  # "WEBP", "JPEG" or "PNG"
    width: int
    height: int
    content: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def image_max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS_DEFAULT)


def image_max_upload_bytes() -> int:
    return getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", IMAGE_MAX_UPLOAD_BYTES_DEFAULT)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "Ảnh có độ phân giải quá lớn, có thể là ảnh độc hại; tối đa "
            "%(max_megapixels)s triệu điểm ảnh."
        ),
        code="image_too_many_pixels",
        params={"max_megapixels": image_max_pixels() // 1_000_000},
    )


def _read_limited(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    limit = image_max_upload_bytes()
    data = file.read(limit + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("Ảnh quá lớn: tối đa %(max_mb)s MB."),
            code="image_too_large",
            params={"max_mb": limit // (1024 * 1024)},
        )
    return data


def image_open(file) -> Image.Image:
    """Decode `file` (any object with read()) fully under the limits, or refuse it.

    Raises ValidationError with codes image_too_large, image_too_many_pixels,
    image_invalid, image_format or image_corrupt; never anything else.
    """
    data = _read_limited(file)
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:  # Pillow raises many types on hostile input
        raise ValidationError(
            _("Tệp này không phải là ảnh hợp lệ."), code="image_invalid"
        ) from None
    if image.format not in STORED_FORMATS:
        raise ValidationError(
            _("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."), code="image_format"
        )
    if image.width * image.height > image_max_pixels():
        raise _too_many_pixels()
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        raise ValidationError(
            _("Ảnh bị hỏng hoặc không đầy đủ; vui lòng tải lên lại."),
            code="image_corrupt",
        ) from None
    return image


def image_validate(file) -> None:
    """Raise ValidationError unless `file` is an image we accept (see image_open)."""
    image_open(file).close()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def _pixels_for(image: Image.Image, target: str) -> Image.Image:
    """`image` in a mode `target` can store, with no metadata but its ICC profile."""
    icc = image.info.get("icc_profile")
    if target == "JPEG":
        if image.mode == "CMYK":
            icc = None  # a CMYK profile would misdescribe the converted RGB pixels
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
    elif _has_alpha(image):
        image = image.convert("RGBA")
    elif image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    else:
        image = image.copy()
    image.info = {"icc_profile": icc} if icc else {}
    return image


def _encode(image: Image.Image, target: str) -> bytes:
    out = io.BytesIO()
    options = {}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    if target == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif target == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    image.save(out, format=target, **options)
    return out.getvalue()


def image_normalize(file) -> NormalizedImage:
    """Validate `file`, apply its EXIF orientation and re-encode it without metadata."""
    image = image_open(file)
    target = STORED_FORMATS[image.format]
    # Unreadable EXIF: keep the pixels as stored (metadata goes anyway).
    with contextlib.suppress(Exception):
        image = ImageOps.exif_transpose(image)
    image = _pixels_for(image, target)
    return NormalizedImage(
        content=_encode(image, target),
        format=target,
        width=image.width,
        height=image.height,
    )


def image_safe_name(extension: str) -> str:
    """A random file name, so nothing of the uploader's own name is ever stored."""
    return f"{secrets.token_hex(10)}.{extension}"


def rendition_widths(
    width: int, widths: tuple[int, ...] = RENDITION_WIDTHS
) -> list[int]:
    """Widths to cut an image `width` pixels wide into: never wider than it."""
    planned = [w for w in widths if w < width]
    largest = min(width, max(widths))
    # The original's own width, unless a rendition within 10% of it already exists.
    if not planned or largest > planned[-1] * 1.1:
        planned.append(largest)
    return planned


def renditions_encode(
    image: Image.Image, *, widths: tuple[int, ...] = RENDITION_WIDTHS
) -> list[Rendition]:
    """WebP and a JPEG (PNG if transparent) fallback of `image` at each planned width."""
    fallback = "PNG" if _has_alpha(image) else "JPEG"
    result = []
    for width in rendition_widths(image.width, widths):
        height = max(1, round(image.height * width / image.width))
        resized = image
        if width != image.width:
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for target in ("WEBP", fallback):
            pixels = _pixels_for(resized, target)
            result.append(Rendition(target, width, height, _encode(pixels, target)))
    return result


def rendition_name(source: str, *, width: int, extension: str) -> str:
    """Where the rendition of stored file `source` goes: next to it, deterministic."""
    path = PurePosixPath(source)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))
