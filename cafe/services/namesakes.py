"""Telling whether two typed names are the same person's, and sorting names by surname.

Pure: no Flask, no database. The door, the desk and the CSV import call it, so
"Giulia Giordano", "giordano  giulia" and "Giulia Giordàno" count as one name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PARTICLES = {
    "d'",
    "da",
    "dal",
    "dalla",
    "de",
    "dei",
    "del",
    "della",
    "di",
    "la",
    "lo",
    "van",
    "von",
}
"""Words that belong to the surname that follows them ("De Luca", "Della Rovere")."""


def name_key(name: str) -> str:
    """A name reduced to what identifies it: no case, accents, punctuation or word order."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return " ".join(sorted(letters.split()))


def same_name(first: str, second: str) -> bool:
    """True when two typed names are the same name (see `name_key`)."""
    return bool(name_key(first)) and name_key(first) == name_key(second)


def namesakes(name: str, candidates: Iterable[tuple[str, object]]) -> list:
    """The items of (name, item) pairs whose name is the same as `name`."""
    key = name_key(name)
    return [item for other, item in candidates if key and name_key(other) == key]


@dataclass(frozen=True)
class Duplicate:
    """A name listed more than once: where it is (CSV lines) and if it is already registered."""

    name: str
    lines: tuple[int, ...]
    registered: bool


def duplicate_names(
    rows: Iterable[tuple[int, str]], registered: Iterable[str] = ()
) -> list[Duplicate]:
    """Names that appear twice among (line, name) rows, or that someone already registered
    has, in the order of their first line: shown to the organiser before anything is imported."""
    lines: dict[str, list[int]] = {}
    first_spelling: dict[str, str] = {}
    for line, name in rows:
        key = name_key(name)
        lines.setdefault(key, []).append(line)
        first_spelling.setdefault(key, name)
    known = {name_key(n) for n in registered}
    return [
        Duplicate(first_spelling[key], tuple(where), key in known)
        for key, where in lines.items()
        if key and (len(where) > 1 or key in known)
    ]


def surname_key(name: str) -> tuple[str, str]:
    """Sort key for a "Name Surname" as typed: the surname (with its particles) first,
    without accents or case, so the desk list reads Bianchi, De Luca, Esposito."""
    words = name.split()
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    if start < 1:
        return (name_key(name), "")
    surname, given = " ".join(words[start:]), " ".join(words[:start])
    return (_plain(surname), _plain(given))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
