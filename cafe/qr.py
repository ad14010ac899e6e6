"""QR codes as SVG (sharp at any print size, no Pillow) and as text for the terminal."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def svg(data: str, label: str) -> Markup:
    """An inline, scalable <svg> of a QR code, labelled for screen readers."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    image = code.make_image()
    root = image.get_image()
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "qr")
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    text = image.to_string(encoding="unicode")
    return Markup(text)


def terminal(data: str) -> str:
    """A QR code drawn with block characters, for `cafe run`'s start-up banner."""
    code = qrcode.QRCode(border=1)
    code.add_data(data)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
