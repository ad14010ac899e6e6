"""Photos made small enough to embed in a report (the stored file stays as it is)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

REPORT_SIDE = 1000  # pixels: 170 dpi across 15 cm of A4; keeps a 50-photo report mailable


def report_jpeg(path: Path | None, side: int = REPORT_SIDE) -> bytes | None:
    """The photo at `path` as a JPEG of at most `side` pixels, or None if it is missing."""
    if path is None or not path.is_file():
        return None
    with Image.open(path) as image:
        image.draft("RGB", (side, side))
        image = image.convert("RGB")
        image.thumbnail((side, side))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=75, optimize=True)
    return out.getvalue()


def data_uri(jpeg: bytes) -> str:
    """A data: URI, so the HTML report is one file that still shows its photos offline."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
