"""The harvest snapshot: everything a report holds, as plain dataclasses.

Built by `cafe.services.harvest` from the database; every exporter is a pure function of
it. Fields for features still to come (tags, stars, votes, hidden notes, themes) exist
already, empty, so a report says "none" rather than inventing data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cafe.export.facts import Attendance, Method

SCHEMA_VERSION = "1.1"


@dataclass(frozen=True)
class NoteRow:
    """One note as the reports show it."""

    round: int
    table: int
    kind: str
    text: str
    created_at: datetime
    tags: tuple[str, ...] = ()
    starred: bool = False
    hidden: bool = False
    votes: int = 0
    votes_by_group: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoRow:
    """A tablecloth photo; `path` is the stored (already stripped) JPEG."""

    key: str
    round: int
    table: int
    width: int
    height: int
    path: Path | None = None
    hidden: bool = False
    uploaded_at: datetime | None = None


@dataclass(frozen=True)
class Question:
    """A round's question with its key insights (starred notes, when they exist)."""

    round: int
    text: str


@dataclass(frozen=True)
class Theme:
    """A theme of one question's notes (cafe.synthesis): its title, its notes' texts (each
    note is in one theme), its weight (the number of its notes), the question's round, and
    whether it gathers the notes that fit no theme."""

    title: str
    notes: tuple[str, ...] = ()
    weight: float = 0.0
    round: int | None = None
    other: bool = False


@dataclass(frozen=True)
class GroupShare:
    """One stakeholder group on one insight: how many of its voters dotted it, of how many."""

    group: str
    dotted: int
    voters: int


@dataclass(frozen=True)
class ConsensusRow:
    """A key insight and where the groups stand on it: `wording` says it plainly ("Prima per
    tutti i gruppi", "Divide: prima per cittadini, nessun punto da esperti"); `score` is the
    consensus across groups (the product of each voting group's smoothed share, 0-1),
    `gap` the highest share minus the lowest, `kind` one of all_first, divides, shared, some."""

    text: str
    round: int
    table: int
    votes: int
    score: float
    gap: float
    kind: str
    wording: str
    shares: tuple[GroupShare, ...] = ()


@dataclass(frozen=True)
class ConsensusSection:
    """The section "Where the groups agree / where they divide": the insights with the
    highest consensus (`agreed`) and those that divide the groups (`divided`), each group's
    voters, and the declared groups that put no dot anywhere (`silent`, in `silent_text`)."""

    agreed: tuple[ConsensusRow, ...] = ()
    divided: tuple[ConsensusRow, ...] = ()
    voters: dict[str, int] = field(default_factory=dict)
    silent: tuple[str, ...] = ()
    silent_text: str = ""


@dataclass(frozen=True)
class AnswerRow:
    """An answer to the harvest question, without its author; `hidden` also when it still
    waits for approval (kept out of documents, kept in CSV/JSON as hidden)."""

    text: str
    created_at: datetime
    hidden: bool = False


@dataclass(frozen=True)
class FoundTheme:
    """A theme of one question as the organiser left it: its label, its notes' texts (the
    order they were written), the quotes chosen to stand for it, `curated` when the
    organiser named, merged, split or filled it, `other` for the notes in no theme."""

    label: str
    notes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    curated: bool = False
    other: bool = False


@dataclass(frozen=True)
class QuestionSynthesis:
    """One question's synthesis: `round` (0 for the harvest question's answers), the
    question, its themes (largest first, "other" last) and the organiser's summary."""

    round: int
    question: str
    themes: tuple[FoundTheme, ...] = ()
    summary: str = ""


@dataclass
class Snapshot:
    """A whole event's harvest at one moment, ready for any exporter."""

    event_id: int
    title: str
    place: str
    starts_at: datetime | None
    language: str
    table_count: int
    round_count: int
    questions: list[Question]
    notes: list[NoteRow]
    labels: dict[str, str]
    taken_at: datetime
    organiser: str = ""
    groups: dict[str, int] = field(default_factory=dict)
    """Participants who came, by stakeholder group ('' = did not say)."""
    photos: list[PhotoRow] = field(default_factory=list)
    themes: list[Theme] | None = None
    """Heaviest first; None leaves the section out; [] when no word keeps coming up."""
    names: list[str] | None = None
    """Participants' names, only when the organiser chose to include them."""
    anonymised: bool = False
    consensus: ConsensusSection | None = None
    """Where the groups agree and divide on the key insights; None when nobody voted."""
    # How the morning ran (the report's method and participation chapters).
    time_zone: str = "UTC"
    """The venue's IANA time zone: stored times are UTC, documents show them there."""
    harvest_question: str = ""
    method: Method | None = None
    attendance: list[Attendance] = field(default_factory=list)
    """Attendance by stakeholder group, declared groups first ('' = did not say)."""
    answers: list[AnswerRow] = field(default_factory=list)
    """Answers to the harvest question, oldest first, hidden ones marked."""
    synthesis: list[QuestionSynthesis] = field(default_factory=list)
    """Per question (then the harvest question), the themes with the organiser's decisions
    applied and the summary; questions with no note and no summary are left out."""
    conclusions: str = ""
    next_steps: str = ""
    """The organiser's conclusions of the morning and next steps ('' when not written)."""

    def label(self, key: str, **values: object) -> str:
        """A translated label, with {placeholders} filled."""
        return self.labels.get(key, key).format(**values)

    def visible_notes(self) -> list[NoteRow]:
        """Notes that document formats show (hidden ones are left out)."""
        return [n for n in self.notes if not n.hidden]

    def visible_photos(self) -> list[PhotoRow]:
        """Photos the organiser has not hidden."""
        return [p for p in self.photos if not p.hidden]

    def participant_count(self) -> int:
        """How many people came."""
        return sum(self.groups.values())

    def question(self, number: int) -> str:
        """The question of round `number`, or ''."""
        return next((q.text for q in self.questions if q.round == number), "")

    def votes_by_group(self) -> dict[str, int]:
        """Votes cast, summed over every visible note, by group."""
        totals: dict[str, int] = {}
        for note in self.visible_notes():
            for group, count in note.votes_by_group.items():
                totals[group] = totals.get(group, 0) + count
        return totals

    def most_voted(self, limit: int = 10) -> list[NoteRow]:
        """The visible notes with votes, most voted first."""
        voted = [n for n in self.visible_notes() if n.votes > 0]
        return sorted(voted, key=lambda n: (-n.votes, n.round, n.table))[:limit]

    def key_insights(self, round_number: int) -> list[NoteRow]:
        """A round's starred notes, then its most voted, at most five."""
        notes = [n for n in self.visible_notes() if n.round == round_number]
        ranked = sorted(notes, key=lambda n: (not n.starred, -n.votes, n.table))
        return [n for n in ranked if n.starred or n.votes > 0][:5]

    def notes_by_table(self, round_number: int) -> list[tuple[int, list[NoteRow]]]:
        """A round's visible notes grouped by table, tables in order."""
        tables: dict[int, list[NoteRow]] = {}
        for note in self.visible_notes():
            if note.round == round_number:
                tables.setdefault(note.table, []).append(note)
        return sorted(tables.items())
