"""The report's findings and annex: one chapter per question (summary, themes, key
insights with dots by group), the harvest question, where the groups agree and divide,
every note by round and table, the photos whole."""

from __future__ import annotations

from cafe.export import synthesis_view as synthesis
from cafe.export.document import Chapter, Figure, Heading, Item, Items, Para, Table
from cafe.export.snapshot import NoteRow, Snapshot
from cafe.export.words import Words


def chapters(s: Snapshot, w: Words) -> list[Chapter]:
    """Question chapters, then the harvest question, agreement, the annexes, names."""
    found = [question(s, w, q.round, q.text) for q in s.questions]
    found += [harvest(s, w), agreement(s, w), notes_annex(s, w), photos_annex(s, w)]
    if s.names is not None:
        names = Items(tuple(Item(n) for n in s.names))
        found.append(Chapter("names", w._("Participants’ names"), (names,)))
    return found


def kind_name(w: Words, kind: str) -> str:
    """A note's kind in the report's language."""
    kinds = {
        "idea": w._("Idea"),
        "question": w._("Question"),
        "tension": w._("Tension"),
        "proposal": w._("Proposal"),
    }
    return kinds.get(kind, kind)


def note_meta(w: Words, note: NoteRow, with_table: bool = False) -> str:
    """A note's small print: table, kind, key insight, tags, dots."""
    parts = [w._("Table %(n)d", n=note.table)] if with_table else []
    parts.append(kind_name(w, note.kind))
    if note.starred:
        parts.append(w._("key insight"))
    if note.tags:
        parts.append(w._("Tags") + ": " + ", ".join(note.tags))
    if note.votes:
        parts.append(w.ngettext("%(num)d dot", "%(num)d dots", note.votes))
    return " · ".join(parts)


def question(s: Snapshot, w: Words, number: int, text: str) -> Chapter:
    """A question: the organiser's summary, themes, key insights with dots by group."""
    blocks: list = [Para(text, "quote"), Heading(w._("The organiser's summary"))]
    said = synthesis.question_summary(s, number)
    blocks.append(Para(said) if said else Para(w._("No summary written yet."), "empty"))
    blocks += [Heading(w._("Themes")), *_themes(s, w, number)]
    blocks += [Heading(w._("Key insights")), *_insights(s, w, number)]
    return Chapter(f"question-{number}", w._("Question %(n)d", n=number), tuple(blocks))


def _themes(s: Snapshot, w: Words, number: int) -> list:
    themes = synthesis.themes(s, number)
    if themes is None:
        return [Para(w._("No themes yet: the notes have not been grouped by meaning."), "empty")]
    if not themes:
        return [Para(w._("No notes for this question."), "empty")]
    header = (w._("Theme"), w._("Notes"), w._("Tables"))
    rows = tuple((t.label, str(len(t.notes)), str(t.tables)) for t in themes)
    blocks: list = [Table(header, rows, frozenset({1, 2}), (0.7, 0.15, 0.15))]
    for theme in themes:
        if theme.quotes:
            blocks.append(Heading(theme.label, 3))
            blocks.append(Items(tuple(Item(f"«{q}»") for q in theme.quotes)))
    return blocks


def insight_groups(s: Snapshot) -> list[str]:
    """The groups that get a column of dots: declared ones, then any that voted."""
    groups = [a.group for a in s.attendance or []]
    voted = {g for n in s.visible_notes() for g in n.votes_by_group}
    return [g for g in groups if g or g in voted] + sorted(voted - set(groups))


def _insights(s: Snapshot, w: Words, number: int) -> list:
    notes = [n for n in s.visible_notes() if n.round == number and (n.starred or n.votes)]
    if not notes:
        return [Para(w._("None yet: key insights are the starred and most voted notes."), "empty")]
    notes.sort(key=lambda n: (-n.votes, n.table))
    groups = insight_groups(s)
    header = (
        w._("Key insight"),
        w._("Table"),
        w._("Dots"),
        *(g or w._("Did not say") for g in groups),
    )
    rows = tuple(
        (n.text, str(n.table), str(n.votes), *(str(n.votes_by_group.get(g, 0)) for g in groups))
        for n in notes
    )
    share = 0.4 / max(1, len(groups))
    widths = (0.44, 0.08, 0.08, *(share,) * len(groups))
    return [Table(header, rows, frozenset(range(1, len(header))), widths)]


def harvest(s: Snapshot, w: Words) -> Chapter:
    """The harvest question and what participants answered."""
    blocks: list = []
    if s.harvest_question:
        blocks.append(Para(s.harvest_question, "quote"))
    answers = synthesis.harvest_answers(s)
    if answers is None:
        blocks.append(Para(w._("No answers were collected to the harvest question."), "empty"))
    elif not answers:
        blocks.append(Para(w._("Nobody answered the harvest question."), "empty"))
    else:
        blocks.append(Items(tuple(Item(a) for a in answers)))
    return Chapter("harvest", w._("The harvest question"), tuple(blocks))


def agreement(s: Snapshot, w: Words) -> Chapter:
    """Where the groups agree and where they divide, from the dots by group."""
    found = synthesis.consensus(s)
    if found is None:  # one sentence, not the same one under both headings
        blocks: list = [Para(no_dots(w), "empty")]
    else:
        blocks = [Heading(w._("Where the groups agree"))]
        blocks += _rows(found.agreed, w) or [
            Para(w._("No insight was first for every group."), "empty")
        ]
        blocks += [Heading(w._("Where the groups divide")), *divides(s, w)]
        if found.silent_text:
            blocks.append(Para(found.silent_text, "empty"))
    return Chapter("agreement", w._("Where the groups agree and where they divide"), tuple(blocks))


def no_dots(w: Words) -> str:
    """Why there is nothing to say about agreement."""
    return w._("Nobody placed a dot, so there is no agreement between groups to show.")


def _rows(rows, w: Words) -> list:
    if not rows:
        return []
    items = tuple(
        Item(
            r.text,
            " · ".join(
                [r.wording, w._("Question %(n)d", n=r.round)]
                + [w.ngettext("%(num)d dot", "%(num)d dots", r.votes)]
            ),
        )
        for r in rows
    )
    return [Items(items)]


def divides(s: Snapshot, w: Words, limit: int | None = None) -> list:
    """The insights that divide the groups (the first `limit`), or why there are none."""
    found = synthesis.consensus(s)
    if found is None:
        return [Para(no_dots(w), "empty")]
    return _rows(found.divided[:limit], w) or [Para(w._("No insight divides the groups."), "empty")]


def notes_annex(s: Snapshot, w: Words) -> Chapter:
    """Every shown note, by round and table (hidden notes left out)."""
    blocks: list = []
    for q in s.questions:
        blocks.append(Heading(w._("Round %(n)d", n=q.round) + ": " + q.text))
        tables = s.notes_by_table(q.round)
        if not tables:
            blocks.append(Para(w._("No notes for this question."), "empty"))
        for table, notes in tables:
            blocks.append(Heading(w._("Table %(n)d", n=table), 3))
            blocks.append(Items(tuple(Item(n.text, note_meta(w, n)) for n in notes)))
    return Chapter("annex-notes", w._("Annex: every note"), tuple(blocks))


def photos_annex(s: Snapshot, w: Words) -> Chapter:
    """The tablecloth photos the organiser kept, whole."""
    shown = [
        Figure(
            p.path,
            w._("Table %(table)d, round %(round)d", table=p.table, round=p.round),
            p.width,
            p.height,
        )
        for p in s.visible_photos()
        if p.path is not None and p.path.is_file()
    ]
    blocks = shown or [Para(w._("No photos were taken."), "empty")]
    return Chapter("annex-photos", w._("Annex: photos of the tablecloths"), tuple(blocks))
