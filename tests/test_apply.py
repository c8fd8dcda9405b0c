"""How to apply: table-driven cases (tests/cases/apply.*.yaml)."""

from __future__ import annotations

import pytest

from requirement_cases import assert_evidence, case_params, run_field


@pytest.mark.parametrize("lang,row", case_params("apply"))
def test_apply(lang, row):
    rec, trace, doc = run_field("apply", row["text"], lang)
    assert rec.apply.emails == row.get("emails", [])
    assert rec.apply.urls == row.get("urls", [])
    assert rec.apply.reference == row.get("reference")
    assert sorted(rec.apply.documents) == sorted(row.get("documents", []))
    for path, expected in (row.get("evidence") or {}).items():
        for text in expected if isinstance(expected, list) else [expected]:
            assert_evidence(doc, trace, path, text)
