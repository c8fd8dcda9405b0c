"""The case runner itself: it refuses malformed tables and fails rows that are wrong."""

from __future__ import annotations

import re

import pytest

import casefiles
from casefiles import Case, CaseFileError, check_field

CDD = "Statut : CDD de 18 mois, renouvelable une fois."
CDD_ALL = {"contract.type": "fixed_term", "contract.duration_months": 18, "contract.renewable": True}
CDD_EVIDENCE = {"contract.type": "CDD", "contract.duration_months": "CDD de 18 mois",
                "contract.renewable": "renouvelable"}


@pytest.mark.parametrize("table, message", [
    ("- {id: a, text: x, expect: none}\n- {id: a, text: y, expect: none}\n", "duplicate id"),
    ("- {id: a, txt: x, expect: none}\n", "unknown keys ['txt']"),
    ("- {id: a, text: x}\n", "no expect"),
    ("- {id: a, text: x, expect: {}}\n", "non-empty mapping or `none`"),
    ("- {id: a, text: x, expect: null}\n", "non-empty mapping or `none`"),
    ("- {text: x, expect: none}\n", "with an id"),
    ("{id: a}\n", "a list of rows"),
])
def test_malformed_tables_are_refused(tmp_path, monkeypatch, table, message):
    monkeypatch.setattr(casefiles, "CASES", tmp_path)
    (tmp_path / "contract.fr.yaml").write_text(table, encoding="utf-8")
    with pytest.raises(CaseFileError, match=re.escape(message)):
        casefiles.load("contract.fr", casefiles.FIELD_KEYS)


def test_ids_name_the_file_and_xfail_is_strict(tmp_path, monkeypatch):
    monkeypatch.setattr(casefiles, "CASES", tmp_path)
    (tmp_path / "contract.fr.yaml").write_text(
        "- {id: a, text: x, expect: none}\n- {id: b, text: y, expect: none, xfail: not yet}\n", encoding="utf-8")
    got = casefiles.params("contract.*", inputs=casefiles.FIELD_KEYS)
    assert [p.id for p in got] == ["contract.fr:a", "contract.fr:b"]
    assert not got[0].marks
    assert got[1].marks[0].kwargs == {"strict": True, "reason": "not yet"}


def test_an_expect_path_of_another_field_is_refused():
    with pytest.raises(CaseFileError, match="not a path of contract"):
        check_field(Case("contract.fr", {"id": "a", "text": CDD, "expect": {"salary.min": 1}}))


@pytest.mark.parametrize("row, message", [
    ({"expect": {**CDD_ALL, "contract.type": "permanent"}, "evidence": CDD_EVIDENCE},
     "contract.type: got 'fixed_term', want 'permanent'"),
    # What a row does not write must be empty.
    ({"expect": {"contract.type": "fixed_term"}, "evidence": {"contract.type": "CDD"}},
     "contract.duration_months: got 18.0, want None"),
    ({"expect": CDD_ALL}, "names the evidence text of contract.type"),
    ({"expect": CDD_ALL, "evidence": {**CDD_EVIDENCE, "contract.type": "CDD de"}}, "lacks 'CDD de'"),
    ({"expect": "none"}, "got 'fixed_term', want None"),
    ({"expect": CDD_ALL, "evidence": CDD_EVIDENCE, "warning": "disagrees"}, "[]"),
])
def test_wrong_rows_fail(row, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        check_field(Case("contract.fr", {"id": "a", "text": CDD, **row}))


def test_objects_and_lists_compare_whole_and_in_order():
    text = "Poste basé à Rennes et à Brest."
    rennes = {"city": "Rennes", "region": "Bretagne", "country": "FR"}
    brest = {"city": "Brest", "region": "Bretagne", "country": "FR"}
    evidence = {"locations[0]": "Rennes", "locations[1]": "Brest"}
    check_field(Case("locations.fr", {"id": "a", "text": text, "expect": {"locations": [rennes, brest]},
                                      "evidence": evidence}))
    with pytest.raises(AssertionError, match="locations\\[0\\].city"):
        check_field(Case("locations.fr", {"id": "a", "text": text, "expect": {"locations": [brest, rennes]},
                                          "evidence": evidence}))
    with pytest.raises(AssertionError, match="locations\\[0\\].region"):
        check_field(Case("locations.fr", {"id": "a", "text": text,
                                          "expect": {"locations": [{"city": "Rennes", "country": "FR"}, brest]},
                                          "evidence": evidence}))
