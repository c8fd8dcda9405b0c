"""Score parsed records against a flat gold file (the spec's scoring rules).

Per key and posting: a gold value of ``"?"`` is not scored. A prediction that is right
and not null is a true positive; a non-null prediction that is wrong is a false positive;
a non-null gold value not predicted exactly is a false negative (a wrong value is both).
Gold and prediction both null is correct (it counts for "every key right", not for P/R).
Numbers match within 1 %; titles by token-set F1 >= 0.8 (case, accents and punctuation
folded; a gold list gives alternatives); employers when one folded name contains the
other; cities as sets of folded names; each language entry is one unit (code, level and
required all equal); e-mails as lower-cased sets.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ParseConfig
from .model import Record
from .readers import read_path

SCALAR_KEYS = (
    "language", "title", "employer", "cities", "country", "contract_type", "contract_months",
    "working_time", "hours_per_week", "salary_period", "salary_min", "salary_max",
    "salary_currency", "payments_per_year", "salary_annual_min", "salary_annual_max",
    "date_posted", "date_start", "start_asap", "date_deadline", "date_end", "remote_policy",
    "remote_days_per_week", "remote_days_per_year", "experience_min_years",
    "experience_max_years", "education_min_eqf", "apply_emails", "apply_reference",
    "related_count",
)
KEYS = (*SCALAR_KEYS, "languages")


def fold(s: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^\w]+|_", " ", s)
    return " ".join(s.split())


def flatten(rec: Record) -> dict[str, Any]:
    """The flat gold view of a record (see the spec's flat gold format)."""
    s, d = rec.salary, rec.dates
    return {
        "language": rec.language,
        "title": rec.title,
        "employer": rec.employer.name,
        "cities": [loc.city for loc in rec.locations if loc.city],
        "country": rec.locations[0].country if rec.locations else None,
        "contract_type": rec.contract.type,
        "contract_months": rec.contract.duration_months,
        "working_time": rec.working_time.type,
        "hours_per_week": rec.working_time.hours_per_week,
        "salary_period": s.period, "salary_min": s.min, "salary_max": s.max,
        "salary_currency": s.currency, "payments_per_year": s.payments_per_year,
        "salary_annual_min": s.annual_min, "salary_annual_max": s.annual_max,
        "date_posted": d.posted, "date_start": d.start, "start_asap": d.start_asap,
        "date_deadline": d.deadline, "date_end": d.end,
        "remote_policy": rec.remote.policy, "remote_days_per_week": rec.remote.days_per_week,
        "remote_days_per_year": rec.remote.days_per_year,
        "experience_min_years": rec.experience.min_years,
        "experience_max_years": rec.experience.max_years,
        "education_min_eqf": rec.education.min_eqf_level,
        "languages": {x.code: {"level": x.level, "required": x.required} for x in rec.languages},
        "apply_emails": rec.apply.emails,
        "apply_reference": rec.apply.reference,
        "related_count": len(rec.related),
    }


def _empty(v: Any) -> bool:
    return v is None or v == [] or v == {} or v is False


def _num_eq(p: Any, g: Any) -> bool:
    try:
        p, g = float(p), float(g)
    except (TypeError, ValueError):
        return False
    return abs(p - g) <= 0.01 * abs(g) + 1e-9


def _title_eq(p: str, g: Any) -> bool:
    options = g if isinstance(g, list) else [g]
    pt = set(fold(p).split())
    for o in options:
        gt = set(fold(o).split())
        if pt and gt and 2 * len(pt & gt) / (len(pt) + len(gt)) >= 0.8:
            return True
    return False


def matches(key: str, pred: Any, gold: Any) -> bool:
    """Whether a non-null prediction matches a non-null gold value for ``key``."""
    if key == "title":
        return _title_eq(str(pred), gold)
    if key == "employer":
        a, b = fold(str(pred)), fold(str(gold))
        return bool(a and b) and (a in b or b in a)
    if key == "cities":
        return {fold(c) for c in pred} == {fold(c) for c in gold}
    if key == "apply_emails":
        return {e.lower() for e in pred} == {e.lower() for e in gold}
    if key == "apply_reference":
        return fold(str(pred)) == fold(str(gold))
    if isinstance(gold, bool) or isinstance(pred, bool):
        return bool(pred) == bool(gold)
    if isinstance(gold, (int, float)):
        return _num_eq(pred, gold)
    return pred == gold


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    scored: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.scored += other.scored

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class PostingScore:
    file: str
    language: str | None
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    failed: str | None = None

    @property
    def all_right(self) -> bool:
        return self.failed is None and not self.errors


def score_posting(pred: dict[str, Any], gold: dict[str, Any], file: str) -> PostingScore:
    """Compare one flat prediction to one gold line."""
    ps = PostingScore(file=file, language=gold.get("language"))
    for key in KEYS:
        g = gold.get(key)
        if g == "?" or key not in gold:
            continue
        p = pred.get(key)
        c = Counts()
        if key == "languages":
            g = g or {}
            p = p or {}
            for code in set(g) | set(p):
                if g.get(code) == "?":
                    continue
                c.scored += 1
                if code in g and code in p and g[code] == p[code]:
                    c.tp += 1
                    c.correct += 1
                    continue
                if code in p:
                    c.fp += 1
                if code in g:
                    c.fn += 1
                ps.errors.append({"key": f"languages.{code}", "gold": g.get(code), "pred": p.get(code)})
            if not g and not p:
                c.scored += 1
                c.correct += 1
        else:
            c.scored = 1
            if _empty(g) and _empty(p):
                c.correct = 1
            elif not _empty(p) and not _empty(g) and matches(key, p, g):
                c.tp = c.correct = 1
            else:
                if not _empty(p):
                    c.fp = 1
                if not _empty(g):
                    c.fn = 1
                ps.errors.append({"key": key, "gold": g, "pred": p})
        ps.counts[key] = c
    return ps


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The lines of a flat gold file."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
    return out


def evaluate(gold_path: Path, config: ParseConfig | None = None,
             root: Path | None = None) -> list[PostingScore]:
    """Parse every file the gold file names (relative to ``root``, default its folder) and score it."""
    from .pipeline import parse_source

    config = config or ParseConfig()
    scores = []
    for gold in read_gold(gold_path):
        file = gold["file"]
        try:
            docs = read_path((root or gold_path.parent) / file, config)
            rec = parse_source(docs[0], config)
            pred = flatten(rec)
        except Exception as exc:  # a crash scores as all-wrong, but the run goes on
            pred = {}
            failed = f"{type(exc).__name__}: {exc}"
        else:
            failed = None
        ps = score_posting(pred, gold, file)
        ps.failed = failed
        scores.append(ps)
    return scores


def summarize(scores: Iterable[PostingScore]) -> dict[str, Any]:
    """Per-key precision/recall/F1, micro-F1 and the share of postings with every key right."""
    scores = list(scores)
    per_key: dict[str, Counts] = {k: Counts() for k in KEYS}
    for ps in scores:
        for k, c in ps.counts.items():
            per_key[k].add(c)
    total = Counts()
    for c in per_key.values():
        total.add(c)
    p, r, f = total.prf()
    fields_out = {}
    for k, c in per_key.items():
        if not c.scored:
            continue
        kp, kr, kf = c.prf()
        fields_out[k] = {"precision": round(kp, 4), "recall": round(kr, 4), "f1": round(kf, 4),
                         "tp": c.tp, "fp": c.fp, "fn": c.fn,
                         "accuracy": round(c.correct / c.scored, 4), "scored": c.scored}
    return {
        "postings": len(scores),
        "micro": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "all_right": sum(ps.all_right for ps in scores),
        "all_right_share": round(sum(ps.all_right for ps in scores) / len(scores), 4) if scores else 0.0,
        "failed": [{"file": ps.file, "reason": ps.failed} for ps in scores if ps.failed],
        "fields": fields_out,
    }


def report(scores: list[PostingScore], by_language: bool = True) -> dict[str, Any]:
    """Summary for all postings and, when asked, for each gold language apart."""
    out = {"all": summarize(scores)}
    if by_language:
        for lang in sorted({ps.language for ps in scores if ps.language}):
            out[lang] = summarize([ps for ps in scores if ps.language == lang])
    return out
