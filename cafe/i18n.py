"""Which language a page speaks: the visible switch, then the event's, then the browser's."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import g, has_request_context, request, session

LANGUAGES = ("it", "en")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if not has_request_context():
        return "en"
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    if g.get("event_language") in LANGUAGES:
        return g.event_language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def remember_switch() -> None:
    """Keep the language someone picked with the switch for their next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked


def terminal_language(environ: Mapping[str, str], events: str | None = None) -> str:
    """The language the `cafe` command speaks: CAFE_LANG, else `events` (the newest
    event's, where the database is read), else the system locale (the first of LC_ALL,
    LC_MESSAGES, LANG that is set, as the C library reads them)."""
    asked = environ.get("CAFE_LANG", "").strip().lower()[:2]
    if asked in LANGUAGES:
        return asked
    if events in LANGUAGES:
        return events
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip().lower()
        if value:
            return "it" if value.startswith("it") else "en"
    return "en"


def plural_forms(singular: str, plural: str) -> list[str]:
    """A string's two forms ([for one, for any other number]) for a page's script to pick
    with live.js `plural`: Italian and English both use the singular for 1 only. Extracted
    as a keyword (Makefile `-k plural_forms:1,2`); use {n}-style placeholders."""
    from flask_babel import ngettext

    return [ngettext(singular, plural, 1), ngettext(singular, plural, 2)]


def cli_translations(language: str):
    """The catalogue of `language` for the command line, read without an app (gettext and
    ngettext; English, or a missing catalogue, gives the text as written)."""
    from babel.support import NullTranslations, Translations

    if language == "en":
        return NullTranslations()
    return Translations.load(str(Path(__file__).parent / "translations"), [language])
