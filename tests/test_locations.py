"""Place parsing, and the location resolver's tiers that one row of the case table cannot
show (hints against the text). The rows are in tests/cases/locations.*.yaml."""

from __future__ import annotations

import pytest

from jobsieve.doc import Candidate
from jobsieve.extract.places import leading_places, parse_places
from jobsieve.model import Location

from casefiles import run


@pytest.mark.parametrize("text, want", [
    ("Lyon (69)", [("Lyon", "FR")]),
    ("Frederick, MD/Wilson, NC", [("Frederick", "US"), ("Wilson", "US")]),
    ("Dunkerque ET à Calais", [("Dunkerque", "FR"), ("Calais", "FR")]),
    ("GILLY SUR ISERE", [("Gilly-sur-Isère", "FR")]),
    ("MARSEILLE 07", [("Marseille", "FR")]),
    ("South Bend Heights, IN", []),
    ("Louisiana, United States", [(None, "US")]),
    ("SQL Server", []),
])
def test_parse_places(text, want):
    assert [(p.location.city, p.location.country) for p in parse_places(text)] == want


def test_leading_places_stop_at_a_longer_proper_name():
    assert leading_places("West Yorkshire Dales", strong=True) == []
    got = leading_places("GRENOBLE est à pourvoir", strong=True)
    assert [(p.location.city, p.start, p.end) for p in got] == [("Grenoble", 0, 8)]


def test_country_only_hint_gives_way_to_a_text_city():
    text = "Poste basé à Tours.\n"
    hint = Candidate("locations", Location(country="FR"), (0, 5), text[:5], "hint.francetravail.lieuTravail")
    rec, _ = run("locations", text, "fr", extra=[hint])
    assert [(l.city, l.country) for l in rec.locations] == [("Tours", "FR")]


def test_hint_city_wins_over_text():
    text = "Lieu : Angers\n"
    hint = Candidate("locations", Location("Cholet", "Pays de la Loire", "FR"), (0, 4), text[:4],
                     "hint.jsonld.jobLocation")
    rec, trace = run("locations", text, "fr", extra=[hint])
    assert [l.city for l in rec.locations] == ["Cholet"]
    assert any("Angers" in r.reason for r in trace.rejected)
