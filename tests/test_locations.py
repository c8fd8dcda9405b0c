"""Location extraction: the case tables (tests/cases/locations.*.yaml), place parsing and
the resolver's tiers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import locations
from jobsieve.extract.places import leading_places, parse_places
from jobsieve.model import Location, Record

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    out = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


def _resolve(text: str, lang: str, extra: list[Candidate] = ()) -> tuple[Record, Trace]:
    doc = make_doc(text, lang)
    rec, trace = Record(text=text), Trace()
    locations.resolve_locations(locations.extract_locations(doc) + list(extra), doc, rec, trace)
    return rec, trace


def _check(row: dict, lang: str) -> None:
    rec, trace = _resolve(row["text"], lang)
    assert len(rec.locations) == len(row["expect"]), rec.locations
    for got, want in zip(rec.locations, row["expect"]):
        for key, value in want.items():
            assert getattr(got, key) == value, f"{key}: {got}"
    shown = [row["text"][s:e] for k, spans in trace.evidence.items() if k.startswith("locations[")
             for s, e in spans]
    for piece in row.get("evidence", []):
        assert piece in shown, f"evidence {shown} lacks {piece!r}"
    for i in range(len(rec.locations)):
        assert trace.evidence.get(f"locations[{i}]"), f"locations[{i}] needs evidence"


@pytest.mark.parametrize("row", _rows("locations.fr.yaml"))
def test_locations_fr(row):
    _check(row, "fr")


@pytest.mark.parametrize("row", _rows("locations.en.yaml"))
def test_locations_en(row):
    _check(row, "en")


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
    rec, _ = _resolve(text, "fr", [hint])
    assert [(l.city, l.country) for l in rec.locations] == [("Tours", "FR")]


def test_hint_city_wins_over_text():
    text = "Lieu : Angers\n"
    hint = Candidate("locations", Location("Cholet", "Pays de la Loire", "FR"), (0, 4), text[:4],
                     "hint.jsonld.jobLocation")
    rec, trace = _resolve(text, "fr", [hint])
    assert [l.city for l in rec.locations] == ["Cholet"]
    assert any("Angers" in r.reason for r in trace.rejected)
