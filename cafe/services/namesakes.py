"""Telling whether two typed names are the same person's, and sorting names by surname.

Pure: no Flask, no database. The door, the desk and the CSV import call it, so
"Giulia Giordano", "giordano  giulia" and "Giulia Giordàno" count as one name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=1 << 16)  # the door compares each join with the whole list
def name_key(name: str) -> str:
    """A name reduced to what identifies it: no case, accents, punctuation or word order."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return " ".join(sorted(letters.split()))


APOSTROPHES = str.maketrans("", "", "'’‘ʼ`´′")


def search_key(text: str) -> str:
    """Text as a search compares it: no case, accents or apostrophes, so "d'agostino" and
    "dagostino" find "D’Agostino" (static/js/live.js `searchable` does the same)."""
    plain = unicodedata.normalize("NFKD", text.casefold().translate(APOSTROPHES))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def matches_search(text: str, query: str) -> bool:
    """Whether every word of `query` is in `text`, as `search_key` makes them."""
    haystack = search_key(text)
    return all(word in haystack for word in search_key(query).split())


def found_by_surname(name: str, query: str) -> bool:
    """The door's search: every word typed is a whole word of the name, and one of them
    (of three letters or more) is the surname. A person knows their surname; a script
    trying letters, or common given names, lists nobody."""
    typed = search_key(query).split()
    words = set(search_key(name).split())
    surname = set(search_key(surname_of(name)).split())
    return (
        bool(typed)
        and all(word in words for word in typed)
        and any(len(word) >= 3 and word in surname for word in typed)
    )


def same_name(first: str, second: str) -> bool:
    """True when two typed names are the same name (see `name_key`)."""
    return bool(name_key(first)) and name_key(first) == name_key(second)


def namesakes(name: str, candidates: Iterable[tuple[str, object]]) -> list:
    """The items of (name, item) pairs whose name is the same as `name`."""
    key = name_key(name)
    return [item for other, item in candidates if key and name_key(other) == key]


def told_apart(people: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Labels for people who share a name with someone else among (id, name) pairs, in the
    order they were added: "Mario Rossi (1)", "Mario Rossi (2)". The others keep their name."""
    by_key: dict[str, list[tuple[int, str]]] = {}
    for person_id, name in sorted(people):
        by_key.setdefault(name_key(name), []).append((person_id, name))
    return {
        person_id: f"{name} ({n})"
        for same in by_key.values()
        if len(same) > 1
        for n, (person_id, name) in enumerate(same, start=1)
    }


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
    given, surname = _split(name)
    if not given:
        return (name_key(name), "")
    return (_plain(" ".join(surname)), _plain(" ".join(given)))


def as_found(name: str, query: str) -> str:
    """How the door's search shows a name it found: whole when the query also named the
    given name ("rita caruso"), else with the given names as initials ("R. Caruso"), so
    guessing surnames does not list who is coming."""
    given, surname = _split(name)
    typed = set(search_key(query).split())
    if not given or typed & set(search_key(" ".join(given)).split()):
        return name
    return " ".join([*(f"{word[0]}." for word in given), *surname])


def surname_of(name: str) -> str:
    """The surname of a "Name Surname" as typed, with its particles ("De Luca"); the whole
    name when it is one word."""
    return " ".join(_split(name)[1])


def _split(name: str) -> tuple[list[str], list[str]]:
    words = name.split()
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    start = max(start, 0)
    return words[:start], words[start:]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
