"""The words and two-word phrases that keep coming up in the notes (the old word-count themes,
now the baseline of bench/themes.py).

Pure (no Flask, no SQLAlchemy). Words are lemmatised with simplemma so that 'giovane' and
'giovani' count as one; words of the questions themselves are damped, since every table
repeats them. Stop words come from stopwordsiso (Italian) or stopwords (other languages);
docs/themes.md says why, and why not YAKE.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import simplemma
import stopwords
import stopwordsiso

QUESTION_DAMPING = 0.5
"""Weight kept by a term that is also in a question."""
MIN_NOTES = 2
"""A theme must come up in at least this many notes."""
MIN_LENGTH = 3


@dataclass(frozen=True)
class Theme:
    """A recurring word or phrase, its weight and the ids of the notes it comes from."""

    term: str
    weight: float
    note_ids: tuple[int, ...]


def extract_themes(
    notes: Mapping[int, str], questions: Iterable[str], language: str, limit: int = 12
) -> list[Theme]:
    """The top themes of `notes` ({id: text}), heaviest first; ties in alphabetical order."""
    asked = {lemma for text in questions for lemma, _ in _terms(text, language)}
    found: dict[str, set[int]] = {}
    forms: dict[str, Counter] = {}
    for note_id, text in notes.items():
        for lemma, form in _terms(text, language):
            found.setdefault(lemma, set()).add(note_id)
            forms.setdefault(lemma, Counter())[form] += 1
    themes = [
        Theme(_shown(forms[lemma]), _weight(lemma, ids, asked), tuple(sorted(ids)))
        for lemma, ids in found.items()
        if len(ids) >= MIN_NOTES
    ]
    return sorted(themes, key=lambda t: (-t.weight, t.term))[:limit]


def _weight(lemma: str, ids: set[int], asked: set[str]) -> float:
    words = lemma.split()
    damped = sum(w in asked for w in words) / len(words)
    # A phrase that recurs says more than either of its words alone.
    bonus = 1.0 if len(words) == 1 else 1.5
    return round(len(ids) * bonus * (1 - damped * (1 - QUESTION_DAMPING)), 3)


def _shown(forms: Counter) -> str:
    """The form people wrote most often (alphabetical on ties), so themes read naturally."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def _terms(text: str, language: str) -> set[tuple[str, str]]:
    """(lemma, written form) of each content word and each pair of adjacent content words."""
    words = _content_words(text, language)
    terms = {(lemma, form) for lemma, form in words if lemma}
    for (la, fa), (lb, fb) in pairwise(words):
        if la and lb:
            terms.add((f"{la} {lb}", f"{fa} {fb}"))
    return terms


def _content_words(text: str, language: str) -> list[tuple[str | None, str]]:
    """Each word as (lemma, form); lemma None for stop words, which break phrases."""
    stop = _stop_words(language)
    words = []
    for token in simplemma.simple_tokenizer(text):
        form = token.casefold()
        if not form.isalpha():
            continue
        lemma = _lemma(form, language)
        useful = len(form) >= MIN_LENGTH and form not in stop and lemma not in stop
        words.append((lemma if useful else None, form))
    return words


ISO_FIRST = frozenset({"it"})
"""Languages whose stopwordsiso list beats the `stopwords` one (docs/themes.md)."""


@lru_cache(maxsize=8)
def _stop_words(language: str) -> frozenset[str]:
    # stopwords' Italian list drops 'lavoro' and 'tempo'; stopwordsiso's English one drops
    # 'young', 'work' and 'home': each language takes the list that keeps such words.
    if language not in ISO_FIRST and language in stopwords.LANGUAGE_MAPPING:
        return frozenset(stopwords.get_stopwords(language))
    if stopwordsiso.has_lang(language):
        return frozenset(stopwordsiso.stopwords(language))
    return frozenset()


@lru_cache(maxsize=50_000)
def _lemma(form: str, language: str) -> str:
    return simplemma.lemmatize(form, lang=language).casefold() if _known(language) else form


@lru_cache(maxsize=8)
def _known(language: str) -> bool:
    try:
        simplemma.lemmatize("test", lang=language)
    except ValueError:
        return False
    return True
