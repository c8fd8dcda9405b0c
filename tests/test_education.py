"""Lowest diploma level accepted: table-driven cases (tests/cases/education.*.yaml)."""

from __future__ import annotations

import pytest

from jobsieve.extract.education import bac_plus_level
from requirement_cases import assert_evidence, case_params, run_field


@pytest.mark.parametrize("lang,row", case_params("education"))
def test_education(lang, row):
    rec, trace, doc = run_field("education", row["text"], lang)
    assert rec.education.min_eqf_level == row["level"]
    if row["level"] is not None:
        assert_evidence(doc, trace, "education.min_eqf_level", row["evidence"])


@pytest.mark.parametrize("years,level", [(0, 4), (1, 4), (2, 5), (3, 6), (4, 6), (5, 7), (6, 7), (8, 8)])
def test_bac_plus_level(years, level):
    assert bac_plus_level(years) == level
