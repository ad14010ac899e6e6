"""The report's words in its language, from Café's own catalogues, without Flask.

Exporters are pure functions of a snapshot; they translate through Babel directly, so a
number picks the right plural ("1 voto", "2 voti") as Flask-Babel's `ngettext` would.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

CATALOGUES = Path(__file__).resolve().parent.parent / "translations"


@lru_cache(maxsize=4)
def _catalogue(language: str) -> NullTranslations:
    if language == "en":
        return NullTranslations()
    return Translations.load(str(CATALOGUES), [language], domain="messages")


class Words:
    """gettext and ngettext for one language; `%(name)s` placeholders are filled."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._t = _catalogue(language)

    def _(self, message: str, **values: object) -> str:
        """A translated phrase."""
        text = self._t.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, num: int, **values: object) -> str:
        """A translated phrase with a number: `%(num)d` in it is the number."""
        return self._t.ngettext(singular, plural, num) % {"num": num, **values}
