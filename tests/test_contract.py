"""Contract type, duration and renewability: the case tables and the vocabulary checks."""

from __future__ import annotations

import pytest

from jobsieve.extract import contract

from field_cases import all_rows, check, check_vocab, rows, run


@pytest.mark.parametrize("row", rows("contract", "fr"))
def test_contract_fr(row):
    check(contract, "contract", row, "fr")


@pytest.mark.parametrize("row", rows("contract", "en"))
def test_contract_en(row):
    check(contract, "contract", row, "en")


def test_vocabulary():
    seen = {str(r["expect"].get("contract.type")) for r in all_rows("contract") if not r.get("xfail")}
    check_vocab("contract", ("types",),
                ("types", "not_contract", "renewable", "duration.carriers", "duration.labels"), seen)


def test_permanent_contract_has_no_duration():
    rec, trace = run(contract, "contract", "CDI. Mission de 6 mois au démarrage sur le projet.", "fr")
    assert rec.contract.type == "permanent"
    assert rec.contract.duration_months is None
    assert any("permanent contract has no duration" in r.reason for r in trace.rejected)


def test_labelled_line_beats_body_mention():
    text = "Type de contrat : CDD\n\nL'objectif est une embauche en CDI à terme."
    rec, trace = run(contract, "contract", text, "fr")
    assert rec.contract.type == "fixed_term"
    assert any(r.candidate.value == "permanent" for r in trace.rejected)


def test_odd_content_gives_nothing():
    for text in ("", "\n\n", "CDD de mois", "contrat " * 50, "💡" * 20):
        rec, _ = run(contract, "contract", text, "fr")
        assert rec.contract.duration_months is None
