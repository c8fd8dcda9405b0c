"""Score deduplication against labelled pairs (``pairs.jsonl``).

Each line of a pairs file names two posting files (paths relative to the pairs file),
whether they are one vacancy (``same``), and optionally ``kind`` and ``note``. Every file
is parsed, all postings are clustered together (so a wrong merge anywhere can break a pair),
and a pair is predicted "same" when both postings land in one cluster. Reported: precision,
recall and F1 of "same", counts per kind, and every mistake with the numbers and the rule
that decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ParseConfig
from ..errors import InputError
from ..model import Record
from ..pipeline import Failure, parse_files
from .cluster import Clustering, cluster
from .config import DEFAULT_DEDUP, DedupConfig
from .decide import decide


@dataclass(slots=True)
class LabelledPair:
    """One line of a pairs file."""

    a: str
    b: str
    same: bool
    kind: str = ""
    note: str = ""


@dataclass(slots=True)
class PairResult:
    """The verdict on one labelled pair and what it rested on."""

    pair: LabelledPair
    predicted: bool
    rule: str
    """The rule of the direct decision on the pair (``not_candidate`` when LSH and the
    blocking key never paired them; ``via_cluster`` appended when the verdict came from
    other members of the cluster)."""
    detail: str
    jaccard: float
    containment: float

    @property
    def correct(self) -> bool:
        """Whether the prediction matches the label."""
        return self.predicted == self.pair.same

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        p = self.pair
        return {"a": p.a, "b": p.b, "same": p.same, "predicted": self.predicted, "kind": p.kind,
                "note": p.note, "rule": self.rule, "detail": self.detail,
                "jaccard": round(self.jaccard, 3), "containment": round(self.containment, 3)}


@dataclass(slots=True)
class DedupReport:
    """Every pair's result, the files that could not be parsed, and clustering statistics."""

    results: list[PairResult]
    failures: list[tuple[str, str]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """True/false positives and negatives of "same"."""
        c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
        for r in self.results:
            key = ("t" if r.correct else "f") + ("p" if r.predicted else "n")
            c[key] += 1
        return c

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 of "same"."""
        c = self.counts()
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def by_kind(self) -> dict[str, dict[str, int]]:
        """Pairs and correct verdicts per kind."""
        out: dict[str, dict[str, int]] = {}
        for r in self.results:
            k = out.setdefault(r.pair.kind or "-", {"pairs": 0, "correct": 0})
            k["pairs"] += 1
            k["correct"] += r.correct
        return out

    def mistakes(self) -> list[PairResult]:
        """The pairs predicted wrongly."""
        return [r for r in self.results if not r.correct]

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {**self.scores(), **self.counts(), "pairs": len(self.results),
                "by_kind": self.by_kind(), "mistakes": [m.to_dict() for m in self.mistakes()],
                "failures": [{"file": f, "reason": r} for f, r in self.failures], "stats": self.stats}


def read_pairs(path: Path) -> list[LabelledPair]:
    """The labelled pairs of a pairs file (errors name the file and the line)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                out.append(LabelledPair(d["a"], d["b"], bool(d["same"]), d.get("kind", ""), d.get("note", "")))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(str(path), f"line {n} is not a pair ({{'a', 'b', 'same'}}): {exc}") from None
    return out


def parse_named(base: Path, names: list[str], config: ParseConfig) -> tuple[dict[str, Record], list[tuple[str, str]]]:
    """Parse each named file (relative to ``base``): its first posting, or the failure."""
    recs: dict[str, Record] = {}
    failures: list[tuple[str, str]] = []
    for name in names:
        path = base / name
        if not path.is_file():
            failures.append((name, "file not found"))
            continue
        for item in parse_files([path], config):
            if isinstance(item, Failure):
                failures.append((name, item.reason))
            elif name not in recs:
                recs[name] = item
    return recs, failures


def evaluate_pairs(pairs_path: Path, cfg: DedupConfig = DEFAULT_DEDUP,
                   config: ParseConfig | None = None) -> DedupReport:
    """Parse, cluster and score the postings a pairs file names."""
    pairs = read_pairs(pairs_path)
    names = list(dict.fromkeys(n for p in pairs for n in (p.a, p.b)))
    recs, failures = parse_named(pairs_path.parent, names, config or ParseConfig())
    order = [n for n in names if n in recs]
    result = cluster((recs[n] for n in order), cfg, keep_decisions=True)
    return DedupReport(score(pairs, order, result, cfg), failures, result.stats)


def score(pairs: list[LabelledPair], order: list[str], result: Clustering,
          cfg: DedupConfig = DEFAULT_DEDUP) -> list[PairResult]:
    """Verdict and explanation for each labelled pair, given a clustering of ``order``."""
    index = {n: i for i, n in enumerate(order)}
    decided = {(d.a, d.b): d.decision for d in result.decisions}
    out = []
    for p in pairs:
        if p.a not in index or p.b not in index:
            out.append(PairResult(p, False, "unparsed", "a file of the pair could not be parsed", 0.0, 0.0))
            continue
        i, j = sorted((index[p.a], index[p.b]))
        predicted = result.same(i, j)
        d = decided.get((i, j))
        rule = d.rule if d else "not_candidate"
        direct = d or decide(result.fingerprints[i], result.fingerprints[j], None, cfg)
        if d is None or d.same != predicted:
            rule += "+via_cluster" if predicted else ("+chain_guard" if d and d.same else "")
        out.append(PairResult(p, predicted, rule, direct.detail, direct.similarity.jaccard,
                              direct.similarity.containment))
    return out
