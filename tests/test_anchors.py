"""Anchors: literals one of which every match of a vocabulary form contains."""

import re

import pytest

from jobsieve.match.folding import fold_pattern
from jobsieve.match.patterns import anchors

CASES = [
    # (form, expected anchors of its folded pattern)
    ("(?:un|le) stage", {" stage"}),
    ("cddi?", {"cdd"}),
    # re factors "VSI|VIE" into "V(?:SI|IE)": the head goes on into each branch.
    (r"VSI|VIE|V\.I\.E\.?", {"vsi", "vie", "v.i.e"}),
    ("(?:work|working) from home", {"work from home", "working from home"}),
    ("(?:in[- ]office|in[- ]person) (?:role|job)",
     {f"in{sep}{w} {n}" for sep in " -" for w in ("office", "person") for n in ("role", "job")}),
    # An optional group inside a phrase: the phrase with and without it.
    ("t[ée]l[ée][- ]?travail", {"teletravail", "tele travail", "tele-travail"}),
    ("mode(?: de)? travail", {"mode travail", "mode de travail"}),
]


@pytest.mark.parametrize("form,expected", CASES, ids=[c[0] for c in CASES])
def test_anchors(form: str, expected: set[str]) -> None:
    got = anchors(fold_pattern(form))
    assert got == frozenset(expected)


@pytest.mark.parametrize("form,text", [
    (r"VSI|VIE|V\.I\.E\.?", "Poste en V.I.E. à Berlin"),
    ("(?:work|working) from home", "You will be working from home twice a week"),
    ("mode(?: de)? travail", "Mode de travail : hybride"),
])
def test_every_match_holds_an_anchor(form: str, text: str) -> None:
    low = text.lower().replace("é", "e").replace("à", "a")
    m = re.search(fold_pattern(form), low)
    assert m is not None
    assert any(a in m.group(0) for a in anchors(fold_pattern(form)))
