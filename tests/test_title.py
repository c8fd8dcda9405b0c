"""Title cleaning, and the title resolver rules that one row of the case table cannot show.
The rows are in tests/cases/title.*.yaml."""

from __future__ import annotations

import pytest

from jobsieve.doc import Candidate
from jobsieve.extract import title

from casefiles import run


@pytest.mark.parametrize("line, want, place", [
    ("Coordinateur Programme (F/H), basé à Paris", "Coordinateur Programme", "Paris"),
    ("Data Engineer (h/f/x) - Lyon", "Data Engineer", "Lyon"),
    ("Cloud Engineer (H/F/NB)", "Cloud Engineer", None),
    ("Consultant SAP - Confirmé - Toulouse (H/F)", "Consultant SAP - Confirmé", "Toulouse"),
    ("Account Executive, Remote", "Account Executive", "Remote"),
    ("Sales Manager - Marketing", "Sales Manager - Marketing", None),
    ("Chef de projet - Support", "Chef de projet - Support", None),
    ("Analyste comptableApprenticeshipNanterre, France", "Analyste comptable", "Nanterre, France"),
])
def test_split_title(line, want, place):
    parts = title.split_title(line)
    assert parts.title == want
    if place is None:
        assert parts.place_start is None
    else:
        assert line[parts.place_start:].startswith(place)
    assert line[parts.start:parts.end].startswith(want.split()[0])


def test_hint_title_is_cleaned_and_wins():
    text = "Magasinier (H/F)\n\nNotre dépôt recrute un préparateur de commandes."
    hint = Candidate("title", "Magasinier cariste (H/F)", (0, 16), text[:16], "hint.jsonld.title")
    rec, trace = run("title", text, "fr", extra=[hint])
    assert rec.title == "Magasinier cariste"
    assert trace.rejected, "the text's other titles are kept as rejected candidates"
