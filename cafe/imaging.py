"""Making a phone's photo safe to keep: upright, at most 2,000 px, in sRGB, no EXIF, GPS or
colour profile; refused before decoding when its shape or its memory is absurd.

Pure: Pillow only (no Flask, no SQLAlchemy), so it is easy to test and to benchmark.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024  # a 48-megapixel phone JPEG is 10-14 MB
MAX_PIXELS = 60_000_000  # larger than any phone camera; beyond it a file is likely a bomb
MAX_EDGE = 12_000  # a phone's widest panorama is about 10,000 px on its long side
MAX_ASPECT = 20  # a long panorama is about 8:1; 1 x 59,000,000 is a bomb
MAX_DECODE_BYTES = 400 * 1024 * 1024
"""What decoding one photo may take in memory, estimated before decoding: the pixels at
4 bytes each, three times over (decoded, made RGBA, flattened onto white). A JPEG is
estimated at the scale it is decoded at (draft); a 7,740 x 7,740 lossless WebP took
1,421 MB before this bound."""
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
    except (OSError, ValueError):
        raise PhotoRejected("not_image") from None
    _check_memory(image)
    try:
        image = _in_srgb(_flatten(ImageOps.exif_transpose(image)), image.info.get("icc_profile"))
    except (OSError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected("not_image") from None
    # Pillow writes back a comment, XMP or colour profile it found in the file: keep none.
    image.info = {}
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
    if width * height > MAX_PIXELS or max(width, height) > MAX_EDGE:
        raise PhotoRejected("bomb")
    if max(width, height) > MAX_ASPECT * max(1, min(width, height)):
        raise PhotoRejected("bomb")
    return image


def _check_memory(image: Image.Image) -> None:
    """PhotoRejected('bomb') when decoding `image` (at its draft scale) would take more than
    MAX_DECODE_BYTES, whatever its pixel count allows."""
    width, height = image.size
    if width * height * 4 * 3 > MAX_DECODE_BYTES:
        raise PhotoRejected("bomb")


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """The pixels converted to sRGB from the file's colour profile (which is then dropped:
    it is the sender's bytes, and may carry anything); as they are when it cannot be read."""
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


_SRGB = ImageCms.createProfile("sRGB")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes in sRGB with no EXIF, GPS, XMP, comment or colour profile: only pixels."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _size(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as stored:
        return stored.size
