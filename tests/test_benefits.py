"""Benefits resolver rules that one row of the case table cannot show (hints merged with
the text). The rows are in tests/cases/benefits.*.yaml."""

from __future__ import annotations

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import benefits
from jobsieve.model import Benefit, Record


def test_hint_first_then_text_adds_what_it_knows():
    doc = make_doc("x" * 100)
    hint = Candidate("benefits", Benefit("meal_voucher"), (50, 60), "x" * 10, "hint.jsonld.jobBenefits", 0.9)
    text = Candidate("benefits", Benefit("meal_voucher", 9.0, 0.6), (5, 15), "x" * 10, "benefits.meal_voucher")
    rec, trace = Record(), Trace()
    benefits.resolve_benefits([text, hint], doc, rec, trace)
    assert rec.benefits == [Benefit("meal_voucher", 9.0, 0.6)]
    assert trace.evidence["benefits[0]"] == [(5, 15), (50, 60)]
