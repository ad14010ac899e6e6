"""Bar charts of the report: SVG for HTML and PDF, PNG (Pillow) for DOCX and ODT."""

from __future__ import annotations

import io
from html import escape

from PIL import Image, ImageDraw, ImageFont

from cafe.export.document import Chart

COLOURS = ("#9fb7cc", "#1f4e79", "#c0504d", "#4f8a3c")
ROW, BAR, LABEL_SHARE = 34, 12, 0.32
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def _largest(chart: Chart) -> int:
    return max((v for _, values in chart.rows for v in values), default=0) or 1


def svg(chart: Chart, width: int = 640) -> str:
    """The chart as a standalone SVG document (labels left, bars right, a legend below)."""
    height = ROW * len(chart.rows) + 36
    left, room = width * LABEL_SHARE, width * (1 - LABEL_SHARE) - 40
    top = _largest(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">'
    ]
    for i, (label, values) in enumerate(chart.rows):
        y = i * ROW + 4
        parts.append(
            f'<text x="{left - 8}" y="{y + ROW / 2}" text-anchor="end">{escape(label[:40])}</text>'
        )
        for j, value in enumerate(values):
            bar_y = y + 4 + j * (BAR + 2)
            length = room * value / top
            colour = COLOURS[j % len(COLOURS)]
            parts.append(
                f'<rect x="{left}" y="{bar_y}" width="{length:.1f}" height="{BAR}" '
                f'fill="{colour}"/><text x="{left + length + 4:.1f}" y="{bar_y + BAR - 2}" '
                f'font-size="9">{value}</text>'
            )
    legend_y = height - 12
    for j, name in enumerate(chart.series):
        x = left + j * 130
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{COLOURS[j % len(COLOURS)]}"/><text x="{x + 14}" y="{legend_y}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def png(chart: Chart, width: int = 1280) -> bytes:
    """The chart as a PNG at twice the SVG's scale (crisp in print)."""
    scale = width / 640
    height = int((ROW * len(chart.rows) + 36) * scale)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(int(11 * scale)), _font(int(9 * scale))
    left, room, top = width * LABEL_SHARE, width * (1 - LABEL_SHARE) - 40 * scale, _largest(chart)
    for i, (label, values) in enumerate(chart.rows):
        y = (i * ROW + 4) * scale
        draw.text((left - 8 * scale, y + ROW * scale / 2), label[:40], "black", font, "rm")
        for j, value in enumerate(values):
            bar_y = y + (4 + j * (BAR + 2)) * scale
            length = room * value / top
            box = (left, bar_y, left + max(length, 1), bar_y + BAR * scale)
            draw.rectangle(box, fill=COLOURS[j % len(COLOURS)])
            draw.text((box[2] + 4 * scale, bar_y), str(value), "black", small)
    for j, name in enumerate(chart.series):
        x, y = left + j * 130 * scale, height - 21 * scale
        draw.rectangle((x, y, x + 10 * scale, y + 10 * scale), fill=COLOURS[j % len(COLOURS)])
        draw.text((x + 14 * scale, y), name, "black", font)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def describe(chart: Chart) -> str:
    """The chart in words, for its alternative text."""
    rows = "; ".join(
        f"{label}: " + ", ".join(f"{s} {v}" for s, v in zip(chart.series, values, strict=True))
        for label, values in chart.rows
    )
    return f"{chart.title}. {rows}"


def _font(size: int):
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)
