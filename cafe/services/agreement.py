"""Where the stakeholder groups agree or divide on a key insight, said plainly and truly in
the current locale (the numbers come from the pure `cafe.voting.consensus`)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from cafe.voting import FIRST, NONE, SOME, TIED_FIRST, Consensus, Standing


def standing_payload(standing: Standing) -> dict:
    """An insight's consensus for screens: the sentence, score, gap, kind and each voting
    group's voters who dotted it ({group: [dotted, voters]})."""
    return {
        "agreement": wording(standing),
        "consensus": round(standing.score, 4),
        "gap": round(standing.gap, 4),
        "kind": standing.kind,
        "shares": {s.group: [s.dotted, s.voters] for s in standing.stands},
    }


def wording(standing: Standing) -> str:
    """Where the groups stand on one insight, said plainly and truly: "First for every
    group", "Divides: first for citizens, no dot from experts". Never "last": a group that
    gave it fewer dots than its favourite is told by its count, one with none says so."""
    if standing.kind == "none":
        return ""
    if standing.kind == "all_first":
        return _all_first(standing)
    parts = []
    if standing.of(FIRST):
        parts.append(_("first for %(groups)s", groups=_names(standing.of(FIRST))))
    if standing.of(TIED_FIRST):
        parts.append(_("tied first for %(groups)s", groups=_names(standing.of(TIED_FIRST))))
    for stand in standing.stands:
        if stand.place == SOME:
            parts.append(
                ngettext(
                    "a dot from %(group)s (%(num)d of %(total)d)",
                    "dots from %(group)s (%(num)d of %(total)d)",
                    stand.dotted,
                    group=stand.group,
                    total=stand.voters,
                )
            )
    if standing.of(NONE):
        parts.append(_("no dot from %(groups)s", groups=_names(standing.of(NONE))))
    sentence = ", ".join(parts)
    if standing.kind == "divides":
        return _("Divides: %(how)s", how=sentence)
    return sentence[:1].upper() + sentence[1:]


def _all_first(standing: Standing) -> str:
    tied = standing.of(TIED_FIRST)
    if len(standing.stands) == 1:
        group = standing.stands[0].group
        if tied:
            return _("Tied first for %(group)s, the only group that voted", group=group)
        return _("First for %(group)s, the only group that voted", group=group)
    if tied:
        return _("First for every group (tied for %(groups)s)", groups=_names(tied))
    return _("First for every group")


def silent_wording(agreed: Consensus) -> str:
    """The declared groups that put no dot anywhere, said once (never ranked)."""
    if not agreed.silent:
        return ""
    return ngettext(
        "No votes from %(groups)s.",
        "No votes from %(groups)s.",
        len(agreed.silent),
        groups=_names(agreed.silent),
    )


def _names(groups) -> str:
    return ", ".join(groups)
