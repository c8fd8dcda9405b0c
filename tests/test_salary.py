"""Salary extraction: the case tables (tests/cases/salary.*.yaml, money.yaml), the vocabulary
checks, and resolver rules that need more than one candidate."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobsieve import vocab
from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import salary
from jobsieve.extract.lexicon import Lexicon, lexicon, literal_prefix
from jobsieve.extract.money import find_money, parse_number
from jobsieve.model import Record, Salary

CASES = Path(__file__).parent / "cases"
KEYS = ("period", "min", "max", "currency", "payments_per_year", "annual_min", "annual_max")


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    out = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


def _parse(text: str, lang: str) -> tuple[Record, Trace]:
    doc = make_doc(text, lang)
    rec, trace = Record(text=text), Trace()
    salary.resolve_salary(salary._extract(doc), doc, rec, trace)
    return rec, trace


def _check(row: dict, lang: str) -> None:
    rec, trace = _parse(row["text"], lang)
    got = {k: getattr(rec.salary, k) for k in KEYS}
    want = {k: (row["expect"] or {}).get(k) for k in KEYS}
    for k in KEYS:
        if isinstance(want[k], (int, float)) and got[k] is not None:
            assert got[k] == pytest.approx(want[k], rel=1e-6), f"{k}: {got}"
        else:
            assert got[k] == want[k], f"{k}: {got}"
    spans = trace.evidence.get("salary", [])
    shown = [row["text"][s:e] for s, e in spans]
    for piece in row.get("evidence", []):
        assert piece in shown, f"evidence {shown} lacks {piece!r}"
    if row["expect"] is not None:
        assert spans, "a salary needs evidence"
    if row.get("warning"):
        assert any(row["warning"] in w for w in trace.warnings), trace.warnings


@pytest.mark.parametrize("row", _rows("salary.fr.yaml"))
def test_salary_fr(row):
    _check(row, "fr")


@pytest.mark.parametrize("row", _rows("salary.en.yaml"))
def test_salary_en(row):
    _check(row, "en")


@pytest.mark.parametrize("row", _rows("money.yaml"))
def test_money(row):
    text = row["text"]
    got = [[m.low.value, m.high.value if m.high else None, m.currency, text[m.span[0]:m.span[1]]]
           for m in find_money(text)]
    assert got == [[float(a), float(b) if b is not None else None, c, t] for a, b, c, t in row["expect"]]


@pytest.mark.parametrize("written, value", [
    ("3.503,28", 3503.28), ("3,503.28", 3503.28), ("3 503,28", 3503.28), ("3.503.28", 3503.28),
    ("1.234.567", 1234567.0), ("3,627", 3627.0), ("50.4", 50.4), ("34000,00", 34000.0),
    ("0,500", 0.5), ("12", 12.0), ("x12", None),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


# --- vocabulary ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["salary", "benefits"])
def test_vocab_labels_are_the_same_in_both_languages(name):
    assert list(vocab.load("fr", name)) == list(vocab.load("en", name))


@pytest.mark.parametrize("name", ["salary", "benefits"])
def test_vocab_forms_compile_and_start_with_a_literal(name):
    for lang in vocab.LANGS:
        for label, forms in vocab.load(lang, name).items():
            for form in forms:
                assert literal_prefix(form.lower())[0], f"{lang} {label} {form!r}"
    families = tuple(sorted({label.partition(".")[0] for label in vocab.merged(name)}))
    Lexicon(name, families)  # compiles every form


def test_every_salary_label_has_a_case():
    """Each canonical label is exercised by at least one case sentence."""
    families = sorted({label.partition(".")[0] for label in vocab.merged("salary")})
    texts = [row["text"] for name in ("salary.fr.yaml", "salary.en.yaml", "money.yaml")
             for row in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))]
    seen = {h.label for family in families for text in texts for h in lexicon("salary", family).find(text)}
    assert set(vocab.merged("salary")) - seen == set()


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


def test_implausible_amount_alone_is_dropped_with_a_warning():
    rec, trace = _parse("Salaire : 3.50 € brut par mois", "fr")
    assert rec.salary.min is None
    assert any("not plausible" in w for w in trace.warnings)


def test_monthly_and_yearly_figures_of_the_same_pay_agree():
    rec, trace = _parse("Salaire : 2 500 € brut par mois, soit 30 000 € brut par an.", "fr")
    assert (rec.salary.period, rec.salary.min) == ("month", 2500.0)
    assert trace.warnings == [] and len(trace.evidence["salary"]) >= 2


def test_parse_salary_text_reads_a_listing_line():
    got = salary.parse_salary_text("Mensuel de 1801.8 Euros sur 12.0 mois")
    assert (got.period, got.min, got.max, got.currency, got.payments_per_year) == ("month", 1801.8, 1801.8, "EUR", 12)
    assert salary.parse_salary_text("Selon profil") is None


@pytest.mark.parametrize("text", ["", "€€€ $$$ 12 345 678 9", "K" * 5000, "1" * 3000 + " €", "\x00\ufffd 3,5,6,7 €"])
def test_extractor_never_raises(text):
    assert isinstance(salary.extract_salary(make_doc(text)), list)
    assert isinstance(salary._extract(make_doc(text)), list)
