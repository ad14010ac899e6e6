"""The report a public office files, as a `Document` built from the snapshot: cover,
summary, method, participation, one chapter per question, where the groups agree, annex.

Pure: words come from `Words` (Babel), figures from the snapshot; nothing is invented,
and a part with nothing in it yet says so.
"""

from __future__ import annotations

from cafe.dates import human_datetime
from cafe.export import findings
from cafe.export import synthesis_view as synthesis
from cafe.export.document import (
    Chapter,
    Chart,
    Cover,
    Document,
    Facts,
    Heading,
    Item,
    Items,
    Para,
    Table,
)
from cafe.export.facts import Method
from cafe.export.snapshot import Snapshot
from cafe.export.times import local
from cafe.export.words import Words


def build(s: Snapshot) -> Document:
    """The whole report of `s` in its language."""
    w = Words(s.language)
    doc = Document(
        language=s.language,
        title=s.title,
        cover=cover(s, w),
        contents_label=w._("Contents"),
        page_label=w._("Page"),
        subject=w._("World Café report"),
        author=s.organiser or "Café",
    )
    doc.chapters += [summary(s, w), method(s, w), participation(s, w)]
    doc.chapters += findings.chapters(s, w)
    return doc


def group_name(w: Words, group: str) -> str:
    """A stakeholder group as printed ('' is 'did not say')."""
    return group or w._("Did not say")


def cover(s: Snapshot, w: Words) -> Cover:
    """Title, organiser, place, local date and time, the questions of the day."""
    facts = []
    if s.starts_at:
        facts.append((w._("Date"), human_datetime(s.starts_at, s.language)))
    if s.place:
        facts.append((w._("Place"), s.place))
    if s.organiser:
        facts.append((w._("Organised by"), s.organiser))
    facts.append((w._("Participants"), str(s.participant_count())))
    facts.append((w._("Notes"), str(len(s.visible_notes()))))
    questions = [f"{q.round}. {q.text}" for q in s.questions if q.text]
    taken = human_datetime(local(s.taken_at, s.time_zone).replace(tzinfo=None), s.language)
    return Cover(
        kicker=w._("World Café report"),
        title=s.title,
        facts=Facts(tuple(facts)),
        question_label=w.ngettext(
            "The question of the day", "The questions of the day", len(questions)
        )
        if questions
        else "",
        question="\n".join(questions),
        notice=w._("Personal data was deleted after the event; this harvest is anonymous.")
        if s.anonymised
        else "",
        made_by=w._("Made with Café on %(date)s.", date=taken),
    )


def summary(s: Snapshot, w: Words) -> Chapter:
    """One page: conclusions and next steps, top themes, each group's first insight,
    the insights that divide the groups."""
    blocks: list = [Heading(w._("Conclusions and next steps"))]
    said = [t for t in (synthesis.conclusions(s), synthesis.next_steps(s)) if t]
    blocks += [Para(t) for t in said] or [
        Para(w._("The organiser has not written conclusions or next steps yet."), "empty")
    ]
    blocks += [Heading(w._("Top themes")), *_top_themes(s, w)]
    blocks += [Heading(w._("What each group put first")), *firsts(s, w)]
    blocks += [Heading(w._("Where the groups divide")), *findings.divides(s, w, limit=3)]
    return Chapter("summary", w._("Summary"), tuple(blocks))


def _top_themes(s: Snapshot, w: Words) -> list:
    found = [synthesis.themes(s, q.round) for q in s.questions]
    if all(t is None for t in found):
        return [Para(w._("No themes yet: the notes have not been grouped by meaning."), "empty")]
    ranked = sorted(
        ((q.round, t) for q, ts in zip(s.questions, found, strict=True) for t in ts or []),
        key=lambda pair: -len(pair[1].notes),
    )[:5]
    return [
        Items(
            tuple(
                Item(
                    t.label,
                    w._("Question %(n)d", n=r)
                    + " · "
                    + w.ngettext("in %(num)d note", "in %(num)d notes", len(t.notes)),
                )
                for r, t in ranked
            )
        )
    ]


def firsts(s: Snapshot, w: Words) -> list:
    """For each group that placed dots, the insight it gave most dots (ties all named)."""
    items = []
    for row in s.attendance or []:
        mine = [(n, n.votes_by_group.get(row.group, 0)) for n in s.visible_notes()]
        top = max((c for _, c in mine), default=0)
        if not top:
            continue
        best = [n for n, c in mine if c == top]
        dots = w.ngettext("%(num)d dot", "%(num)d dots", top)
        for note in best:
            items.append(Item(note.text, f"{group_name(w, row.group)} · {dots}"))
    if not items:
        return [Para(w._("No dots were placed, so no group put an insight first."), "empty")]
    return [Items(tuple(items))]


def method(s: Snapshot, w: Words) -> Chapter:
    """World Café in plain words, the morning's shape, the mixing, the voting."""
    m = s.method or Method(round_minutes=0, table_size=0, host_stays=True)
    blocks: list = [Heading(w._("What a World Café is")), Para(_method_words(m, w))]
    blocks += [Heading(w._("This morning")), Items(tuple(Item(t) for t in _shape(s, m, w)))]
    blocks += [Heading(w._("How the tables were mixed")), *_mixing(m, w)]
    blocks += [Heading(w._("What was voted and how")), *_voting(m, w)]
    return Chapter("method", w._("Method"), tuple(blocks))


def _method_words(m: Method, w: Words) -> str:
    moving = (
        w._(
            "When a round ends everyone moves to another table, except the table's host, "
            "who stays, tells the newcomers what was said and keeps the notes."
        )
        if m.host_stays
        else w._("When a round ends everyone moves to another table, hosts included.")
    )
    return " ".join(
        [
            w._(
                "A World Café is a conversation in rounds. People sit in small groups at "
                "tables and talk about one question per round; a host at each table writes "
                "down what is said."
            ),
            moving,
            w._(
                "Ideas travel from table to table and grow; at the end the room looks at "
                "what came out together (the harvest)."
            ),
        ]
    )


def _shape(s: Snapshot, m: Method, w: Words) -> list[str]:
    lines = [
        w.ngettext(
            "%(num)d round of %(minutes)d minutes",
            "%(num)d rounds of %(minutes)d minutes each",
            s.round_count,
            minutes=m.round_minutes,
        ),
        w.ngettext(
            "%(num)d table of up to %(size)d people",
            "%(num)d tables of up to %(size)d people",
            s.table_count,
            size=m.table_size,
        ),
    ]
    if m.hosts:
        hosts = w.ngettext("%(num)d table host", "%(num)d table hosts", m.hosts)
        if m.host_stays:
            hosts += "; " + w.ngettext(
                "%(num)d stayed at their table in every round",
                "%(num)d stayed at their table in every round",
                m.hosts_stayed,
            )
        lines.append(hosts)
    else:
        lines.append(w._("No table had a named host."))
    return lines


def _mixing(m: Method, w: Words) -> list:
    mix = m.mixing
    if mix is None:
        return [Para(w._("No seating plan was made: people chose their own tables."), "empty")]
    if mix.met_least == mix.met_most:
        met = w.ngettext(
            "Each person met %(num)d other person.",
            "Each person met %(num)d other people.",
            mix.met_most,
        )
    else:
        met = w._(
            "Each person met between %(least)d and %(most)d other people (%(mean)s on average).",
            least=mix.met_least,
            most=mix.met_most,
            mean=f"{mix.met_mean:.1f}".replace(".", "," if w.language == "it" else "."),
        )
    lines = [met]
    if mix.repeated_pairs:
        lines.append(
            w.ngettext(
                "%(num)d pair of people sat together in more than one round.",
                "%(num)d pairs of people sat together in more than one round.",
                mix.repeated_pairs,
            )
        )
    else:
        lines.append(w._("Nobody sat with the same person twice."))
    if mix.groups >= 2:
        lines.append(_all_groups(mix, w))
    return [Items(tuple(Item(t) for t in lines))]


def _all_groups(mix, w: Words) -> str:
    if mix.all_groups == mix.table_rounds:
        return w.ngettext(
            "Every table had all %(num)d group in every round.",
            "Every table had all %(num)d groups in every round.",
            mix.groups,
        )
    return w.ngettext(
        "%(full)d of %(num)d tables (counted round by round) had every group.",
        "%(full)d of %(num)d tables (counted round by round) had every group.",
        mix.table_rounds,
        full=mix.all_groups,
    )


def _voting(m: Method, w: Words) -> list:
    if not m.dots_cast:
        return [Para(w._("There was no dot voting."), "empty")]
    rules = w.ngettext(
        "Each participant had %(num)d dot to place on the key insights, the notes the "
        "hosts starred.",
        "Each participant had %(num)d dots to place on the key insights, the notes the "
        "hosts starred.",
        m.vote_dots,
    )
    rules += " " + (
        w._("Several dots could go on one insight.")
        if m.vote_stack
        else w._("At most one dot could go on each insight.")
    )
    turnout = w.ngettext("%(num)d person voted", "%(num)d people voted", m.voters) + w.ngettext(
        ", placing %(num)d dot.", ", placing %(num)d dots.", m.dots_cast
    )
    return [Para(rules), Para(turnout)]


def participation(s: Snapshot, w: Words) -> Chapter:
    """Invited, present, walk-ins and leavers by group: a table and a chart."""
    rows = s.attendance or []
    header = (w._("Group"), w._("Invited"), w._("Present"), w._("Walk-ins"), w._("Left early"))
    blocks: list = []
    if not rows:
        blocks.append(Para(w._("Nobody has registered yet."), "empty"))
        return Chapter("participation", w._("Participation"), tuple(blocks))
    body = [
        (group_name(w, r.group), str(r.invited), str(r.present), str(r.walk_ins), str(r.left))
        for r in rows
    ]
    totals = [sum(getattr(r, f) for r in rows) for f in ("invited", "present", "walk_ins", "left")]
    body.append((w._("Total"), *map(str, totals)))
    table = Table(header, tuple(body), frozenset({1, 2, 3, 4}), (0.4, 0.15, 0.15, 0.15, 0.15), True)
    blocks.append(table)
    if not (s.method and s.method.checked_in):
        blocks.append(Para(w._("Check-in was not used, so nobody is counted as present."), "empty"))
    series = (w._("Invited"), w._("Present"))
    chart_rows = tuple((group_name(w, r.group), (r.invited, r.present)) for r in rows)
    blocks.append(Chart(w._("Invited and present, by group"), series, chart_rows))
    return Chapter("participation", w._("Participation"), tuple(blocks))
