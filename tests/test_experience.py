"""Years of experience asked: table-driven cases (tests/cases/experience.*.yaml)."""

from __future__ import annotations

import pytest

from requirement_cases import assert_evidence, case_params, run_field


@pytest.mark.parametrize("lang,row", case_params("experience"))
def test_experience(lang, row):
    rec, trace, doc = run_field("experience", row["text"], lang)
    assert rec.experience.min_years == row["min"]
    assert rec.experience.max_years == row["max"]
    if row["min"] is not None:
        assert_evidence(doc, trace, "experience.min_years", row["evidence"])
    if row["max"] is not None:
        assert_evidence(doc, trace, "experience.max_years", row["evidence"])
