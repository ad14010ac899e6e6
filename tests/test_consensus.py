"""Where the groups agree, the pure part (Polis's group-aware consensus on the dots) and
its wording in Italian and English, on fixed Italian data: ties, groups with no voters,
one group only, and the wrong wordings once seen on the wall ("Ultima per cittadini, terzo
settore, pubblica amministrazione, esperti" for an insight one of three citizens dotted;
groups that gave no dot anywhere ranked "ultima"). Bad inputs tried: zero and negative
dots, dots on a note that is not an insight, voters who did not say a group."""

import pytest
from flask_babel import force_locale

from cafe.services.agreement import silent_wording, wording
from cafe.voting import FIRST, NONE, SOME, TIED_FIRST, consensus

GROUPS = ["cittadini", "terzo settore", "pubblica amministrazione", "esperti"]
FIDUCIA, DATI, SCUOLE = 1, 2, 3
INSIGHTS = [FIDUCIA, DATI, SCUOLE]


def dots(*rows):
    """(voter, group, note) rows with one dot each, or (voter, group, note, n)."""
    return [row if len(row) == 4 else (*row, 1) for row in rows]


@pytest.fixture
def said(app):
    """wording() in a language: said(standing, 'it')."""

    def say(standing, language="it"):
        with app.test_request_context(), force_locale(language):
            return wording(standing)

    return say


def test_score_is_the_product_of_each_voting_groups_smoothed_share():
    # 2 of 3 citizens and 1 of 2 experts dotted FIDUCIA.
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", FIDUCIA), (3, "cittadini", DATI))
    rows += dots((4, "esperti", FIDUCIA), (5, "esperti", DATI))
    found = consensus(rows, INSIGHTS, GROUPS)
    assert found.standings[FIDUCIA].score == pytest.approx((3 / 5) * (2 / 4))
    assert found.standings[SCUOLE].score == pytest.approx((1 / 5) * (1 / 4))
    assert found.voters == {
        "cittadini": 3,
        "terzo settore": 0,
        "pubblica amministrazione": 0,
        "esperti": 2,
    }
    assert found.silent == ("terzo settore", "pubblica amministrazione")
    assert [s.note_id for s in found.agreed()] == [FIDUCIA, DATI]


def test_a_voter_with_several_dots_on_one_insight_counts_once_in_its_share():
    found = consensus(dots((1, "cittadini", FIDUCIA, 3), (2, "cittadini", DATI)), INSIGHTS)
    stand = found.standings[FIDUCIA].stands[0]
    assert (stand.dotted, stand.voters, stand.dots, stand.place) == (1, 2, 3, FIRST)


def test_groups_with_no_voters_are_left_out_of_the_score_not_ranked(said):
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", FIDUCIA), (3, "cittadini", DATI))
    found = consensus(rows, INSIGHTS, GROUPS)
    assert [s.group for s in found.standings[FIDUCIA].stands] == ["cittadini"]
    assert found.standings[FIDUCIA].score == pytest.approx(3 / 5)
    assert "ultima" not in said(found.standings[DATI]).casefold()
    assert "esperti" not in said(found.standings[DATI])


def test_the_wrong_wording_of_the_issue_is_now_the_count(said):
    # Three citizens voted; one dot on DATI, two on FIDUCIA; the other groups dotted elsewhere.
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", FIDUCIA), (3, "cittadini", DATI))
    rows += dots((4, "terzo settore", SCUOLE), (5, "pubblica amministrazione", SCUOLE))
    rows += dots((6, "esperti", SCUOLE))
    standing = consensus(rows, INSIGHTS, GROUPS).standings[DATI]
    assert standing.kind == "some"
    assert said(standing) == (
        "Un punto da cittadini (1 su 3), nessun punto da terzo settore, "
        "pubblica amministrazione, esperti"
    )
    assert said(standing, "en") == (
        "A dot from cittadini (1 of 3), no dot from terzo settore, "
        "pubblica amministrazione, esperti"
    )


def test_first_for_every_group(said):
    rows = [(v, g, FIDUCIA, 2) for v, g in enumerate(GROUPS)]
    rows += [(v, g, DATI, 1) for v, g in enumerate(GROUPS)]
    standing = consensus(rows, INSIGHTS, GROUPS).standings[FIDUCIA]
    assert standing.kind == "all_first" and standing.of(FIRST) == tuple(GROUPS)
    assert said(standing) == "Prima per tutti i gruppi"
    assert said(standing, "en") == "First for every group"


def test_divides_first_for_citizens_no_dot_from_the_experts(said):
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", FIDUCIA), (3, "cittadini", DATI))
    rows += dots((4, "esperti", DATI), (5, "esperti", SCUOLE))
    found = consensus(rows, INSIGHTS, ["cittadini", "esperti"])
    standing = found.standings[FIDUCIA]
    assert standing.kind == "divides" and standing.gap == pytest.approx(2 / 3)
    assert said(standing) == "Divide: prima per cittadini, nessun punto da esperti"
    assert said(standing, "en") == "Divides: first for cittadini, no dot from esperti"
    # Half the experts on SCUOLE, no citizen: it divides too, by less.
    assert [s.note_id for s in found.divided()] == [FIDUCIA, SCUOLE]


def test_a_small_gap_does_not_divide():
    # 1 of 3 citizens against none of the experts: low for both, not "high for some".
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", DATI), (3, "cittadini", DATI))
    rows += dots((4, "esperti", DATI))
    standing = consensus(rows, INSIGHTS).standings[FIDUCIA]
    assert standing.kind == "some" and standing.gap == pytest.approx(1 / 3)


def test_ties_are_said_as_ties(said):
    # Citizens put one dot each on FIDUCIA and DATI: neither is their favourite alone.
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", DATI))
    rows += dots((3, "esperti", FIDUCIA), (4, "esperti", FIDUCIA), (5, "esperti", SCUOLE))
    found = consensus(rows, INSIGHTS, ["cittadini", "esperti"])
    standing = found.standings[FIDUCIA]
    assert standing.of(TIED_FIRST) == ("cittadini",) and standing.of(FIRST) == ("esperti",)
    assert said(standing) == "Prima per tutti i gruppi (a pari merito per cittadini)"
    dati = found.standings[DATI]
    assert said(dati) == "Divide: prima a pari merito per cittadini, nessun punto da esperti"


def test_one_group_only(said):
    rows = dots((1, "cittadini", FIDUCIA), (2, "cittadini", FIDUCIA), (3, "cittadini", DATI))
    found = consensus(rows, INSIGHTS, GROUPS)
    assert said(found.standings[FIDUCIA]) == "Prima per cittadini, l’unico gruppo che ha votato"
    assert said(found.standings[DATI]) == "Un punto da cittadini (1 su 3)"
    assert found.divided() == []  # one group cannot divide from itself
    tied = consensus(dots((1, "cittadini", FIDUCIA), (2, "cittadini", DATI)), INSIGHTS)
    assert said(tied.standings[DATI]) == (
        "Prima a pari merito per cittadini, l’unico gruppo che ha votato"
    )


def test_no_dots_at_all_says_nothing_and_every_silent_group_is_named_once(app, said):
    found = consensus([], INSIGHTS, GROUPS)
    assert all(s.kind == "none" and s.stands == () for s in found.standings.values())
    assert said(found.standings[FIDUCIA]) == "" and found.agreed() == []
    with app.test_request_context(), force_locale("it"):
        assert silent_wording(found) == (
            "Nessun voto da cittadini, terzo settore, pubblica amministrazione, esperti."
        )


def test_bad_rows_are_ignored():
    rows = [(1, "cittadini", FIDUCIA, 0), (2, "cittadini", FIDUCIA, -2), (3, "", FIDUCIA, 1)]
    rows += [(4, "cittadini", 99, 1)]  # not an insight
    found = consensus(rows, INSIGHTS, ["cittadini"])
    assert found.voters == {"cittadini": 0} and found.standings[FIDUCIA].kind == "none"


def test_a_group_that_gave_it_no_dot_is_never_last(said):
    rows = dots((1, "cittadini", FIDUCIA), (1, "cittadini", DATI), (2, "cittadini", DATI))
    rows += dots((3, "esperti", DATI), (3, "esperti", SCUOLE), (4, "esperti", SCUOLE))
    found = consensus(rows, INSIGHTS, ["cittadini", "esperti"])
    places = {s.group: s.place for s in found.standings[FIDUCIA].stands}
    assert places == {"cittadini": SOME, "esperti": NONE}
    for standing in found.standings.values():
        assert "ultim" not in said(standing).casefold()
        assert "last" not in said(standing, "en").casefold()
