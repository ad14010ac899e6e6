"""Which concepts of cafe.synthesis.lexicon a note names (pure, no Flask, no SQLAlchemy)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cafe.synthesis.lexicon import CONCEPTS

_WORD = re.compile(r"[a-z0-9]+")


def plain_words(text: str) -> list[str]:
    """The words of `text`, lower-case and without accents ("Età" -> "eta"); apostrophes
    split words ("dell'Appennino" -> "dell", "appennino")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare)


def concepts_of(text: str) -> tuple[int, ...]:
    """Indexes (into CONCEPTS) of the concepts `text` names, each once, in order of index.
    Phrases match first and their words are not matched again on their own."""
    words = plain_words(text)
    used = [False] * len(words)
    found: set[int] = set()
    phrases, singles = _patterns()
    for size, table in phrases:
        for start in range(len(words) - size + 1):
            key = tuple(words[start : start + size])
            if key in table and not any(used[start : start + size]):
                found.add(table[key])
                used[start : start + size] = [True] * size
    for position, word in enumerate(words):
        if not used[position]:
            concept = _single(word, singles)
            if concept is not None:
                found.add(concept)
    return tuple(sorted(found))


def _single(word: str, singles: tuple[dict[str, int], dict[str, int]]) -> int | None:
    exact, stems = singles
    if word in exact:
        return exact[word]
    for end in range(len(word), 2, -1):
        concept = stems.get(word[:end])
        if concept is not None:
            return concept
    return None


@lru_cache(maxsize=1)
def _patterns():
    """(phrases by length, longest first: [(n, {words: concept})]), (exact words, stems)."""
    phrases: dict[int, dict[tuple[str, ...], int]] = {}
    exact: dict[str, int] = {}
    stems: dict[str, int] = {}
    for index, concept in enumerate(CONCEPTS):
        for pattern in concept.patterns:
            words = tuple(plain_words(pattern.replace("_", " ").rstrip("*")))
            if len(words) > 1:
                phrases.setdefault(len(words), {}).setdefault(words, index)
            elif pattern.endswith("*"):
                stems.setdefault(words[0], index)
            else:
                exact.setdefault(words[0], index)
    return sorted(phrases.items(), reverse=True), (exact, stems)
