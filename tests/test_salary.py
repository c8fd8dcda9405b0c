"""Amounts as written (tests/cases/money.yaml), number reading, and the salary resolver
rules that one row of the case table cannot show. The rows are in tests/cases/salary.*.yaml."""

from __future__ import annotations

import pytest

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import salary
from jobsieve.extract.money import find_money, parse_number
from jobsieve.model import Record, Salary

import casefiles
from casefiles import run


@pytest.mark.parametrize("case", casefiles.params("money", expect={"amounts"}))
def test_money(case):
    text = case["text"]
    got = [[m.low.value, m.high.value if m.high else None, m.currency, text[m.span[0]:m.span[1]]]
           for m in find_money(text)]
    want = [] if case.negative else case.expect["amounts"]
    assert got == [[float(a), float(b) if b is not None else None, c, t] for a, b, c, t in want]


@pytest.mark.parametrize("written, value", [
    ("3.503,28", 3503.28), ("3,503.28", 3503.28), ("3 503,28", 3503.28), ("3.503.28", 3503.28),
    ("1.234.567", 1234567.0), ("3,627", 3627.0), ("50.4", 50.4), ("34000,00", 34000.0),
    ("0,500", 0.5), ("12", 12.0), ("x12", None),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


# --- resolver rules ----------------------------------------------------------------------

def _cand(value: Salary, start: int, text: str, rule: str = "salary.label", score: float = 1.0) -> Candidate:
    return Candidate("salary", value, (start, start + len(text)), text, rule, score)


def test_hint_outranks_text_but_more_precise_text_wins():
    doc = make_doc("x" * 200)
    hint = _cand(Salary(currency="EUR", period="month", min=2118.0, max=2118.0), 100, "2118,00", "hint.ft.salaire", 0.9)
    body = _cand(Salary(currency="EUR", period="month", min=2118.23, max=2118.23), 10, "2118,23")
    rec, trace = Record(), Trace()
    salary.resolve_salary([hint, body], doc, rec, trace)
    assert rec.salary.min == 2118.23 and rec.salary.annual_min == pytest.approx(2118.23 * 12)
    assert trace.warnings == []
    assert (100, 107) in trace.evidence["salary"] and (10, 17) in trace.evidence["salary"]


def test_disagreeing_hint_wins_with_a_warning_and_text_is_rejected():
    doc = make_doc("x" * 200)
    hint = _cand(Salary(currency="EUR", period="year", min=40000.0, max=45000.0), 100, "40000 à 45000", "hint.ft.salaire", 0.9)
    body = _cand(Salary(currency="EUR", period="year", min=34000.0, max=48000.0), 10, "34-48K€")
    rec, trace = Record(), Trace()
    salary.resolve_salary([hint, body], doc, rec, trace)
    assert (rec.salary.min, rec.salary.max) == (40000.0, 45000.0)
    assert trace.rejected and trace.rejected[0].candidate is body
    assert any("disagrees" in w for w in trace.warnings)


def test_monthly_and_yearly_figures_of_the_same_pay_agree():
    rec, trace = run("salary", "Salaire : 2 500 € brut par mois, soit 30 000 € brut par an.", "fr")
    assert (rec.salary.period, rec.salary.min) == ("month", 2500.0)
    assert trace.warnings == [] and len(trace.evidence["salary"]) >= 2


def test_parse_salary_text_reads_a_listing_line():
    got = salary.parse_salary_text("Mensuel de 1801.8 Euros sur 12.0 mois")
    assert (got.period, got.min, got.max, got.currency, got.payments_per_year) == ("month", 1801.8, 1801.8, "EUR", 12)
    assert salary.parse_salary_text("Selon profil") is None
