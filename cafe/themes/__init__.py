"""Themes of a harvest. `python -m cafe.themes NOTES.csv` groups a file of notes by meaning
(cafe/themes/__main__.py); the grouping itself is cafe.synthesis.group_notes.

`extract_themes` (the words that keep coming up, cafe/themes/words.py) is the old word-count
method, kept as the benchmarks' baseline."""

from cafe.themes.words import Theme, extract_themes

__all__ = ["Theme", "extract_themes"]
