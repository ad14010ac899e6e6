"""Making a phone's photo safe to keep: upright, at most 2,000 px, no EXIF or GPS.

Pure: Pillow only (no Flask, no SQLAlchemy), so it is easy to test and to benchmark.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024  # a 48-megapixel phone JPEG is 10-14 MB
MAX_PIXELS = 60_000_000  # larger than any phone camera; beyond it a file is likely a bomb
MAX_SIDE = 2000
THUMB_SIDE = 480
FORMATS = ("JPEG", "PNG", "WEBP")  # phones' multi-picture JPEGs open as JPEG


class PhotoRejected(ValueError):
    """A file we will not keep; `reason` is 'empty', 'too_large', 'not_image' or 'bomb'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProcessedPhoto:
    """The photo to store (JPEG, no metadata), its thumbnail and its size in pixels."""

    jpeg: bytes
    thumbnail: bytes
    width: int
    height: int


def process_photo(data: bytes) -> ProcessedPhoto:
    """Check, orient, shrink and re-encode an uploaded photo, or raise PhotoRejected."""
    if not data:
        raise PhotoRejected("empty")
    if len(data) > MAX_BYTES:
        raise PhotoRejected("too_large")
    image = _open(data)
    try:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a smaller scale, faster
        image = _flatten(ImageOps.exif_transpose(image))
    except (OSError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected("not_image") from None
    # Pillow writes back a comment or XMP it found in the file; keep only the colour profile.
    image.info = {k: v for k, v in image.info.items() if k == "icc_profile"}
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    photo = _jpeg(image, quality=85)
    image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(photo, _jpeg(image, quality=75), *_size(photo))


def _open(data: bytes) -> Image.Image:
    """Open only known photo formats, refusing images whose pixels would flood memory."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected("bomb") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise PhotoRejected("not_image") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PhotoRejected("bomb")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes with no EXIF, GPS, XMP or comment: only pixels and colour profile."""
    out = io.BytesIO()
    profile = image.info.get("icc_profile")
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True, icc_profile=profile)
    return out.getvalue()


def _size(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as stored:
        return stored.size
