"""The organiser's synthesis as the report reads it: optional snapshot fields, each None
while that part of Café has nothing to give, so the report says so instead of inventing.

Themes count each note once: a theme lists its notes, and a note the grouping put under
two themes is counted under the first only; a hidden note is never listed.
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
    other: bool = False


def conclusions(s: Snapshot) -> str:
    """The morning's conclusions, or ''."""
    return s.conclusions


def next_steps(s: Snapshot) -> str:
    """The next steps the organiser wrote, or ''."""
    return s.next_steps


def question_summary(s: Snapshot, round_number: int) -> str:
    """The organiser's summary of one question, or ''."""
    found = _question(s, round_number)
    return found.summary if found else ""


def _question(s: Snapshot, round_number: int):
    """The synthesis of one question (a QuestionSynthesis), or None when it has none."""
    return next((q for q in s.synthesis if q.round == round_number), None)


def themes(s: Snapshot, round_number: int) -> list[ThemeView] | None:
    """A question's themes by meaning, largest first; None until grouping has run."""
    found = _question(s, round_number)
    if found is None:
        return None
    shown = [n for n in s.visible_notes() if n.round == round_number]
    seen = {n.text for n in s.notes if n.hidden} - {n.text for n in shown}
    views = []
    for theme in found.themes:
        texts = [t for t in dict.fromkeys(theme.notes) if t not in seen]
        if not texts:
            continue
        seen.update(texts)
        tables = {n.table for n in shown if n.text in texts}
        views.append(ThemeView(theme.label, tuple(texts), len(tables), theme.quotes, theme.other))
    # Largest first, the notes that fit no theme last.
    return sorted(views, key=lambda v: (v.other, -len(v.notes)))


def consensus(s: Snapshot):
    """Where the groups agree and divide (a ConsensusSection); None when nobody voted."""
    return s.consensus


def harvest_answers(s: Snapshot) -> list[str] | None:
    """The answers to the harvest question, shown ones only; None when none was given."""
    shown = [a.text for a in s.answers if not a.hidden]
    return shown or None
