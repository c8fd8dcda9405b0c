"""Employer resolver rules that one row of the case table cannot show (hints, rejection
reasons). The rows are in tests/cases/employer.*.yaml."""

from __future__ import annotations

from jobsieve.doc import Candidate

from casefiles import run


def test_recruiter_rejection_is_explained():
    text = "Juriste (H/F)\nOrion RH · Lyon\n\nNotre client, une banque régionale, recrute un juriste en CDI."
    rec, trace = run("employer", text, "fr")
    assert rec.employer.name is None
    assert any("client" in r.reason for r in trace.rejected)


def test_hint_beats_text_but_boards_never_win():
    text = "Serveur (H/F)\n\nLe Bistrot du Port recrute un serveur pour la saison."
    hint = Candidate("employer", "Indeed", (0, 6), text[:6], "hint.jsonld.hiringOrganization")
    rec, _ = run("employer", text, "fr", extra=[hint])
    assert rec.employer.name == "Bistrot du Port"
    hint = Candidate("employer", "SARL Le Port", (0, 6), text[:6], "hint.jsonld.hiringOrganization")
    rec, _ = run("employer", text, "fr", extra=[hint])
    assert rec.employer.name == "SARL Le Port"
