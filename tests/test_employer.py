"""Employer extraction: the case tables (tests/cases/employer.*.yaml) and resolver rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import employer
from jobsieve.model import Record

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
    employer.resolve_employer(employer.extract_employer(doc) + list(extra), doc, rec, trace)
    return rec, trace


def _check(row: dict, lang: str) -> None:
    rec, trace = _resolve(row["text"], lang)
    assert rec.employer.name == row["expect"]
    shown = [row["text"][s:e] for s, e in trace.evidence.get("employer", [])]
    for piece in row.get("evidence", []):
        assert piece in shown, f"evidence {shown} lacks {piece!r}"
    if row["expect"] is not None:
        assert shown, "an employer needs evidence"


@pytest.mark.parametrize("row", _rows("employer.fr.yaml"))
def test_employer_fr(row):
    _check(row, "fr")


@pytest.mark.parametrize("row", _rows("employer.en.yaml"))
def test_employer_en(row):
    _check(row, "en")


def test_recruiter_rejection_is_explained():
    text = "Juriste (H/F)\nOrion RH · Lyon\n\nNotre client, une banque régionale, recrute un juriste en CDI."
    rec, trace = _resolve(text, "fr")
    assert rec.employer.name is None
    assert any("client" in r.reason for r in trace.rejected)


def test_hint_beats_text_but_boards_never_win():
    text = "Serveur (H/F)\n\nLe Bistrot du Port recrute un serveur pour la saison."
    hint = Candidate("employer", "Indeed", (0, 6), text[:6], "hint.jsonld.hiringOrganization")
    rec, _ = _resolve(text, "fr", [hint])
    assert rec.employer.name == "Bistrot du Port"
    hint = Candidate("employer", "SARL Le Port", (0, 6), text[:6], "hint.jsonld.hiringOrganization")
    rec, _ = _resolve(text, "fr", [hint])
    assert rec.employer.name == "SARL Le Port"
