"""Shared runner for the table-driven cases of the requirement fields.

Each ``tests/cases/<field>.<lang>.yaml`` row has an ``id``, a ``text`` written for the test,
the expected values, and for every positive row the text its evidence must slice to.
A row with ``xfail: <reason>`` is a known failure (strict: fixing it is noticed).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from jobsieve.doc import Doc, Trace, make_doc
from jobsieve.extract import FIELDS
from jobsieve.model import Record

from conftest import CASES

LANGS = ("fr", "en")


def case_params(field: str) -> list[Any]:
    """One pytest parameter per row of ``<field>.fr.yaml`` and ``<field>.en.yaml``."""
    out = []
    for lang in LANGS:
        rows = yaml.safe_load((CASES / f"{field}.{lang}.yaml").read_text(encoding="utf-8")) or []
        for row in rows:
            marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
            out.append(pytest.param(lang, row, id=f"{lang}-{row['id']}", marks=marks))
    return out


def run_field(field: str, text: str, lang: str) -> tuple[Record, Trace, Doc]:
    """Extract and resolve one field on ``text`` (no other field runs)."""
    spec = next(f for f in FIELDS if f.name == field)
    doc = make_doc(text, lang)
    rec, trace = Record(), Trace()
    cands = spec.extract(doc)
    for c in cands:
        assert doc.text[c.span[0]:c.span[1]] == c.text, f"candidate text differs from its span: {c}"
    spec.resolve(cands, doc, rec, trace)
    return rec, trace, doc


def assert_evidence(doc: Doc, trace: Trace, path: str, expected: str) -> None:
    """Some evidence span of ``path`` slices to exactly ``expected``."""
    spans = trace.evidence.get(path, [])
    got = [doc.text[s:e] for s, e in spans]
    assert expected in got, f"{path}: evidence {got} does not hold {expected!r}"
