"""From notes to findings: the pure engine behind themes, the organiser's synthesis and the
report (no Flask, no SQLAlchemy).

The stable public API (docs/themes.md):

- `group_notes(notes, questions, language) -> list[ThemeGroup]`: one question's notes
  ({id: text}) grouped by meaning, each note in exactly one group, the "other" group last.
- `ThemeGroup(label, note_ids, other)`: a frozen dataclass.
- `warm_up(language)`: load what the grouping needs once per process (call it off the event
  loop, e.g. at start-up in gevent's thread pool); `group_notes` calls it itself otherwise.
"""

from cafe.synthesis.grouping import ThemeGroup, group_notes, warm_up

__all__ = ["ThemeGroup", "group_notes", "warm_up"]
