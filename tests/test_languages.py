"""Spoken languages asked: table-driven cases (tests/cases/languages.*.yaml)."""

from __future__ import annotations

import pytest

from requirement_cases import assert_evidence, case_params, run_field


@pytest.mark.parametrize("lang,row", case_params("languages"))
def test_languages(lang, row):
    rec, trace, doc = run_field("languages", row["text"], lang)
    got = {x.code: {"level": x.level, "required": x.required} for x in rec.languages}
    assert got == (row["languages"] or {})
    for i, x in enumerate(rec.languages):
        assert_evidence(doc, trace, f"languages[{i}]", row["evidence"][x.code])
