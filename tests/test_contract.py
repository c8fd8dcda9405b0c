"""Contract resolver rules that one row of the case table cannot show (the rejected
candidates and their reasons). The rows are in tests/cases/contract.*.yaml."""

from __future__ import annotations

from casefiles import run


def test_permanent_contract_has_no_duration():
    rec, trace = run("contract", "CDI. Mission de 6 mois au démarrage sur le projet.", "fr")
    assert rec.contract.type == "permanent"
    assert rec.contract.duration_months is None
    assert any("permanent contract has no duration" in r.reason for r in trace.rejected)


def test_labelled_line_beats_body_mention():
    text = "Type de contrat : CDD\n\nL'objectif est une embauche en CDI à terme."
    rec, trace = run("contract", text, "fr")
    assert rec.contract.type == "fixed_term"
    assert any(r.candidate.value == "permanent" for r in trace.rejected)
