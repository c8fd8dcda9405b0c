"""Contract type, duration in months and renewability.

Type words are the ``types`` of ``vocab/*/contract.yaml``, found in one scan of the text
(:mod:`jobsieve.match`). How much a mention says about the posting's own contract is scored by
where it stands:

1. on a labelled line ("Type de contrat : CDI", "Job Type: 6 Month Contract"): 0.95;
2. on a tag line of the board header ("Short-term contract", "CDD - Nantes (44)"): 0.85;
3. elsewhere: the form's own score (0.75 unless the vocabulary says otherwise; words
   that alone say little, such as English "temporary", score under the 0.5 floor and
   only count when labelled or in the header).

Mentions are dropped when they stand in a list of alternatives ("agence de recrutement
CDI, CDD et intérim": what an agency offers, not this job) or in a context the vocabulary
marks as something else (``not_contract``: "stage de formation", "apprentissage
automatique", "approved internship"). Renewability ("renouvelable", "possibility of
extension") is read near contract words only.

Durations hang on a contract word ("CDD de 12 mois", "6 Month Contract") or a duration
label ("Durée de la mission : 2 ans"); a number of months with neither ("Expérience :
4 mois", "sur 13 mois") is not a contract length. Durations in days or weeks are not a
whole number of months and give none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import match, vocab
from ..doc import Candidate, Doc, Trace
from ..model import Record
from ..resolve import pick
from . import context as cx
from . import number_starts as numstarts

KEYS = tuple("contract.type contract.duration_months contract.renewable".split())

DEFAULT_SCORE = 0.75
LABELLED = 0.95
HEADER = 0.85
MIN_SCORE = 0.5
MAX_MONTHS = 120


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    joiners = "|".join(re.escape(j) if not j.isalpha() else j
                       for lang in vocab.LANGS
                       for j in vocab.load(lang, "contract").get("list_joiners", []))
    sub = lambda s: match.subsection("contract", "duration", s)  # noqa: E731
    num = cx.number_pattern()

    def unit(i: str) -> str:
        return rf"(?P<u{i}>(?P<mo{i}>{sub('months')})|{sub('years')}){match.END}"

    paren = r"(?:\([^)\n]{1,15}\)\s*)?"
    return {
        "label": re.compile(match.START + rf"(?:{match.alternation(match.section('contract', 'labels'))})"
                            r"\s*[:：\-–|]\s*(?:(?:un|une|a|an)\s+)?\Z", re.I),
        "joiner": re.compile(rf"\s*(?:{joiners})\s*(?:(?:un|une|a|an|en|le|la)\s+)?", re.I),
        # A duration read forwards from a carrier or label at its start: "CDD de 12 mois",
        # "Contrat à durée déterminée (CDD) de 12 mois", "Durée de la mission : 2 ans",
        # "pour une durée de 1 an", "DURATION OF THE MISSION1 year".
        "after": re.compile(
            rf"(?:{sub('carriers')}){match.END}\s*{paren}(?:(?:{sub('connectors')})\s*)?"
            rf"(?P<n1>{num})\s*[- ]?{unit('1')}"
            rf"|(?:{sub('labels')}){match.END}(?:\s+[^\W\d_]+){{0,2}}?\s*[:\-–]?\s*"
            rf"(?P<n3>{num})\s*{unit('3')}",
            re.I),
        # A duration written before its carrier: "6 Month Contract", "6 mois de stage".
        "before": re.compile(
            rf"(?<![\w.,])(?P<n2>{num})[- ]?{unit('2')}[ \t]*(?:(?:de|d['’]|of)[ \t]*)?[- ]?\Z", re.I),
    }


# How every label match ends: most mentions have no such ending before them, and this
# pattern (opening with a character class, which the engine skips to) says so quickly.
_LABEL_TAIL = re.compile(r"[:：\-–|]\s*(?:(?:un|une|a|an)\s+)?\Z", re.I)


def _label_line(doc: Doc, pos: int) -> bool:
    """Whether the text just before ``pos`` on its line is a contract label."""
    lo = max(cx.line_start(doc.text, pos), pos - 60)
    if _LABEL_TAIL.search(doc.text, lo, pos) is None:
        return False
    return _patterns()["label"].search(doc.text, lo, pos) is not None


def _in_lists(text: str, hits: list[match.Hit]) -> set[int]:
    """Indexes of type mentions that stand in a list of alternatives ("CDI, CDD et intérim").

    A mention with a number in it ("Temporary, 6 month contract") describes this job's
    contract rather than offering an alternative, and so does what stands next to it."""
    joiner = _patterns()["joiner"]
    out: set[int] = set()
    for i in range(1, len(hits)):
        a, b = hits[i - 1], hits[i]
        if _has_digit(a.text) or _has_digit(b.text):
            continue
        if joiner.fullmatch(text, a.end, b.start):
            out.update((i - 1, i))
    return out


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def _types(doc: Doc, hits: list[match.Hit], vetoed: list[tuple[int, int]], head: int) -> list[Candidate]:
    listed = _in_lists(doc.text, hits)
    out = []
    for i, h in enumerate(hits):
        if i in listed or cx.overlaps(h.span, vetoed):
            continue
        form = h.form
        score, where = form.score if form.score is not None else DEFAULT_SCORE, "text"
        if _label_line(doc, h.start):
            score, where = max(score, LABELLED), "labelled"
        elif cx.in_header_tag(doc, h.start, head):
            score, where = max(score, HEADER), "header"
        if score < MIN_SCORE:
            continue
        out.append(Candidate("contract.type", form.label, h.span, h.text,
                             f"contract.{where}.{form.label}", score))
    return out


def _duration(doc: Doc, span: tuple[int, int], n: str, months_unit: bool, rule: str,
              score: float) -> Candidate | None:
    value = cx.parse_number(n)
    if value is None:
        return None
    months = value if months_unit else value * 12
    if not 0 < months <= MAX_MONTHS or months != int(months):
        return None
    if _label_line(doc, span[0]):
        score = LABELLED
    return Candidate("contract.duration_months", float(months), span, doc.text[span[0]:span[1]],
                     f"contract.duration.{rule}", score)


@lru_cache(maxsize=1)
def _junction_parts() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]] | None:
    """What a number followed by a unit reads as in folded text: the unit heads, the number
    words, and what blanks and hyphens fold to (None: the unit heads are unknown)."""
    sub = lambda s: match.subsection("contract", "duration", s)  # noqa: E731
    heads = match.literal_heads(match.fold_pattern(f"{sub('months')}|{sub('years')}"), 2)
    if heads is None:
        return None
    seps = frozenset(match.fold(chr(i)) for i in range(0x3001) if chr(i).isspace()) | {"-", " "}
    return tuple(heads), tuple(sorted({match.fold(w) for w in cx.number_words()})), seps


def _junctions(low: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """``(number end, unit head end)`` of each place of ``low[a:b]`` (folded text) where a
    number (digits or a number word, even glued to a word) may be followed, past blanks
    and hyphens, by a unit: what every duration the patterns read holds (None: unknown)."""
    parts = _junction_parts()
    if parts is None:
        return None
    heads, words, seps = parts
    out = []
    for u in heads:
        j = low.find(u, a, b)
        while j >= 0:
            k = j
            while k > a and low[k - 1] in seps:
                k -= 1
            if k > a and (low[k - 1] in "0123456789" or low.endswith(words, a, k)):
                out.append((k, j + len(u)))
            j = low.find(u, j + 1, b)
    return out


def _durations(doc: Doc, hits: list[match.Hit], vetoed: list[tuple[int, int]]) -> list[Candidate]:
    """Durations hanging on a carrier word or a label (the hits), read from there."""
    p, text = _patterns(), doc.text
    # The two patterns cost tens of microseconds a try, and most carriers ("mission",
    # "contract") have no number followed by a unit near them: a few str.find calls on
    # the folded text say so first. Must stay a necessary condition of each pattern's
    # match: folding keeps digits and number words where they are (accents and case off),
    # except for the few letters a case-insensitive regex matches across alphabets (then
    # every carrier is tried).
    low = doc.scan.low
    odd = numstarts.odd_cases(text, 0, len(text))
    out = []
    for h in hits:
        lo, hi = max(0, h.start - 30), min(len(text), h.end + 60)
        # A number read forwards starts after the carrier's start; one read backwards
        # ends, with its unit, before it (only carriers are read backwards).
        carrier = h.form.group == "duration.carriers"
        found = None if odd else _junctions(low, lo if carrier else h.start, hi)
        after = found is None or any(k > h.start for k, _ in found)
        before = carrier and (found is None or any(e <= h.start for _, e in found))
        if not (after or before) or not numstarts.has_number(text, lo, hi):
            continue
        m = p["after"].match(text, h.start, hi) if after else None
        if m is not None and not cx.overlaps(m.span(), vetoed):
            i = "1" if m.group("n1") else "3"
            c = _duration(doc, m.span(), m.group(f"n{i}"), m.group(f"mo{i}") is not None,
                          "carrier" if i == "1" else "labelled", 0.8 if i == "1" else 0.9)
            if c is not None:
                out.append(c)
                continue
        b = p["before"].search(text, lo, h.start) if before else None
        if b is not None and not cx.overlaps((b.start(), h.end), vetoed):
            c = _duration(doc, (b.start(), h.end), b.group("n2"), b.group("mo2") is not None,
                          "carrier", 0.8)
            if c is not None:
                out.append(c)
    return out


def _near(hits: list[match.Hit], anchors: list[match.Hit], before: int, after: int) -> list[match.Hit]:
    """The hits that stand near one of ``anchors`` (what they qualify is nearby)."""
    return [h for h in hits
            if any(a.start - before <= h.start and h.end <= a.end + after for a in anchors)]


def extract_contract(doc: Doc) -> list[Candidate]:
    """Candidates for the contract type, its duration and renewability in ``doc.text``."""
    groups: dict[str, list[match.Hit]] = {}
    for h in match.matcher("contract", "types", "duration.carriers", "duration.labels",
                        "not_contract", "renewable").finditer(doc.text, doc.lang):
        groups.setdefault(h.form.group, []).append(h)
    types = groups.get("types", [])
    carriers = groups.get("duration.carriers", []) + groups.get("duration.labels", [])
    vetoed = [h.span for h in groups.get("not_contract", [])]
    renewable = [Candidate("contract.renewable", True, h.span, h.text, "contract.renewable", 0.8)
                 for h in _near(groups.get("renewable", []), types + carriers, 60, 160)]
    return (_types(doc, types, vetoed, cx.header_end(doc))
            + _durations(doc, carriers, vetoed) + renewable)


def resolve_contract(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the contract values and write them into ``rec``.

    A permanent contract has no duration: durations found next to one are rejected.
    """
    by_key: dict[str, list[Candidate]] = {k: [] for k in KEYS}
    for c in cands:
        if c.key in by_key:
            by_key[c.key].append(c)
    best = pick(by_key["contract.type"], trace, "contract.type")
    rec.contract.type = best.value if best else None
    durations = by_key["contract.duration_months"]
    if rec.contract.type == "permanent":
        for c in durations:
            trace.reject(c, "contract.duration_months: a permanent contract has no duration")
        durations = []
    best = pick(durations, trace, "contract.duration_months")
    rec.contract.duration_months = best.value if best else None
    best = pick(by_key["contract.renewable"], trace, "contract.renewable")
    rec.contract.renewable = best.value if best else None
