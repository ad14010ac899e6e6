"""How close a note's meaning is to each concept of the lexicon, for notes whose words name
none (pure, no Flask, no SQLAlchemy).

The lexicon cannot list every word a host may write ("davanti alla tv senza vedere
nessuno", "chi sta a casa tutto il giorno"). A note that names no concept is compared, by
sentence embedding, with every word, phrase and label of every concept, and takes a blend
of the concepts it is closest to: a zero-shot classification that keeps such a note with
the notes that name its subject.
docs/themes.md says how much it helps when the lexicon lacks a note's words.
"""

from __future__ import annotations

import threading

import numpy as np

from cafe.synthesis import embedding
from cafe.synthesis.lexicon import CONCEPTS

SHARPNESS = 0.03
"""Softmax temperature over a note's closeness to the concepts: a concept 0.03 less close
than the closest weighs e times less, so a note takes one or two concepts, not all."""

_lock = threading.Lock()
_phrases: tuple[np.ndarray, np.ndarray] | None = None


def concept_blend(vectors: np.ndarray) -> np.ndarray:
    """One row per embedded note (`vectors`, unit rows), one column per concept: the
    note's closeness to the concept's words, sharpened so the closest ones dominate; rows
    are unit length."""
    owners, phrases = _phrase_vectors()
    closeness = np.asarray(vectors, dtype=np.float64) @ phrases.T
    best = np.full((len(vectors), len(CONCEPTS)), -1.0)
    # The phrases come concept by concept, so each concept's are one run of columns.
    present, starts = np.unique(owners, return_index=True)
    if len(present):
        best[:, present] = np.maximum.reduceat(closeness, starts, axis=1)
    sharp = np.exp((best - best.max(axis=1, keepdims=True)) / SHARPNESS)
    return sharp / np.linalg.norm(sharp, axis=1, keepdims=True)


def load() -> None:
    """Embed the lexicon's words once per process (about half a second)."""
    _phrase_vectors()


def _phrase_vectors() -> tuple[np.ndarray, np.ndarray]:
    global _phrases
    with _lock:
        if _phrases is None:
            owners, texts = [], []
            for index, concept in enumerate(CONCEPTS):
                words = [p.replace("_", " ").rstrip("*") for p in concept.patterns]
                for text in dict.fromkeys([*words, *concept.label.values()]):
                    owners.append(index)
                    texts.append(text)
            vectors = np.asarray(embedding.encode_uncached(texts), dtype=np.float64)
            lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
            _phrases = (np.array(owners), vectors / np.maximum(lengths, 1e-9))
        return _phrases
