"""The lowest diploma level accepted: ``education.min_eqf_level`` (EQF 1-8).

Every diploma named is a candidate with its level: "Bac+N" by rule (Bac+2 = 5, Bac+3 and
Bac+4 = 6, Bac+5 = 7, beyond = 8; "Bac+4/5" and "Bac+3 à Bac+5" take the lower figure),
"diplôme de niveau N" / "RNCP niveau N" as the level itself (the French levels follow EQF
since 2019; the old Roman ones are converted), and named diplomas from
``vocab/<lang>/education.yaml`` (CAP = 3, Bac = 4, BTS/DUT = 5, Licence/BUT/Bachelor's = 6,
Master/MBA/diplôme d'ingénieur = 7, Doctorat/PhD = 8).

Not candidates: a school named next to a school of no stated level ("une école de commerce,
d'ingénieurs ou une université"), diplomas the employer offers to prepare, and every
diploma when the posting says none is needed ("No degree required").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder
from ..model import Record
from ..resolve import ranked

KEYS = ("education.min_eqf_level",)

_LABELS = ("school", "eqf8", "eqf7", "eqf6", "eqf5", "eqf4", "eqf3")
_LEVEL = {"school": 7, "eqf8": 8, "eqf7": 7, "eqf6": 6, "eqf5": 5, "eqf4": 4, "eqf3": 3}
_ROMAN = {"I": 7, "II": 6, "III": 5, "IV": 4, "V": 3}
_SENTENCE = re.compile(r"[.;!?\n•·●]\s")
# A sentence end read in a reversed stretch (the white space after it comes before it
# there): the first match is the last end before a place, from one forward search.
_SENTENCE_BACK = re.compile(r"[.;!?\n•·●](?<=\s(?s:.))")
# Diplomas read by rule (their groups give the level); every form starts with a word.
_RULES = (
    ("bac_plus", r"bac\s*(?:/\s*)?\+\s*(?P<a>\d)"
                 r"(?:\s*(?:/|[àa]|-|ou|or|to)\s*(?:bac\s*\+\s*)?(?P<b>\d)(?!\d))?"),
    ("level", r"(?:dipl[ôo]me|titre|formation|certification|qualification)s?[^.\n\d]{0,25}?"
              r"\bniveau\s+(?:(?P<n>[1-8])(?!\d)|(?-i:(?P<roman>III|II|IV|V|I))\b)"),
    ("level", r"niveau\s+(?P<n>[1-8])\s*\(?\s*(?:RNCP|EQF|CEC|europ[ée]en)"),
    ("level", r"RNCP\s*(?:de\s+)?(?:niveau\s*)?(?P<n>[1-8])(?!\d)"),
    ("level", r"EQF\s+(?:level\s+)?(?P<n>[1-8])(?!\d)"),
)


def _forms(label: str) -> list[str]:
    return [f for lang in vocab.LANGS for f in vocab.load(lang, "education").get(label, [])]


@lru_cache(maxsize=1)
def _finder() -> tuple[Finder, tuple[tuple[str, str], ...]]:
    """One shared-pass :class:`Finder` for every group of forms, with the group and label
    of each form (one search of the posting's literals instead of one per group)."""
    forms: list[str] = []
    tags: list[tuple[str, str]] = []
    for lab, f in list(_RULES) + [(lab, f) for lab in _LABELS for f in _forms(lab)]:
        forms.append(f)
        tags.append(("degree", lab))
    for group in ("unknown_school", "none", "offered"):
        for f in _forms(group):
            forms.append(rf"(?:{f})(?!\w)")
            tags.append((group, group))
    return Finder(forms), tuple(tags)


def _groups(text: str) -> dict[str, list[tuple[str, re.Match[str]]]]:
    """``(label, match)`` of the forms of each group (glued ones too: "...généralesRéférence2024-00871")."""
    finder, tags = _finder()
    return finder.grouped(text, tags)


def bac_plus_level(years: int) -> int:
    """EQF level of a French "Bac+N" diploma.

    >>> [bac_plus_level(n) for n in (0, 2, 3, 4, 5, 8)]
    [4, 5, 6, 6, 7, 8]
    """
    if years <= 1:
        return 4
    if years == 2:
        return 5
    if years <= 4:
        return 6
    if years <= 7:
        return 7
    return 8


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from after the last sentence end that
    ``_SENTENCE.finditer`` lists in the 300 characters before it (0 if none) to the next."""
    floor, lo = max(0, start - 300), 0
    last = _SENTENCE_BACK.search(text[floor:start][::-1])
    if last is not None:
        k = start - 1 - last.start()
        # finditer's matches do not overlap: in a run of ends one character apart
        # ("!\n\n"), every other one is a match, counted from the run's first.
        first = k
        while first > floor and _SENTENCE.match(text, first - 1, start):
            first -= 1
        lo = k + 2 - (k - first) % 2
    m = _SENTENCE.search(text, end, end + 300)
    return lo, (m.start() if m else min(len(text), end + 300))


def _level(label: str, m: re.Match[str]) -> int:
    if label == "bac_plus":
        a = int(m.group("a"))
        b = int(m.group("b")) if m.group("b") else a
        return bac_plus_level(min(a, b))
    if label == "level":
        n = m.groupdict().get("n")
        return int(n) if n else _ROMAN[m.group("roman")]
    return _LEVEL[label]


def extract_education(doc: Doc) -> list[Candidate]:
    """One candidate per diploma named, valued with its EQF level."""
    try:
        return _extract(doc.text)
    except (re.error, ValueError, KeyError, IndexError):
        return []


def _extract(text: str) -> list[Candidate]:
    groups = _groups(text)
    if groups.get("none"):
        return []
    degrees = groups.get("degree")
    if not degrees:  # nothing to qualify
        return []
    offered = [m.start() for _, m in groups.get("offered", [])]
    unknown = [m for _, m in groups.get("unknown_school", [])]
    out: list[Candidate] = []
    end = -1
    for label, m in degrees:
        if m.start() < end:  # inside a longer diploma already read ("Bac+3 à Bac+5")
            continue
        level = _level(label, m)
        lo, hi = _sentence(text, m.start(), m.end())
        if any(lo <= p < hi for p in offered):
            continue
        if label == "school" and _with_unknown_school(m, unknown):
            continue
        end = m.end()
        out.append(Candidate("education.min_eqf_level", level, m.span(), m.group(),
                             f"education.{label}", 0.8))
    return out


def _with_unknown_school(m: re.Match[str], unknown: list[re.Match[str]]) -> bool:
    """Whether the school at ``m`` is one option of a list holding a school of no level."""
    for u in unknown:
        if m.start() <= u.start() < m.end():
            continue
        # Options are listed close together ("école de commerce, d'ingénieurs ou université").
        if abs(u.start() - m.end()) < 60 or abs(m.start() - u.end()) < 60:
            return True
    return False


def resolve_education(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """The lowest level named: a posting listing several diplomas accepts the lowest.

    Structured hints (France Travail "formations") replace the text when present.
    """
    hints = [c for c in cands if c.rule.startswith("hint.")]
    pool = hints or cands
    if not pool:
        return
    low = min(int(c.value) for c in pool)
    kept = [c for c in ranked(pool) if int(c.value) == low]
    for c in cands:
        if c not in kept:
            why = "a structured field gives the level" if hints and c not in hints else f"level {low} is also accepted"
            trace.reject(c, f"education.min_eqf_level: {c.text.strip()!r} ({c.value}): {why}")
    rec.education.min_eqf_level = low
    trace.use("education.min_eqf_level", *kept)
