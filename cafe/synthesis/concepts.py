"""Which concepts of cafe.synthesis.lexicon a note names (pure, no Flask, no SQLAlchemy).

Hosts type fast: a word the lexicon does not list and no dictionary knows ("anzini",
"inquinamnto", "trasproti") is matched to a lexicon word or stem one typing slip away (a
letter missing, added, changed, or two swapped), so a typo does not take a note out of its
theme.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

from cafe.synthesis.lexicon import CONCEPTS

_WORD = re.compile(r"[a-z0-9]+")
SLIP_SHORTEST = 5
"""Words and stems shorter than this are never matched through a typing slip: among short
words one slip turns most words into another word."""
KNOWN_IN = ("it", "en")
"""Dictionaries (simplemma's) of the words that are real words, never a slip."""
CLITICS = ("si", "li", "lo", "la", "le", "ne", "ci", "vi", "mi", "ti", "gli", "glielo")


def plain_words(text: str) -> list[str]:
    """The words of `text`, lower-case and without accents ("Età" -> "eta"); apostrophes
    split words ("dell'Appennino" -> "dell", "appennino")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare)


def concepts_of(text: str) -> tuple[int, ...]:
    """Indexes (into CONCEPTS) of the concepts `text` names, each once, in order of index.
    Phrases match first and their words are not matched again on their own. A word or
    phrase listed under two concepts ("caritas": poverty and associations) names both."""
    words = plain_words(text)
    used = [False] * len(words)
    found: set[int] = set()
    phrases, singles = _patterns()
    for size, table in phrases:
        for start in range(len(words) - size + 1):
            key = tuple(words[start : start + size])
            if key in table and not any(used[start : start + size]):
                found.update(table[key])
                used[start : start + size] = [True] * size
    for position, word in enumerate(words):
        if not used[position]:
            found.update(_single(word, singles))
    return tuple(sorted(found))


def _single(
    word: str, singles: tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]
) -> tuple[int, ...]:
    exact, stems = singles
    if word in exact:
        return exact[word]
    for end in range(len(word), 2, -1):
        concepts = stems.get(word[:end])
        if concepts is not None:
            return concepts
    return _slipped(word) or ()


@lru_cache(maxsize=50_000)
def _slipped(word: str) -> tuple[int, ...] | None:
    """The concepts of the lexicon word or stem `word` is one typing slip away from, if
    `word` is no word of the dictionaries (a real word is never taken for a typo)."""
    if len(word) < SLIP_SHORTEST or not word.isalpha() or _is_word(word):
        return None
    exact, stems = _slips()
    for key in (word, *_deletions(word)):
        if key in exact:
            return exact[key]
    for end in range(len(word), SLIP_SHORTEST - 2, -1):
        prefix = word[:end]
        for key in (prefix, *_deletions(prefix)):
            if key in stems:
                return stems[key]
    return None


def _is_word(word: str) -> bool:
    """Whether `word` is in the dictionaries, also as an infinitive with a pronoun joined
    to it ("sentirsi", "doverli"), which they do not list."""
    if simplemma.is_known(word, KNOWN_IN):
        return True
    for pronoun in CLITICS:
        if word.endswith(pronoun) and simplemma.is_known(word[: -len(pronoun)] + "e", KNOWN_IN):
            return True
    return False


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


@lru_cache(maxsize=1)
def _slips() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """The lexicon's words and stems, and each with one letter taken out, to their concept
    (symmetric deletion: two words one slip apart share a form with a letter taken out)."""
    _, (exact, stems) = _patterns()
    return _with_deletions(exact), _with_deletions(stems)


def _with_deletions(table: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    keyed: dict[str, tuple[int, ...]] = {}
    for word, concept in sorted(table.items(), key=lambda item: (item[1], item[0])):
        if len(word) >= SLIP_SHORTEST:
            for key in (word, *_deletions(word)):
                keyed.setdefault(key, concept)
    return keyed


@lru_cache(maxsize=1)
def _patterns():
    """(phrases by length, longest first: [(n, {words: concepts})]), (exact words, stems),
    each to the indexes of the concepts that list it."""
    phrases: dict[int, dict[tuple[str, ...], tuple[int, ...]]] = {}
    exact: dict[str, tuple[int, ...]] = {}
    stems: dict[str, tuple[int, ...]] = {}
    for index, concept in enumerate(CONCEPTS):
        for pattern in concept.patterns:
            words = tuple(plain_words(pattern.replace("_", " ").rstrip("*")))
            if len(words) > 1:
                table = phrases.setdefault(len(words), {})
            elif pattern.endswith("*"):
                table, words = stems, words[0]
            else:
                table, words = exact, words[0]
            if index not in table.get(words, ()):
                table[words] = (*table.get(words, ()), index)
    return sorted(phrases.items(), reverse=True), (exact, stems)
