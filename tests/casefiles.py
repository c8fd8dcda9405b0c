"""The one runner of the case tables in ``tests/cases/*.yaml`` (format: cases/README.md).

Every table, field or stage, is read by :func:`params`: one pytest case per row, named
``<file>:<row id>``, a row with ``xfail`` run as a strict xfail, and a row with a key its
test does not read refused at collection (a misspelt key would otherwise check nothing).
Field rows are run by :func:`check_field` through the field's public ``extract_<field>``
and ``resolve_<field>`` only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import FIELDS, FieldSpec
from jobsieve.model import Record, evidence_paths

CASES = Path(__file__).resolve().parent / "cases"
TODAY = date(2025, 3, 10)
"""Reference date of every row that gives no ``today`` (relative dates count from it)."""
NONE = "none"
"""``expect: none``: the row's input must give nothing at all."""
ENVELOPE = frozenset({"id", "lang", "today", "xfail", "expect"})
FIELD_KEYS = frozenset({"text", "evidence", "warning"})
SPECS: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


class CaseFileError(ValueError):
    """A case file that does not follow the format (named with the file and row)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Case:
    """One row of a case file, with where it comes from."""

    file: str
    """The file's name without ``.yaml`` (``salary.fr``)."""
    row: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.file}:{self.row['id']}"

    @property
    def lang(self) -> str | None:
        """The row's ``lang``, else the language the file name ends with, else None."""
        if self.row.get("lang"):
            return self.row["lang"]
        suffix = self.file.rsplit(".", 1)[-1]
        return suffix if suffix in ("fr", "en") else None

    @property
    def today(self) -> date:
        return date.fromisoformat(str(self.row["today"])) if self.row.get("today") else TODAY

    @property
    def expect(self) -> Any:
        return self.row["expect"]

    @property
    def negative(self) -> bool:
        return self.row["expect"] == NONE

    def __getitem__(self, key: str) -> Any:
        return self.row[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.row.get(key, default)


def files(pattern: str) -> list[str]:
    """Names (without ``.yaml``) of the case files matching a glob, sorted."""
    return sorted(p.stem for p in CASES.glob(f"{pattern}.yaml"))


def load(name: str, inputs: Iterable[str] = ("text",), expect: Iterable[str] | None = None) -> list[Case]:
    """The rows of ``cases/<name>.yaml``, checked against the format.

    ``inputs`` are the row keys the test reads besides the envelope; ``expect`` the keys
    allowed inside ``expect`` (None: any, as for field rows whose keys are record paths).
    """
    path = CASES / f"{name}.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(rows, list):
        raise CaseFileError(f"{path.name}: a case file is a list of rows")
    allowed, seen, out = ENVELOPE | set(inputs), set(), []
    for n, row in enumerate(rows, 1):
        where = f"{path.name} row {n} ({row.get('id') if isinstance(row, dict) else row!r})"
        if not isinstance(row, dict) or not row.get("id"):
            raise CaseFileError(f"{where}: every row is a mapping with an id")
        if row["id"] in seen:
            raise CaseFileError(f"{where}: duplicate id")
        seen.add(row["id"])
        unknown = set(row) - allowed
        if unknown:
            raise CaseFileError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})")
        if "expect" not in row:
            raise CaseFileError(f"{where}: no expect (write `expect: none` for a negative row)")
        exp = row["expect"]
        if exp != NONE and not (isinstance(exp, dict) and exp):
            raise CaseFileError(f"{where}: expect is a non-empty mapping or `none`, not {exp!r}")
        if expect is not None and isinstance(exp, dict) and set(exp) - set(expect):
            raise CaseFileError(f"{where}: unknown expect keys {sorted(set(exp) - set(expect))}")
        out.append(Case(name, row))
    return out


def params(names: str | Iterable[str], inputs: Iterable[str] = ("text",),
           expect: Iterable[str] | None = None) -> list[Any]:
    """One pytest parameter per row of the named files (or glob), id ``<file>:<row id>``."""
    names = files(names) if isinstance(names, str) else list(names)
    if not names:
        raise CaseFileError(f"no case file matches {names!r}")
    out = []
    for name in names:
        for case in load(name, inputs, expect):
            reason = case.get("xfail")
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(case, id=case.id, marks=marks))
    return out


# --- field rows ------------------------------------------------------------------------

def field_files() -> list[str]:
    """The case files of the record's fields: ``<field>.<lang>.yaml``."""
    return [n for n in files("*.*") if n.split(".")[0] in SPECS]


def field_of(case: Case) -> FieldSpec:
    return SPECS[case.file.split(".")[0]]


def run_field(spec: FieldSpec, text: str, lang: str = "fr", today: date = TODAY,
              extra: Iterable[Candidate] = ()) -> tuple[Record, Trace, list[Candidate]]:
    """Extract and resolve one field on ``text`` alone (no other field runs); ``extra``
    candidates (hints a reader would give) join the text's."""
    doc = make_doc(text, lang, today=today)
    rec, trace = Record(text=doc.text), Trace()
    cands = spec.extract(doc)
    spec.resolve([*cands, *extra], doc, rec, trace)
    return rec, trace, cands


def run(field: str, text: str, lang: str = "fr", today: date = TODAY,
        extra: Iterable[Candidate] = ()) -> tuple[Record, Trace]:
    """The record and trace of one field run on ``text`` (see :func:`run_field`)."""
    rec, trace, _ = run_field(SPECS[field], text, lang, today, extra)
    return rec, trace


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _value_at(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _default(kind: type, name: str) -> Any:
    f = next((f for f in dataclasses.fields(kind) if f.name == name), None)
    if f is None:
        raise CaseFileError(f"{kind.__name__} has no {name!r}")
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else None


def _same(want: Any, got: Any, where: str) -> list[str]:
    """Differences between an expected value and a record value (dataclasses compare whole:
    a key not written takes the record's default)."""
    if dataclasses.is_dataclass(got):
        if not isinstance(want, dict):
            return [f"{where}: got {_plain(got)!r}, want {want!r}"]
        names = [f.name for f in dataclasses.fields(got)]
        out = [f"{where}.{k}: no such key in {type(got).__name__}" for k in want if k not in names]
        for name in names:
            w = want[name] if name in want else _default(type(got), name)
            out += _same(w, getattr(got, name), f"{where}.{name}")
        return out
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return [f"{where}: got {len(got)} items {_plain(got)!r}, want {len(want)} {want!r}"]
        return [d for i, (w, g) in enumerate(zip(want, got)) for d in _same(w, g, f"{where}[{i}]")]
    if isinstance(want, (int, float)) and not isinstance(want, bool) \
            and isinstance(got, (int, float)) and not isinstance(got, bool):
        ok = got == pytest.approx(want, rel=1e-6, abs=0.01)
    else:
        ok = got == want
    return [] if ok else [f"{where}: got {_plain(got)!r}, want {want!r}"]


def _expected(spec: FieldSpec, expect: Any) -> dict[str, Any]:
    """Each record path the field fills, with its expected value: the row's ``expect``
    over the record's defaults (nothing written means empty)."""
    out: dict[str, Any] = {k: _plain(_value_at(Record(), k)) for k in spec.keys}
    if expect == NONE:
        return out
    for path, value in expect.items():
        key = next((k for k in spec.keys if path == k or path.startswith(k + ".")), None)
        if key is None:
            raise CaseFileError(f"{path!r} is not a path of {spec.name} (paths: {', '.join(spec.keys)})")
        if path == key:
            if isinstance(out[key], dict) and isinstance(value, dict):
                out[key] = {**out[key], **value}
            else:
                out[key] = value
        else:
            out[key] = {**out[key], path[len(key) + 1:]: value}
    return out


def _owns(spec: FieldSpec, evidence_path: str) -> bool:
    """Whether an evidence path (``locations[1]``) is one of the field's."""
    return re.sub(r"\[\d+\]$", "", evidence_path) in spec.keys


def check_field(case: Case) -> None:
    """Run one field row: values, evidence that slices to the named text, warnings."""
    spec, text = field_of(case), case["text"]
    rec, trace, cands = run_field(spec, text, case.lang or "fr", case.today)
    problems = [f"candidate {c.rule} span {c.span} slices to {text[c.span[0]:c.span[1]]!r}, "
                f"not its text {c.text!r}" for c in cands if text[c.span[0]:c.span[1]] != c.text]
    for key, want in _expected(spec, case.expect).items():
        problems += _same(want, _value_at(rec, key), key)
    assert not problems, "\n".join(problems)

    named = case.get("evidence") or {}
    for path, pieces in named.items():
        shown = [text[s:e] for s, e in trace.evidence.get(path, [])]
        for piece in pieces if isinstance(pieces, list) else [pieces]:
            assert piece in shown, f"{path}: evidence {shown} lacks {piece!r}"
    for path in (p for p in evidence_paths(rec) if _owns(spec, p)):
        assert trace.evidence.get(path), f"{path} has a value but no evidence"
        assert path in named, f"a positive row names the evidence text of {path}"
    if case.negative:
        stray = [p for p in trace.evidence if _owns(spec, p)]
        assert not stray, f"nothing expected, yet evidence for {stray}"
    if case.get("warning"):
        assert any(case["warning"] in w for w in trace.warnings), trace.warnings
