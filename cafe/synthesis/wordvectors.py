"""TF-IDF vectors of the notes' lemmas: what the grouping falls back on when the sentence
encoder is not installed, and the TF-IDF baseline of bench/themes.py."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from cafe.themes.words import _content_words


def word_vectors(texts: Sequence[str], language: str = "it") -> np.ndarray:
    """One row per text: sublinear TF-IDF weights of its content lemmas, unit length."""
    bags = [Counter(lemma for lemma, _ in _content_words(t, language) if lemma) for t in texts]
    vocabulary = sorted({lemma for bag in bags for lemma in bag})
    column = {lemma: i for i, lemma in enumerate(vocabulary)}
    documents = Counter(lemma for bag in bags for lemma in bag)
    rows = np.zeros((len(texts), max(1, len(vocabulary))))
    for row, bag in enumerate(bags):
        for lemma, count in bag.items():
            idf = math.log((1 + len(texts)) / (1 + documents[lemma])) + 1
            rows[row, column[lemma]] = (1 + math.log(count)) * idf
    lengths = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, lengths, out=np.zeros_like(rows), where=lengths > 0)
