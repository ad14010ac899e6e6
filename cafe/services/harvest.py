"""The harvest snapshot of an event, read from the database for the exporters."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from cafe.export.snapshot import (
    NoteRow,
    PhotoRow,
    Question,
    Snapshot,
    Theme,
)
from cafe.extensions import db
from cafe.models import Event, Note, Participant, Photo, utcnow
from cafe.services import findings, report_facts
from cafe.services.theme_groups import themes_by_question
from cafe.services.votes import event_tally


def report_labels() -> dict[str, str]:
    """Every phrase a report prints, in the current locale ({n}-style placeholders)."""
    return {
        "report_title": _("World Café report"),
        "date": _("Date"),
        "place": _("Place"),
        "organiser": _("Organised by"),
        "participants": _("Participants"),
        "people": _("People"),
        "group": _("Group"),
        "no_group": _("Did not say"),
        "tables": _("Tables"),
        "rounds": _("Rounds"),
        "notes": _("Notes"),
        "question_n": _("Question {n}"),
        "table_n": _("Table {n}"),
        "table": _("Table"),
        "key_insights": _("Key insights"),
        "notes_by_table": _("Every note, by table"),
        "themes": _("Themes"),
        "photos": _("Photos of the tablecloths"),
        "photo_caption": _("Table {table}, round {round}"),
        "votes": _("Votes"),
        "votes_n": _("{n} votes"),
        "votes_overall": _("Most voted notes"),
        "votes_by_group": _("Votes by group"),
        "consensus": _("Where the groups agree / where they divide"),
        "consensus_agreed": _("Where the groups agree"),
        "consensus_divided": _("Where the groups divide"),
        "consensus_how": _(
            "For each group, the share of its voters who put a dot on the insight, smoothed "
            "so that one voter alone does not count as everyone; the consensus multiplies "
            "those shares across the groups that voted. An insight divides the groups "
            "when one group's share is higher than another's by 50 percentage points or more."
        ),
        "consensus_none_divided": _("No insight divides the groups."),
        "consensus_share": _("{dotted} of {voters}"),
        "no_votes": _("No votes were cast."),
        "note": _("Note"),
        "chart": _("Chart"),
        "theme": _("Theme"),
        "themes_how": _(
            "Notes grouped by what they say, question by question: each note is in one "
            "theme, and the bars show how many notes each theme has."
        ),
        "tags": _("Tags"),
        "none_people": _("Nobody has registered yet."),
        "none_insights": _("None yet: key insights are the starred and most voted notes."),
        "none_notes": _("No notes for this question."),
        "none_themes": _("No two notes said something alike yet."),
        "more_notes": _("…and {n} more notes"),
        "none_photos": _("No photos were taken."),
        "names": _("Participants’ names"),
        "anonymised": _("Personal data was deleted after the event; this harvest is anonymous."),
        "made_by": _("Made with Café on {date}."),
        "kind_idea": _("Idea"),
        "kind_question": _("Question"),
        "kind_tension": _("Tension"),
        "kind_proposal": _("Proposal"),
        **csv_labels(),
    }


def csv_labels() -> dict[str, str]:
    """The CSV export's column names and value words, in the current locale."""
    columns = {
        "event_id": _("event_id"),
        "event": _("event"),
        "round": _("round"),
        "question": _("question"),
        "table": _("table"),
        "kind": _("kind"),
        "text": _("text"),
        "tags": _("tags"),
        "starred": _("starred"),
        "hidden": _("hidden"),
        "votes": _("votes"),
        "votes_by_group": _("votes_by_group"),
        "created_at": _("created_at"),
        "themes": _("themes"),
    }
    words = {
        "yes": _("yes"),
        "no": _("no"),
        "idea": _("idea"),
        "question": _("question"),
        "tension": _("tension"),
        "proposal": _("proposal"),
    }
    return {
        **{f"col:{k}": v for k, v in columns.items()},
        **{f"csv:{k}": v for k, v in words.items()},
    }


def build_snapshot(event: Event, *, with_names: bool = False, language: str | None = None):
    """The event's whole harvest now; names only when the organiser asks for them."""
    # flask_babel.force_locale does nothing while `g` is empty (as in the CLI), so fill it.
    g.report_language = language or event.language
    with force_locale(g.report_language):
        labels = report_labels()
    people = list(db.session.scalars(select(Participant).where(Participant.event_id == event.id)))
    # Before check-in (or when nobody used it) the registered list is the best count.
    came = [p for p in people if p.arrived_at is not None] or people
    notes = _notes(event)
    return Snapshot(
        event_id=event.id,
        title=event.title,
        place=event.place,
        organiser=event.organised_by,
        starts_at=event.starts_at,
        language=language or event.language,
        table_count=event.table_count,
        round_count=event.round_count,
        questions=[Question(r.number, r.question) for r in event.rounds],
        notes=notes,
        labels=labels,
        taken_at=utcnow(),
        groups=_groups(event, came),
        photos=_photos(event),
        themes=_themes(notes, event, language or event.language),
        names=sorted((p.name for p in came if p.name), key=str.casefold) if with_names else None,
        anonymised=event.anonymised_at is not None,
        consensus=findings.consensus(event),
        time_zone=current_app.config.get("CAFE_TIME_ZONE", "UTC"),
        harvest_question=event.harvest_question,
        method=report_facts.method(event, people),
        attendance=report_facts.attendance(event, people),
        answers=findings.answers(event),
        synthesis=findings.synthesis(event),
        **findings.closing_texts(event),
    )


def _groups(event: Event, came: list[Participant]) -> dict[str, int]:
    counts = {group: 0 for group in event.groups}
    for person in came:
        counts[person.group or ""] = counts.get(person.group or "", 0) + 1
    return {g: n for g, n in counts.items() if n or g in event.groups}


def _notes(event: Event) -> list[NoteRow]:
    numbers = {t.id: t.number for t in event.tables}
    counted = event_tally(event)
    query = (
        select(Note)
        .where(Note.event_id == event.id, Note.deleted_at.is_(None))
        .order_by(Note.round_number, Note.created_seq)
    )
    return [
        NoteRow(
            round=n.round_number,
            table=numbers[n.table_id],
            kind=n.kind,
            text=n.text,
            created_at=n.created_at,
            tags=tuple(n.tags or ()),
            starred=n.starred,
            hidden=n.hidden or n.pending,  # not approved yet: kept out of documents too
            votes=counted.overall.get(n.id, 0),
            votes_by_group={g: c[n.id] for g, c in counted.by_group.items() if c.get(n.id)},
        )
        for n in db.session.scalars(query)
    ]


def _themes(notes: list[NoteRow], event: Event, language: str) -> list[Theme]:
    """The visible notes' themes by meaning, question by question, each note in one."""
    rows = [(i, n.round, n.text) for i, n in enumerate(notes) if not n.hidden]
    questions = {r.number: r.question for r in event.rounds}
    return [
        Theme(
            theme.label,
            tuple(notes[i].text for i in theme.note_ids),
            float(len(theme.note_ids)),
            round=number,
            other=theme.other,
        )
        for number, theme in themes_by_question(rows, questions, language)
    ]


def _photos(event: Event) -> list[PhotoRow]:
    numbers = {t.id: t.number for t in event.tables}
    query = select(Photo).where(Photo.event_id == event.id).order_by(Photo.round_number, Photo.id)
    return [
        PhotoRow(
            key=p.key,
            round=p.round_number,
            table=numbers[p.table_id],
            width=p.width,
            height=p.height,
            path=photo_path(p),
            hidden=p.hidden,
            uploaded_at=p.uploaded_at,
        )
        for p in db.session.scalars(query)
    ]


def photo_path(photo: Photo) -> Path:
    """Where a photo's file lives: instance/uploads/<event id>/<key>.jpg."""
    return uploads_dir() / str(photo.event_id) / f"{photo.key}.jpg"


def uploads_dir() -> Path:
    """The folder of every stored upload (CAFE_UPLOADS, or instance/uploads)."""
    configured = current_app.config.get("CAFE_UPLOADS")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"
