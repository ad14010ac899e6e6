"""The organiser's report downloads: the harvest so far, in every format."""

from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from cafe import export
from cafe.export.pdf import PdfUnavailable
from cafe.i18n import LANGUAGES
from cafe.services import harvest
from cafe.services.offload import off_the_loop
from cafe.views.auth import login_required, owned_event

bp = Blueprint("reports", __name__, url_prefix="/o/events/<int:event_id>")
# The HTML report is a standalone document: its own style sheet, photos as data: URIs.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def pdf_missing_message() -> str:
    """What the organiser reads when this computer cannot make PDFs."""
    return _(
        "This computer cannot make PDF files yet: it lacks the Pango library. Run "
        "“make install” again (or: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
        "meanwhile the Word, OpenDocument and printable reports work."
    )


@bp.get("/export/<format_name>")
@login_required
def download(event_id: int, format_name: str):
    """One export of the harvest so far; names only with ?names=1. The HTML report opens
    in the browser, ready to print to PDF; the others download."""
    event = owned_event(event_id)
    if format_name not in export.FORMAT_NAMES:
        abort(404)
    language = request.args.get("lang")
    snapshot = harvest.build_snapshot(
        event,
        with_names=request.args.get("names") == "1",
        language=language if language in LANGUAGES else None,
    )
    info = export.format_info(format_name)
    try:
        data = off_the_loop(export.export, snapshot, format_name)
    except PdfUnavailable as exc:
        current_app.logger.error("PDF report unavailable: %s", exc)
        flash(pdf_missing_message(), "error")
        return redirect(url_for("organiser.event", event_id=event.id, _anchor="harvest-title"))
    response = Response(data, content_type=info.media_type)
    if format_name == "html" and request.args.get("download") != "1":
        response.headers["Content-Security-Policy"] = REPORT_POLICY
    else:
        name = f"cafe-{event.id}-{file_slug(event.title)}.{info.extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def file_slug(title: str) -> str:
    """A title as a plain ASCII file name part: 'Café: l'impatto' -> 'cafe-l-impatto'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:40] or "event"
