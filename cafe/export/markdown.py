"""The harvest as Markdown: easy to paste into a newsletter, a wiki or an e-mail."""

from __future__ import annotations

from cafe.export import summary
from cafe.export.snapshot import NoteRow, Snapshot


def render(snapshot: Snapshot) -> bytes:
    """The whole report as UTF-8 Markdown."""
    parts = [_cover(snapshot)]
    for number in range(1, snapshot.round_count + 1):
        parts.append(_question(snapshot, number))
    if snapshot.themes is not None:
        parts.append(_themes(snapshot))
    parts += [_photos(snapshot), _votes(snapshot)]
    if snapshot.names is not None:
        parts.append(_names(snapshot))
    return ("\n\n".join(parts).rstrip() + "\n").encode("utf-8")


def _cover(s: Snapshot) -> str:
    lines = [f"# {_escape(s.title)}", "", f"*{s.label('report_title')}*", ""]
    lines += [f"- **{k}:** {_escape(v)}" for k, v in summary.cover_facts(s)]
    lines += ["", f"## {s.label('participants')}", ""]
    lines += [f"| {s.label('group')} | {s.label('people')} |", "|---|---:|"]
    lines += [f"| {_escape(g)} | {n} |" for g, n in summary.group_rows(s)]
    return "\n".join(lines)


def _question(s: Snapshot, number: int) -> str:
    lines = [f"## {s.label('question_n', n=number)}", "", f"> {_escape(s.question(number))}"]
    lines += ["", f"### {s.label('key_insights')}", ""]
    insights = s.key_insights(number)
    lines += [_note_line(s, n, with_table=True) for n in insights] or [s.label("none_insights")]
    lines += ["", f"### {s.label('notes_by_table')}"]
    tables = s.notes_by_table(number)
    for table, notes in tables:
        lines += ["", f"#### {s.label('table_n', n=table)}", ""]
        lines += [_note_line(s, n) for n in notes]
    if not tables:
        lines += ["", s.label("none_notes")]
    return "\n".join(lines)


def _note_line(s: Snapshot, note: NoteRow, with_table: bool = False) -> str:
    facts = [summary.kind_label(s, note.kind)]
    if with_table:
        facts.insert(0, s.label("table_n", n=note.table))
    facts += summary.note_extras(s, note)
    star = "★ " if note.starred else ""
    return f"- {star}{_escape(note.text)} *({'; '.join(facts)})*"


def _themes(s: Snapshot) -> str:
    lines = [f"## {s.label('themes')}", ""]
    if not s.themes:
        return "\n".join(lines + [s.label("none_themes")])
    lines += [f"*{s.label('themes_how')}*", ""]
    lines += [f"| {s.label('theme')} | {s.label('notes')} | |", "|---|---:|---|"]
    lines += [f"| {_escape(t)} | {n} | {bar} |" for t, n, bar in summary.theme_rows(s)]
    for theme in s.themes:
        lines += ["", f"### {_escape(theme.title)}", ""]
        lines += [f"- {_escape(t)}" for t in summary.theme_notes(s, theme)]
    return "\n".join(lines).rstrip()


def _photos(s: Snapshot) -> str:
    photos = s.visible_photos()
    lines = [f"## {s.label('photos')}", ""]
    lines += [f"- {summary.photo_caption(s, p)} ({p.key}.jpg)" for p in photos]
    return "\n".join(lines if photos else lines + [s.label("none_photos")])


def _votes(s: Snapshot) -> str:
    lines = [f"## {s.label('votes')}", ""]
    voted = s.most_voted()
    if not voted:
        return "\n".join(lines + [s.label("no_votes")])
    lines += [f"| {s.label('note')} | {s.label('table')} | {s.label('votes')} | |"]
    lines.append("|---|---:|---:|---|")
    top = voted[0].votes
    lines += [
        f"| {_escape(n.text)} | {n.table} | {n.votes} | {summary.bar(n.votes, top)} |"
        for n in voted
    ]
    lines += ["", f"### {s.label('votes_by_group')}", ""]
    lines += [f"| {s.label('group')} | {s.label('votes')} |", "|---|---:|"]
    lines += [f"| {_escape(g)} | {n} |" for g, n in sorted(s.votes_by_group().items())]
    return "\n".join(lines)


def _names(s: Snapshot) -> str:
    return "\n".join([f"## {s.label('names')}", ""] + [f"- {_escape(n)}" for n in s.names or []])


def _escape(text: str) -> str:
    """Text that Markdown shows as typed: no accidental links, tables or HTML."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text
