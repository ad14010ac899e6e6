"""The organiser's synthesis as the report reads it: optional snapshot fields, each None
while that part of Café has nothing to give, so the report says so instead of inventing.

Themes count each note once: a theme lists its notes, and a note the grouping put under
two themes is counted under the first only.
"""

from __future__ import annotations

from dataclasses import dataclass

from cafe.export.snapshot import Snapshot


@dataclass(frozen=True)
class ThemeView:
    """One theme of a question: its label, its notes (each once), the tables they came
    from and the quotes the organiser chose."""

    label: str
    notes: tuple[str, ...]
    tables: int
    quotes: tuple[str, ...] = ()


def conclusions(s: Snapshot) -> str:
    """The morning's conclusions, or ''."""
    return str(getattr(s, "conclusions", "") or "")


def next_steps(s: Snapshot) -> str:
    """The next steps the organiser wrote, or ''."""
    return str(getattr(s, "next_steps", "") or "")


def question_summary(s: Snapshot, round_number: int) -> str:
    """The organiser's summary of one question, or ''."""
    summaries = getattr(s, "summaries", None) or {}
    return str(summaries.get(round_number, "") or "")


def themes(s: Snapshot, round_number: int) -> list[ThemeView] | None:
    """A question's themes by meaning, largest first; None until grouping has run."""
    found = getattr(s, "question_themes", None)
    if found is None:
        return None
    seen: set[str] = set()
    views = []
    for theme in found:
        if getattr(theme, "round", round_number) != round_number:
            continue
        texts = [t for t in _texts(theme) if t not in seen]
        if not texts:
            continue
        seen.update(texts)
        tables = {n.table for n in s.visible_notes() if n.round == round_number and n.text in texts}
        quotes = tuple(getattr(theme, "quotes", ()) or ())
        views.append(ThemeView(getattr(theme, "label", ""), tuple(texts), len(tables), quotes))
    return sorted(views, key=lambda v: -len(v.notes))


def _texts(theme: object) -> list[str]:
    notes = getattr(theme, "notes", ()) or ()
    return list(dict.fromkeys(getattr(n, "text", n) for n in notes))


def consensus(s: Snapshot):
    """Where the groups agree and divide (a ConsensusSection); None when nobody voted."""
    return s.consensus


def harvest_answers(s: Snapshot) -> list[str] | None:
    """The answers to the harvest question, shown ones only; None until collected."""
    answers = getattr(s, "harvest_answers", None)
    if answers is None:
        return None
    return [getattr(a, "text", a) for a in answers if not getattr(a, "hidden", False)]
