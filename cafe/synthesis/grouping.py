"""Group one question's notes into themes by what they say (pure: no Flask, no SQLAlchemy).

Two notes are alike when they name the same concepts of local life (cafe.synthesis.lexicon:
"anziani soli" and "nonni che non escono di casa" both name older people) and when their
sentence embeddings are close (cafe.synthesis.embedding). Notes are clustered by average
linkage on that similarity; a cluster of one note goes to the "other" group.

`group_notes` is a pure function of its arguments: the same notes, questions and language
always give the same groups, labels and order, so a caller can recompute it whenever a note
arrives and replay the organiser's decisions (renames, merges, moves) on top.
docs/themes.md says how the weights were chosen and how well it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cafe.synthesis import closeness, embedding
from cafe.synthesis.clustering import average_linkage
from cafe.synthesis.concepts import concepts_of, plain_words
from cafe.synthesis.labels import label_group, other_label
from cafe.synthesis.lexicon import CONCEPTS, FAMILIES
from cafe.synthesis.wordvectors import word_vectors

CONCEPT_WEIGHT = 0.85
"""Share of a pair's similarity that comes from the concepts both notes name; the rest,
their sentence embeddings, orders notes that name the same concepts and the merges forced
below the threshold (docs/themes.md: 0.85 raised the worst question of every view)."""
THRESHOLD = 0.15
"""Two clusters merge while the average similarity between their notes is at least this."""
MOST_THEMES = 12
"""Clusters keep merging, below the threshold too, until at most this many themes remain."""
MIN_NOTES = 2
"""A theme has at least this many notes; a note alone goes to the other group."""
SOFT_CONCEPTS = True
"""Whether a note naming no concept takes the concepts its meaning is closest to."""
SOFT_SHARE = 0.3
"""How much of its blend of the concepts its meaning is closest to a note that names
concepts also takes (cafe.synthesis.closeness): a note whose words name a concept only in
passing, or name the wrong one, still leans towards its subject (docs/themes.md: this
raised the worst question of the views where the lexicon lacks words or concepts)."""
OTHER_FAMILY_WEIGHT = 0.4
"""Weight of a concept outside the question's main family (lexicon.FAMILIES) in a note that
also names one inside it: in a question on how to measure, "gli anziani non usano le app"
is about the tool, not the older people."""
EMBEDDED_CHARACTERS = 600
"""Only a note's beginning is embedded (a very long note says its theme early)."""


@dataclass(frozen=True)
class ThemeGroup:
    """A theme: a short label (2-6 words in the event's language) and its notes' ids, in
    ascending order. `other` marks the group of notes that fit no theme (its label is
    "Altre note"/"Other notes"; callers may show their own translation instead)."""

    label: str
    note_ids: tuple[int, ...]
    other: bool = False


def group_notes(
    notes: Mapping[int, str], questions: Iterable[str], language: str
) -> list[ThemeGroup]:
    """Group `notes` ({id: text}, one question's notes) into themes by meaning.

    `questions` are the texts of the question(s) the notes answer: their words never make
    a label, since every table repeats them. `language` is the event's language code ("it",
    "en", ...). Each note is in exactly one group; groups come largest first (ties by
    label), the "other" group (if any) last. No notes give no groups.
    """
    asked = [q for q in questions if q]
    ids = sorted(notes)
    worded = [i for i in ids if plain_words(notes[i])]
    texts = [notes[i].strip() for i in worded]
    found = [concepts_of(t) for t in texts]
    matrix = similarity(texts, found)
    clusters = average_linkage(matrix, THRESHOLD, MOST_THEMES) if texts else []
    themes = [c for c in clusters if len(c) >= MIN_NOTES]
    groups: dict[str, list[int]] = {}
    for cluster in sorted(themes, key=lambda c: (-len(c), c)):
        taken = {label.casefold() for label in groups}
        members = [texts[i] for i in cluster]
        label = label_group(members, [found[i] for i in cluster], asked, language, taken)
        groups[label] = [worded[i] for i in cluster]
    alone = [worded[c[0]] for c in clusters if len(c) < MIN_NOTES]
    wordless = [i for i in ids if not plain_words(notes[i])]
    return ordered(groups, alone + wordless, language)


def similarity(texts: Sequence[str], found: Sequence[tuple[int, ...]]) -> np.ndarray:
    """Pairwise similarity of `texts` (whose concepts are `found`): shared concepts plus
    closeness of their meaning. A note that names no concept takes the concepts its meaning
    is closest to (cafe.synthesis.closeness)."""
    vectors = _embedded(texts)
    concepts = _in_main_family(_concept_rows(found), found)
    if vectors is not None and SOFT_CONCEPTS:
        soft = closeness.concept_blend(vectors)
        named_none = ~concepts.any(axis=1)
        concepts[named_none] = soft[named_none]
        concepts = _unit(concepts + SOFT_SHARE * soft)
    meaning = _meaning_rows(texts, vectors)
    return CONCEPT_WEIGHT * (concepts @ concepts.T) + (1 - CONCEPT_WEIGHT) * (meaning @ meaning.T)


def _in_main_family(rows: np.ndarray, found: Sequence[tuple[int, ...]]) -> np.ndarray:
    """`rows` with the concepts outside the question's main family weighed
    OTHER_FAMILY_WEIGHT in the notes that name a concept of it. The main family is the one
    the notes' concepts most belong to (each note counts once, shared among its concepts),
    so it comes from the notes, not from the question's words."""
    owner = _families()
    share: dict[str, float] = {}
    for named in found:
        for concept in named:
            if owner[concept]:
                share[owner[concept]] = share.get(owner[concept], 0.0) + 1 / len(named)
    if not share:
        return rows
    main = max(sorted(share), key=lambda family: share[family])
    rows = rows.copy()
    for row, named in enumerate(found):
        if any(owner[c] == main for c in named):
            outside = [c for c in named if owner[c] and owner[c] != main]
            rows[row, outside] *= OTHER_FAMILY_WEIGHT
    return _unit(rows)


@lru_cache(maxsize=1)
def _families() -> tuple[str | None, ...]:
    """Each concept's family (lexicon.FAMILIES), None for the concepts of every family."""
    family = {key: name for name, keys in FAMILIES.items() for key in keys}
    return tuple(family.get(concept.key) for concept in CONCEPTS)


def _concept_rows(found: Sequence[tuple[int, ...]]) -> np.ndarray:
    rows = np.zeros((len(found), len(CONCEPTS)))
    for row, concepts in enumerate(found):
        rows[row, list(concepts)] = 1.0
    return _unit(rows)


def _embedded(texts: Sequence[str]) -> np.ndarray | None:
    """The notes' sentence embeddings (unit rows), or None without the encoder."""
    if not embedding.available() or not texts:
        return None
    cut = [t[:EMBEDDED_CHARACTERS] for t in texts]
    return _unit(np.asarray(embedding.embed(cut), dtype=np.float64))


def _meaning_rows(texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
    """Sentence embeddings less their mean (what all the notes share, the question's own
    subject, says nothing about which theme a note is in); TF-IDF of the lemmas without
    the encoder."""
    if vectors is None:
        vectors = _embedded(texts)
    if vectors is None:
        vectors = word_vectors([t[:EMBEDDED_CHARACTERS] for t in texts])
    vectors = np.asarray(vectors, dtype=np.float64)
    if len(vectors) >= 3:
        vectors = vectors - vectors.mean(axis=0)
    return _unit(vectors)


def _unit(rows: np.ndarray) -> np.ndarray:
    lengths = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, lengths, out=np.zeros_like(rows), where=lengths > 1e-9)


def warm_up(language: str = "it") -> None:
    """Load what the grouping needs, once per process. It takes a second or two the first
    time, so call it off the event loop."""
    if embedding.available():
        embedding.load()
        closeness.load()
    group_notes({0: "avvio", 1: "avvio"}, [], language)


def ordered(groups: Mapping[str, list[int]], other: list[int], language: str) -> list[ThemeGroup]:
    """ThemeGroups from {label: ids} and the other notes' ids: largest first, other last."""
    themes = [ThemeGroup(label, tuple(sorted(ids))) for label, ids in groups.items()]
    themes.sort(key=lambda g: (-len(g.note_ids), g.label, g.note_ids))
    if other:
        themes.append(ThemeGroup(other_label(language), tuple(sorted(other)), other=True))
    return themes
