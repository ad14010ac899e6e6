"""The report's findings, for the harvest snapshot: where the groups agree and divide, the
organiser's synthesis per question, the harvest question's answers and the morning's
conclusions. Worded in the report's language (build_snapshot sets g.report_language)."""

from __future__ import annotations

from flask import g
from flask_babel import force_locale
from flask_babel import gettext as _

from cafe.export.snapshot import (
    AnswerRow,
    ConsensusRow,
    ConsensusSection,
    FoundTheme,
    GroupShare,
    QuestionSynthesis,
)
from cafe.models import HARVEST_SCOPE, Event, Note
from cafe.services import answers as answer_service
from cafe.services import synthesis as synthesis_service
from cafe.services.agreement import silent_wording, wording
from cafe.services.votes import event_consensus, event_tally, insights


def closing_texts(event: Event) -> dict[str, str]:
    """The organiser's conclusions and next steps of the morning ('' when not written)."""
    texts = synthesis_service.texts(event, HARVEST_SCOPE)
    return {"conclusions": texts["conclusions"]["text"], "next_steps": texts["next_steps"]["text"]}


def consensus(event: Event) -> ConsensusSection | None:
    """Where the groups agree and divide, worded in the report's language (force_locale is
    in effect: build_snapshot set g.report_language); None when nobody voted."""
    notes = {n.id: n for n in insights(event)}
    found = event_consensus(event, list(notes.values()))
    if not any(found.voters.values()):
        return None
    dots = event_tally(event).overall
    with force_locale(g.report_language):
        row = lambda s: _consensus_row(notes[s.note_id], s, dots)  # noqa: E731
        return ConsensusSection(
            agreed=tuple(row(s) for s in found.agreed()),
            divided=tuple(row(s) for s in found.divided()),
            voters=found.voters,
            silent=found.silent,
            silent_text=silent_wording(found),
        )


def _consensus_row(note: Note, standing, dots: dict[int, int]) -> ConsensusRow:
    return ConsensusRow(
        text=note.text,
        round=note.round_number,
        table=note.table.number,
        votes=dots.get(note.id, 0),
        score=round(standing.score, 4),
        gap=round(standing.gap, 4),
        kind=standing.kind,
        wording=wording(standing),
        shares=tuple(GroupShare(s.group, s.dotted, s.voters) for s in standing.stands),
    )


def answers(event: Event) -> list[AnswerRow]:
    """Every answer to the harvest question, oldest first, without its author."""
    return [
        AnswerRow(a.text, a.created_at, a.hidden or a.pending)
        for a in answer_service.all_answers(event)
    ]


def synthesis(event: Event) -> list[QuestionSynthesis]:
    """Each question's themes as the organiser left them (labels in the report's language),
    with the summary; a question with neither is left out."""
    with force_locale(g.report_language):
        return _synthesis(event)


def _synthesis(event: Event) -> list[QuestionSynthesis]:
    found = []
    for scope in synthesis_service.scopes(event):
        texts = _scope_texts(event, scope)
        themes = synthesis_service.themes(event, scope)
        summary = synthesis_service.texts(event, scope)["summary"]["text"]
        if themes or summary:
            found.append(
                QuestionSynthesis(
                    scope,
                    synthesis_service.question_of(event, scope),
                    tuple(_found_theme(t, texts) for t in themes),
                    summary,
                )
            )
    return found


def _scope_texts(event: Event, scope: int) -> dict[str, str]:
    return {uuid: text for _id, uuid, text in synthesis_service.items(event, scope)}


def _found_theme(theme, texts: dict[str, str]) -> FoundTheme:
    return FoundTheme(
        label=_("Other") if theme.other else theme.label,
        notes=tuple(texts[i] for i in theme.items),
        quotes=tuple(texts[q] for q in theme.quotes),
        curated=theme.curated,
        other=theme.other,
    )
