"""Benefits extraction: the case tables (tests/cases/benefits.*.yaml) and resolver rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobsieve import vocab
from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import benefits
from jobsieve.extract.lexicon import lexicon
from jobsieve.model import Benefit, Record

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(r, id=r["id"], marks=[pytest.mark.xfail(strict=True, reason=r["xfail"])] if r.get("xfail") else [])
            for r in rows]


def _check(row: dict, lang: str) -> None:
    text = row["text"]
    doc = make_doc(text, lang)
    rec, trace = Record(text=text), Trace()
    benefits.resolve_benefits(benefits._extract(doc), doc, rec, trace)
    got = [(b.kind, b.amount, b.employer_share) for b in rec.benefits]
    want = [(e["kind"], e.get("amount"), e.get("employer_share")) for e in row["expect"]]
    assert got == want
    for i, e in enumerate(row["expect"]):
        shown = [text[s:t] for s, t in trace.evidence.get(f"benefits[{i}]", [])]
        assert shown, f"benefits[{i}] has no evidence"
        for piece in e.get("evidence", []):
            assert piece in shown, f"benefits[{i}] evidence {shown} lacks {piece!r}"


@pytest.mark.parametrize("row", _rows("benefits.fr.yaml"))
def test_benefits_fr(row):
    _check(row, "fr")


@pytest.mark.parametrize("row", _rows("benefits.en.yaml"))
def test_benefits_en(row):
    _check(row, "en")


def test_every_benefits_label_has_a_case():
    """Each canonical label is exercised by at least one case sentence."""
    texts = [row["text"] for name in ("benefits.fr.yaml", "benefits.en.yaml")
             for row in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))]
    families = sorted({label.partition(".")[0] for label in vocab.merged("benefits")})
    seen = {h.label for family in families for text in texts for h in lexicon("benefits", family).find(text)}
    assert set(vocab.merged("benefits")) - seen == set()


def test_hint_first_then_text_adds_what_it_knows():
    doc = make_doc("x" * 100)
    hint = Candidate("benefits", Benefit("meal_voucher"), (50, 60), "x" * 10, "hint.jsonld.jobBenefits", 0.9)
    text = Candidate("benefits", Benefit("meal_voucher", 9.0, 0.6), (5, 15), "x" * 10, "benefits.meal_voucher")
    rec, trace = Record(), Trace()
    benefits.resolve_benefits([text, hint], doc, rec, trace)
    assert rec.benefits == [Benefit("meal_voucher", 9.0, 0.6)]
    assert trace.evidence["benefits[0]"] == [(5, 15), (50, 60)]


@pytest.mark.parametrize("text", ["", "RTT RTT RTT " * 500, "mutuelle (((( 100 % ", "\x00 tickets restaurant 9 €"])
def test_extractor_never_raises(text):
    assert isinstance(benefits.extract_benefits(make_doc(text)), list)
    assert isinstance(benefits._extract(make_doc(text)), list)
