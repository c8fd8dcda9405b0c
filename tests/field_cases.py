"""Case tables for the extractors that fill dotted record paths (contract, working time,
dates, remote), and the checks of their vocabularies.

A case file ``tests/cases/<field>.<lang>.yaml`` is a list of rows:

    id:       the pytest id
    text:     a posting excerpt (sentences written for these tests)
    expect:   dotted record paths and their values (null: nothing may be found)
    evidence: for every path expected non-null, a string (or list) that must each be one
              of the evidence spans of that path, sliced from the text
    today:    reference date for relative dates (default 2025-03-10)
    xfail:    reason, for a known failure (run as a strict xfail)
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from jobsieve import vocab
from jobsieve.doc import Trace, make_doc
from jobsieve.extract import textcues
from jobsieve.model import Record

CASES = Path(__file__).parent / "cases"
TODAY = date(2025, 3, 10)


def rows(field: str, lang: str) -> list[Any]:
    """The rows of ``cases/<field>.<lang>.yaml`` as pytest params."""
    out = []
    for row in yaml.safe_load((CASES / f"{field}.{lang}.yaml").read_text(encoding="utf-8")):
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


def all_rows(field: str) -> list[dict]:
    """Every row of the field's case files, both languages."""
    out = []
    for lang in vocab.LANGS:
        out += yaml.safe_load((CASES / f"{field}.{lang}.yaml").read_text(encoding="utf-8"))
    return out


def value_at(rec: Record, path: str) -> Any:
    """The record's value at a dotted path (``contract.type``)."""
    obj: Any = rec
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def run(module: ModuleType, field: str, text: str, lang: str,
        today: date = TODAY) -> tuple[Record, Trace]:
    """Extract and resolve ``field`` on ``text`` alone."""
    doc = make_doc(text, lang, today=today)
    rec, trace = Record(text=doc.text), Trace()
    cands = getattr(module, f"extract_{field}")(doc)
    getattr(module, f"resolve_{field}")(cands, doc, rec, trace)
    return rec, trace


def check(module: ModuleType, field: str, row: dict, lang: str) -> None:
    """Run one row and compare values and evidence."""
    today = date.fromisoformat(str(row["today"])) if row.get("today") else TODAY
    rec, trace = run(module, field, row["text"], lang, today)
    evidence = row.get("evidence") or {}
    for path, want in (row.get("expect") or {}).items():
        got = value_at(rec, path)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
            assert got == pytest.approx(want, abs=0.01), f"{path}: got {got!r}, want {want!r}"
        else:
            assert got == want, f"{path}: got {got!r}, want {want!r}"
        if want is None or want is False:
            continue
        pieces = evidence.get(path)
        assert pieces, f"a positive row must name the evidence of {path}"
        shown = [row["text"][s:e] for s, e in trace.evidence.get(path, [])]
        for piece in pieces if isinstance(pieces, list) else [pieces]:
            assert piece in shown, f"{path}: evidence {shown} lacks {piece!r}"


def check_vocab(name: str, label_sections: tuple[str, ...], scanned: tuple[str, ...],
                labels_seen: set[str]) -> None:
    """Same sections and labels in every language; every form compiles; every form of a
    scanned section has an anchor; every canonical label is some case's expected value."""
    files = {lang: vocab.load(lang, name) for lang in vocab.LANGS}
    first, *others = vocab.LANGS
    for lang in others:
        assert set(files[lang]) == set(files[first]), f"{name}: sections differ in {lang}"
        for key in label_sections:
            assert list(files[lang][key]) == list(files[first][key]), \
                f"{name}.{key}: labels differ in {lang}"
    for key, value in files[first].items():
        if isinstance(value, (list, dict)):
            for form in textcues.section(name, key):
                re.compile(form.pattern, re.I)
                re.compile(textcues.lower_pattern(form.pattern))
    for path in scanned:
        forms = textcues.section(name, path)
        assert forms, f"{name}.{path}: no forms"
        for form in forms:
            pattern = form.pattern if form.cased else textcues.lower_pattern(form.pattern)
            assert textcues.anchors(pattern), f"{name}.{path}: no literal to look for in {form.pattern!r}"
    for key in label_sections:
        missing = set(files[first][key]) - labels_seen
        assert not missing, f"{name}.{key}: no case expects {sorted(missing)}"
