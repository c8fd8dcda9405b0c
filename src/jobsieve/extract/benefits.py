"""Extractor and resolver for ``benefits``: what the posting offers besides the salary.

Kinds are data (``vocab/<lang>/benefits.yaml``, labels ``kind.<k>``): meal vouchers,
RTT days, paid leave, transport, health insurance, bonus, profit sharing, pension,
training, remote allowance, car, phone, laptop, gym, childcare...

Each mention reads the stretch of text that belongs to it: from the previous mention (or
the start of its sentence) to the next one (or the end of its sentence), so that in
"Mutuelle, Tickets Restaurant (valeur de 8€, prise en charge à 60%), CSE" the 8 € and the
60 % go to the meal vouchers. In that stretch:

- ``amount`` is money for the kinds paid as money (a meal voucher's face value, a remote
  allowance) and a number of days for leave (``rtt_days``, ``paid_leave``; weeks count
  five days);
- ``employer_share`` is the percentage next to words saying the employer pays it
  ("pris en charge à 60 %", "employer contribution: 60%"), or 1.0 when it is free
  ("mutuelle gratuite", "paid in full").

The benefits are looked for in the posting's conditions sections when it has some, else in
the whole text. The resolver keeps one benefit per kind, in order of first mention,
merging what several mentions of a kind say (the first amount and share found win).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Hit, lexicon
from ..model import Benefit, Record, Span
from .money import NUMBER, find_money, parse_number

KEYS = ("benefits",)
VOCAB = "benefits"

# What a kind's amount counts; kinds not listed have no amount.
AMOUNT_IS = {
    "meal_voucher": "money", "meal_allowance": "money", "remote_allowance": "money",
    "transport": "money", "gym": "money", "rtt_days": "days", "paid_leave": "days",
}
# Kinds the employer may pay a share of (a bonus or a day off has no "employer share").
SHARE_KINDS = frozenset({
    "meal_voucher", "meal_allowance", "canteen", "transport", "health_insurance",
    "life_insurance", "pension", "savings_plan", "gym", "childcare",
})
# Believable money amounts per kind (a meal voucher is not 2,000 €).
MONEY_RANGE = {"meal_voucher": (1.0, 40.0), "meal_allowance": (1.0, 60.0)}

# A clause end: "[.!?](?=\s)|[•·▪●■◦|;\n]", written to open with one character class so
# that the engine skips the other characters in C (an opening alternation is tried whole
# at every character).
_CLAUSE_END = re.compile(r"[.!?•·▪●■◦|;\n](?:(?<![.!?])|(?=\s))")
# The same, read in a reversed stretch (the white space after "." comes before it there):
# the first match of the reversed text before a place is the last clause end before it,
# found in one forward search instead of backing off character by character.
_CLAUSE_END_BACK = re.compile(r"[.!?•·▪●■◦|;\n](?:(?<![.!?])|(?<=\s.))")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?) ?%")


@lru_cache(maxsize=1)
def _list_sep() -> re.Pattern[str]:
    """Punctuation or a word between two items of a list."""
    words = "|".join(f"(?:{f})" for f in vocab.merged(VOCAB).get("separator", []))
    return re.compile(rf"[,;()]|\s(?:{words})\s", re.I)


def _clause(text: str, start: int, end: int) -> Span:
    """The sentence or list item holding ``text[start:end]`` (within 300 characters)."""
    lo = max(0, start - 300)
    cut = _CLAUSE_END_BACK.search(text[lo:start][::-1])
    s = start - cut.start() if cut is not None else lo
    stop = _CLAUSE_END.search(text, end, min(len(text), end + 300))
    return s, (stop.start() if stop else min(len(text), end + 300))


def _nearest(items: list[tuple[Span, object]], hit: Hit) -> tuple[Span, object] | None:
    def dist(span: Span) -> int:
        return hit.start - span[1] if span[1] <= hit.start else max(0, span[0] - hit.end)
    return min(items, key=lambda it: dist(it[0]), default=None)


def _money_amount(text: str, seg: Span, hit: Hit, kind: str) -> tuple[float, Span] | None:
    found = [m for m in find_money(text[seg[0]:seg[1]]) if not m.big and m.high is None]
    items = [((seg[0] + m.span[0], seg[0] + m.span[1]), m.low.value) for m in found]
    lo, hi = MONEY_RANGE.get(kind, (1.0, 100000.0))
    items = [it for it in items if lo <= it[1] <= hi]
    best = _nearest(items, hit)
    return (best[1], best[0]) if best else None


def _days_amount(text: str, seg: Span, hit: Hit) -> tuple[float, Span] | None:
    units = lexicon(VOCAB, "unit")
    items = []
    for m in NUMBER.finditer(text, seg[0], seg[1]):
        if hit.start <= m.start() < hit.end:
            continue
        value = parse_number(m.group())
        if value is None or value > 60:
            continue
        unit = units.match(text, m.end(), 12)
        # A count counts when a day/week unit or the benefit itself follows it ("22 RTT").
        if unit is not None:
            value *= 5 if unit.kind == "weeks" else 1
        elif not (m.end() <= hit.start and len(text[m.end():hit.start].strip(" «»\"'")) == 0):
            continue
        items.append(((m.start(), m.end()), value))
    best = _nearest(items, hit)
    return (best[1], best[0]) if best else None


def _share(text: str, seg: Span, hit: Hit) -> tuple[float, Span] | None:
    words = lexicon(VOCAB, "share").find(text, seg[0], seg[1], glued=False)
    if not words:
        return None
    kinds = [w.kind for w in words]
    # Percentages count only next to a word saying the employer pays (read them then only).
    if "employer" in kinds:
        pcts = [((m.start(), m.end()), float(m.group(1).replace(",", ".")) / 100)
                for m in _PERCENT.finditer(text, seg[0], seg[1])]
        pcts = [p for p in pcts if 0 < p[1] <= 1]
        best = _nearest(pcts, hit)
        if best:
            return best[1], best[0]
    # "free" says it of the benefit it follows ("mutuelle gratuite", "paid in full") or
    # directly precedes ("free gym membership").
    for w, kind in zip(words, kinds):
        if kind == "full" and (hit.end <= w.start <= hit.end + 40 or 0 <= hit.start - w.end <= 2):
            return 1.0, (w.start, w.end)
    return None


def _region(doc: Doc) -> list[Span]:
    spans = [(s.start, s.end) for s in doc.sections if s.kind == "conditions"]
    return spans or [(0, len(doc.text))]


def extract_benefits(doc: Doc) -> list[Candidate]:
    """Candidates for ``benefits``: one per mention of a kind, with amount and employer share."""
    try:
        return _extract(doc)
    except Exception:  # an odd posting never stops the parse
        return []


def _extract(doc: Doc) -> list[Candidate]:
    text = doc.text
    kinds = lexicon(VOCAB, "kind")
    hits: list[Hit] = []
    for s, e in _region(doc):
        hits += kinds.find(text, s, e, glued=False)
    out: list[Candidate] = []
    if not hits:
        return out
    negation, list_sep = lexicon(VOCAB, "negation"), _list_sep()
    for i, hit in enumerate(hits):
        if negation.ends_before(text, hit.start):
            continue
        kind = hit.kind
        c0, c1 = _clause(text, hit.start, hit.end)
        prev_end = hits[i - 1].end if i and hits[i - 1].end > c0 else c0
        next_start = hits[i + 1].start if i + 1 < len(hits) and hits[i + 1].start < c1 else c1
        # Before the mention, its stretch starts after the last list separator: in
        # "Tickets (8€, 60 %), CSE" the 60 % is not the CSE's.
        lead = max(c0, prev_end)
        for sep in list_sep.finditer(text, lead, hit.start):
            lead = sep.end()
        seg = (lead, min(c1, next_start))
        amount = None
        spans: list[Span] = []
        how = AMOUNT_IS.get(kind)
        if how == "money":
            amount = _money_amount(text, seg, hit, kind)
        elif how == "days":
            amount = _days_amount(text, seg, hit)
        share = _share(text, seg, hit) if kind in SHARE_KINDS else None
        if amount:
            spans.append(amount[1])
        if share:
            spans.append(share[1])
        value = Benefit(kind=kind, amount=amount[0] if amount else None,
                        employer_share=round(share[0], 4) if share else None)
        if value.amount is not None and value.amount == int(value.amount) and how == "days":
            value.amount = int(value.amount)
        out.append(Candidate("benefits", value, (hit.start, hit.end), hit.text,
                             f"benefits.{kind}", 0.5 + 0.2 * bool(amount) + 0.2 * bool(share),
                             tuple(sorted(spans))))
    return out


def resolve_benefits(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """One benefit per kind, in order of first mention, each mention adding what it knows."""
    by_kind: dict[str, list[Candidate]] = {}
    for c in sorted((c for c in cands if c.key == "benefits" and isinstance(c.value, Benefit)),
                    key=lambda c: (not c.rule.startswith("hint."), c.span[0])):
        by_kind.setdefault(c.value.kind, []).append(c)
    out: list[Benefit] = []
    for kind, group in by_kind.items():
        merged = Benefit(kind=kind)
        used = []
        for c in group:
            took = not used
            if merged.amount is None and c.value.amount is not None:
                merged.amount, took = c.value.amount, True
            if merged.employer_share is None and c.value.employer_share is not None:
                merged.employer_share, took = c.value.employer_share, True
            if took:
                used.append(c)
            elif c.value.amount not in (None, merged.amount) or \
                    c.value.employer_share not in (None, merged.employer_share):
                trace.reject(c, f"benefits: {kind} already read as {merged}")
        trace.use(f"benefits[{len(out)}]", *used)
        out.append(merged)
    rec.benefits = out
