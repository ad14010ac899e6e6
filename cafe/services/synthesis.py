"""The organiser's synthesis: themes renamed, merged, split, notes moved between them,
quotes chosen, and the organiser's words (a summary per question, the morning's
conclusions and next steps). Each decision is stored (cafe.models.SynthesisTheme, Pin,
Text), replayed over the fresh automatic grouping (cafe.synthesis.curation) and recorded in
the change feed, so every screen follows and a reconnecting one catches up.

A scope is a round (its question's notes) or HARVEST_SCOPE (the harvest question's answers).
Only what the wall may show is grouped: hidden and pending notes are in no theme.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from cafe import live
from cafe.extensions import db
from cafe.models import (
    HARVEST_SCOPE,
    SYNTHESIS_TEXT_MAX,
    THEME_LABEL_MAX,
    CafeTable,
    Event,
    Note,
    SynthesisPin,
    SynthesisText,
    SynthesisTheme,
)
from cafe.services import answers as answer_service
from cafe.services import wall_views
from cafe.services.changes import record_change
from cafe.services.theme_groups import themes_by_question
from cafe.synthesis.curation import AutoGroup, Curated, Shown, curated_key, find, replay, theme_of
from cafe.tokens import InvalidInput, clean_text

TEXT_KINDS = {"summary": "round", "conclusions": "event", "next_steps": "event"}
"""The organiser's texts: a summary per question, conclusions and next steps for the event."""
QUOTES_MAX = 3


class Stale(InvalidInput):
    """The organiser acted on a copy another organiser changed meanwhile."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this theme meanwhile: look at it again and retry."),
            "version",
        )


def scopes(event: Event) -> list[int]:
    """Every scope of the event: its rounds, then the harvest question's answers."""
    return [r.number for r in event.rounds] + [HARVEST_SCOPE]


def items(event: Event, scope: int) -> list[tuple[int, str, str]]:
    """(id, uuid, text) of what the wall shows in a scope, oldest first."""
    if scope == HARVEST_SCOPE:
        return [(a.id, a.uuid, a.text) for a in answer_service.shown_answers(event)]
    query = select(Note.id, Note.uuid, Note.text).where(
        *wall_views.shown(event), Note.round_number == scope
    )
    return [tuple(row) for row in db.session.execute(query.order_by(Note.created_seq))]


def themes(event: Event, scope: int) -> list[Shown]:
    """The themes of a scope now: the automatic grouping with the organiser's decisions."""
    found = items(event, scope)
    rows = [(i, scope, text) for i, _uuid, text in found]
    groups = themes_by_question(rows, {scope: question_of(event, scope)}, event.language)
    uuids = {i: u for i, u, _text in found}
    auto = [
        AutoGroup(g.label, tuple(uuids[i] for i in g.note_ids), g.other) for _scope, g in groups
    ]
    return replay(auto, _curated(event, scope), _pins(event, scope))


def question_of(event: Event, scope: int) -> str:
    """The question a scope answers."""
    return event.harvest_question if scope == HARVEST_SCOPE else event.question(scope)


def _curated(event: Event, scope: int) -> list[Curated]:
    rows = db.session.scalars(
        select(SynthesisTheme)
        .where(SynthesisTheme.event_id == event.id, SynthesisTheme.scope == scope)
        .order_by(SynthesisTheme.id)
    )
    # The organiser's "other" is stored with an empty label (screens name it).
    return [Curated(t.id, t.label, t.version, tuple(t.quotes or ()), not t.label) for t in rows]


def _pins(event: Event, scope: int) -> dict[str, int]:
    rows = db.session.execute(
        select(SynthesisPin.item_uuid, SynthesisPin.theme_id).where(
            SynthesisPin.event_id == event.id, SynthesisPin.scope == scope
        )
    )
    return {item: theme for item, theme in rows}


def state(event: Event, scope: object) -> dict:
    """A scope's themes (with each theme's item uuids) and the organiser's texts for it."""
    scope = clean_scope(event, scope)
    shown = themes(event, scope)
    return {
        "scope": scope,
        "question": question_of(event, scope),
        "themes": [theme_payload(t) for t in shown],
        "texts": texts(event, scope),
        "items": details(event, scope),
    }


def details(event: Event, scope: int) -> dict[str, dict]:
    """{uuid: {text, table, round}} of what the wall shows in a scope (the organiser's page
    lists the notes of each theme; answers have no table)."""
    if scope == HARVEST_SCOPE:
        return {uuid: {"text": text} for _id, uuid, text in items(event, scope)}
    query = (
        select(Note.uuid, Note.text, CafeTable.number)
        .join(CafeTable, CafeTable.id == Note.table_id)
        .where(*wall_views.shown(event), Note.round_number == scope)
    )
    return {u: {"text": t, "table": n, "round": scope} for u, t, n in db.session.execute(query)}


def theme_payload(theme: Shown) -> dict:
    """A theme as screens receive it."""
    return {
        "key": theme.key,
        "label": theme.label if not theme.other else _("Other"),
        "items": list(theme.items),
        "count": len(theme.items),
        "curated": theme.curated,
        "version": theme.version,
        "quotes": list(theme.quotes),
        "other": theme.other,
    }


def texts(event: Event, scope: int) -> dict:
    """{kind: {text, version}} of the organiser's texts that belong to a scope (a round's
    summary; at HARVEST_SCOPE also the morning's conclusions and next steps)."""
    wanted = ["summary"] + (["conclusions", "next_steps"] if scope == HARVEST_SCOPE else [])
    rows = {
        t.kind: t
        for t in db.session.scalars(
            select(SynthesisText).where(
                SynthesisText.event_id == event.id, SynthesisText.scope == scope
            )
        )
    }
    return {
        k: {"text": rows[k].text, "version": rows[k].version} if k in rows else _blank()
        for k in wanted
    }


def _blank() -> dict:
    return {"text": "", "version": 0}


def clean_scope(event: Event, scope: object) -> int:
    """A scope of this event, or InvalidInput."""
    if isinstance(scope, bool) or scope not in scopes(event):
        raise InvalidInput(_("Choose one of this event's questions."), "scope")
    return int(scope)


def _label(label: object) -> str:
    text = clean_text(
        label,
        limit=THEME_LABEL_MAX,
        field="label",
        empty_message=_("A theme needs a name."),
        long_message=_(
            "A theme's name can be at most %(limit)d characters.", limit=THEME_LABEL_MAX
        ),
    )
    return " ".join(text.split())


def _adopt(event: Event, scope: int, shown: list[Shown], key: object, version: object):
    """The curated row of the theme `key` seen at `version`; an automatic theme becomes
    curated (with its notes pinned). Stale when it changed or vanished meanwhile."""
    theme = find(shown, key) if isinstance(key, str) else None
    if theme is None or isinstance(version, bool) or version != theme.version:
        raise Stale()
    if theme.curated:
        return db.session.get(SynthesisTheme, int(theme.key[2:]))
    row = _new_theme(event, scope, "" if theme.other else theme.label)
    _pin(event, scope, theme.items, row.id)
    return row


def _pin(event: Event, scope: int, uuids, theme_id: int) -> None:
    uuids = list(uuids)
    if not uuids:
        return
    db.session.execute(
        delete(SynthesisPin).where(
            SynthesisPin.event_id == event.id,
            SynthesisPin.scope == scope,
            SynthesisPin.item_uuid.in_(uuids),
        )
    )
    db.session.add_all(
        SynthesisPin(event_id=event.id, scope=scope, item_uuid=u, theme_id=theme_id) for u in uuids
    )


def _bump(row: SynthesisTheme) -> None:
    row.version += 1


def _done(event: Event, scope: int, action: str, **data) -> dict:
    """Record the decision in the change feed, commit, push; the scope's fresh state."""
    change = record_change(event.id, "synthesis", {"scope": scope, "action": action, **data})
    db.session.commit()
    live.publish(change)
    return state(event, scope)


def rename(event: Event, scope: object, key: object, version: object, label: object) -> dict:
    """Give a theme the organiser's name."""
    scope = clean_scope(event, scope)
    label = _label(label)
    row = _adopt(event, scope, themes(event, scope), key, version)
    row.label = label
    _bump(row)
    return _done(event, scope, "rename", key=curated_key(row.id))


def merge(
    event: Event, scope: object, key: object, version: object, into: object, into_version: object
) -> dict:
    """Put every note of theme `key` into theme `into`; `key` is gone afterwards."""
    scope = clean_scope(event, scope)
    shown = themes(event, scope)
    if key == into:
        raise InvalidInput(_("Choose another theme to merge with."), "into")
    source = find(shown, key) if isinstance(key, str) else None
    if source is None or isinstance(version, bool) or version != source.version:
        raise Stale()
    target = _adopt(event, scope, shown, into, into_version)
    if source.curated:
        old = int(source.key[2:])
        # Pins of notes not shown now (hidden meanwhile) go along, so the row can go.
        db.session.execute(
            update(SynthesisPin).where(SynthesisPin.theme_id == old).values(theme_id=target.id)
        )
        db.session.execute(delete(SynthesisTheme).where(SynthesisTheme.id == old))
    _pin(event, scope, source.items, target.id)
    kept = list(target.quotes or [])
    target.quotes = (kept + [q for q in source.quotes if q not in kept])[:QUOTES_MAX]
    _bump(target)
    return _done(event, scope, "merge", key=key, into=curated_key(target.id))


def split(
    event: Event, scope: object, key: object, version: object, uuids: object, label: object
) -> dict:
    """Take some notes out of theme `key` into a new theme named `label`."""
    scope = clean_scope(event, scope)
    label = _label(label)
    shown = themes(event, scope)
    source = find(shown, key) if isinstance(key, str) else None
    if source is None:
        raise Stale()
    chosen = _chosen(uuids, source.items, "items")
    if len(chosen) >= len(source.items):
        raise InvalidInput(_("Leave at least one note in the theme you split."), "items")
    row = _adopt(event, scope, shown, key, version)
    new = _new_theme(event, scope, label)
    _pin(event, scope, chosen, new.id)
    _bump(row)
    _bump(new)
    return _done(event, scope, "split", key=curated_key(row.id), new=curated_key(new.id))


def move(event: Event, scope: object, item: object, to: object, label: object = None) -> dict:
    """Move one note to theme `to` (a key), or to a new theme named `label` (`to` = 'new')."""
    scope = clean_scope(event, scope)
    shown = themes(event, scope)
    source = theme_of(shown, item) if isinstance(item, str) else None
    if source is None:
        raise InvalidInput(_("This note is not among this question's notes."), "item")
    if to == "new":
        target = _new_theme(event, scope, _label(label))
    else:
        chosen = find(shown, to) if isinstance(to, str) else None
        if chosen is None:
            raise Stale()
        target = _adopt(event, scope, shown, to, chosen.version)
    _pin(event, scope, [item], target.id)
    _bump(target)
    return _done(event, scope, "move", item=item, to=curated_key(target.id))


def choose_quotes(event: Event, scope: object, key: object, version: object, uuids: object) -> dict:
    """The notes (at most three) that stand for a theme, in the organiser's order."""
    scope = clean_scope(event, scope)
    shown = themes(event, scope)
    source = find(shown, key) if isinstance(key, str) else None
    if source is None:
        raise Stale()
    chosen = _chosen(uuids, source.items, "quotes", allow_empty=True)
    if len(chosen) > QUOTES_MAX:
        raise InvalidInput(_("At most %(n)d quotes per theme.", n=QUOTES_MAX), "quotes")
    row = _adopt(event, scope, shown, key, version)
    row.quotes = chosen
    _bump(row)
    return _done(event, scope, "quotes", key=curated_key(row.id))


def _chosen(uuids: object, inside, field: str, allow_empty: bool = False) -> list[str]:
    """The uuids asked for, each once, all in `inside`; InvalidInput otherwise."""
    if not isinstance(uuids, list) or len(uuids) > 2000 or (not uuids and not allow_empty):
        raise InvalidInput(_("Choose at least one note."), field)
    inside = set(inside)
    chosen = list(dict.fromkeys(u for u in uuids if isinstance(u, str)))
    if len(chosen) != len(uuids) or not inside.issuperset(chosen):
        raise InvalidInput(_("This note is not among this theme's notes."), field)
    return chosen


def _new_theme(event: Event, scope: int, label: str) -> SynthesisTheme:
    # Version 0 until the decision that made it bumps it: a new theme is at version 1.
    row = SynthesisTheme(event_id=event.id, scope=scope, label=label, quotes=[], version=0)
    db.session.add(row)
    db.session.flush()
    return row


def write_text(event: Event, scope: object, kind: object, text: object, version: object) -> dict:
    """The organiser's summary of a question, or the morning's conclusions or next steps
    (scope HARVEST_SCOPE); refused when another organiser saved a newer text meanwhile."""
    scope = clean_scope(event, scope)
    if kind not in TEXT_KINDS or (TEXT_KINDS[kind] == "event" and scope != HARVEST_SCOPE):
        raise InvalidInput(_("Unknown control."), "kind")
    text = _text(text)
    row = db.session.scalar(
        select(SynthesisText).where(
            SynthesisText.event_id == event.id,
            SynthesisText.scope == scope,
            SynthesisText.kind == kind,
        )
    )
    if isinstance(version, bool) or version != (row.version if row else 0):
        raise Stale()
    if row is None:
        row = SynthesisText(event_id=event.id, scope=scope, kind=kind, version=0)
        db.session.add(row)
    row.text = text
    row.version += 1
    return _done(event, scope, "text", kind=kind, text=text, version=row.version)


def _text(text: object) -> str:
    if isinstance(text, str) and not text.strip():
        return ""
    return clean_text(
        text,
        limit=SYNTHESIS_TEXT_MAX,
        field="text",
        empty_message=_("The phone sent something we could not read."),
        long_message=_("At most %(limit)d characters.", limit=SYNTHESIS_TEXT_MAX),
    )


def every_scope(event: Event) -> list[dict]:
    """The themes of every question that has notes (answers), as walls show them."""
    found = []
    for scope in scopes(event):
        shown = themes(event, scope)
        if shown:
            found.append(
                {
                    "scope": scope,
                    "question": question_of(event, scope),
                    "themes": [theme_payload(t) for t in shown],
                }
            )
    return found


def flat_themes(event: Event, scopes: list[dict]) -> list[dict]:
    """The rounds' themes of `every_scope` one after the other, each with its notes' texts
    (the control panel's list: round, label, other, count, notes)."""
    found = []
    for scope in scopes:
        if scope["scope"] == HARVEST_SCOPE:
            continue
        notes = details(event, scope["scope"])
        found += [
            {
                "round": scope["scope"],
                "label": t["label"],
                "other": t["other"],
                "count": t["count"],
                "notes": [{"uuid": u, **notes[u]} for u in t["items"]],
            }
            for t in scope["themes"]
        ]
    return found
