"""Extractor and resolver for ``salary``: amounts, ranges, period, currency, payments a year.

Extraction (:func:`extract_salary`) looks at every amount :mod:`.money` finds and reads
the words around it (``vocab/<lang>/salary.yaml``):

- the nearest pay word before it on its line decides what it is: a salary label
  ("Salaire :", "Salary", "Pay", "Rémunération") makes it a candidate, an extra (meal
  vouchers, bonuses, allowances, reimbursements, business figures) drops it, and so does
  a "+" right before it (paid on top) or an extra named right after it ("$2000 stipend");
- a label may sit alone on the line above (a heading, "... in the range below");
- an amount with no label needs a written period or a K ("$25/hr", "30 à 45 K€"), so that
  stray prices and "401K" plans are not taken for pay;
- the period is the one written next to it ("brut/mois", "per hour", "annuel", "TJM");
  unwritten, a K figure or one of 10,000 and more is yearly, one under 150 hourly, one
  from 500 to 10,000 monthly, and in between it stays unknown; a K figure with neither
  label nor period counts only between 8,000 and 400,000 ("500K€" is a business figure);
- "à partir de"/"from"/"starting at"/"+" keep only the minimum, "jusqu'à"/"up to" only
  the maximum;
- the currency is the one written, else the one the posting's other amounts use, else EUR
  for a French posting ("36K"), else unknown;
- "13e mois", "sur 13 mois", "13th month" anywhere give the payments a year, as their own
  candidates (a posting may state them with no amount).

Scores: 0.4, +0.4 for a label on the line (+0.3 on the line above), +0.15 for a written
period, +0.05 each for gross/net and a written currency, -0.3 inside parentheses (asides
and conversions: "(13,97 EUR brut/heure)", "(earn $150,000+ annually)").

Resolution (:func:`resolve_salary`), refining :mod:`jobsieve.resolve`:

1. an amount implausible for its period (3.50 a month) loses to any plausible one and is
   never used alone; then hints, score, position;
2. the candidates that agree with the winner (same values within rounding, or the same
   yearly amount) are its evidence, and the most precise of them gives the values
   ("2118,23" over a listing's "2118,00");
3. a disagreeing candidate that stated a label or a period is reported in a warning;
4. payments a year: the largest count stated (13e mois, sur 14 mois), else 12, for a
   monthly or yearly amount; with no amount, a stated count above 12 is kept alone;
5. yearly amounts: month x payments; a year figure as written; hourly, daily and weekly
   pay has no payments or yearly amount (hours worked a year are not stated).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import LITERALS, Hit, Lexicon, fold, lexicon, literal_prefix
from ..model import Record, Salary, Span
from .context import digit_runs
from .money import Amount, Money, find_money, scan_amounts

KEYS = ("salary",)
VOCAB = "salary"

# Lowest and highest amounts believable for each period, whatever the currency.
PLAUSIBLE = {
    "hour": (3.0, 1000.0), "day": (20.0, 5000.0), "week": (100.0, 20000.0),
    "month": (300.0, 30000.0), "year": (1000.0, 5_000_000.0),
}
# A K figure with neither label nor period is taken for yearly pay only in this range.
YEARLY_UNLABELLED = (8000.0, 400000.0)
EXPLICIT = 0.55
"""Score of a candidate that stated a label or a period outside parentheses."""

_WINDOW = 80
_LONG = 2000
"""From this length on a text is a whole posting, read through its scan."""
_SENTENCE = re.compile(r"[.!?](?=\s)|[•·▪●■◦|]")
# The last sentence end of a stretch in one call: ".*" runs to the end and backs off to it.
_LAST_SENTENCE = re.compile(rf"(?s:.*)(?:{_SENTENCE.pattern})")
_SUFFIX_END = re.compile(r"[.!?](?=\s)|[•·▪●■◦|;]| - ")
_BULLETS = " \t*-•·▪●■◦:>#_"
_DIGITS = re.compile(r"\d+")
_BREAK_OR_DIGIT = re.compile(r"[.;!?]\s|\d")


@lru_cache(maxsize=1)
def _ordinal_hints() -> tuple[str, ...]:
    """Cheap substrings (case kept by dropping the first letter) that an ordinal written
    in words holds, to skip the search for them in most postings."""
    forms = [f for label, fs in vocab.merged(VOCAB).items() if label.startswith("ordinal.") for f in fs]
    return tuple(sorted({literal_prefix(f.lower())[0][1:] for f in forms} - {""}))


@lru_cache(maxsize=1)
def _link() -> re.Pattern[str]:
    """What may stand between an amount (or its period) and an extra named right after it."""
    forms = "|".join(f"(?:{f})" for f in vocab.merged(VOCAB).get("link", []))
    return re.compile(rf"\s*(?:(?:{forms})\s*)?", re.I)


def _context() -> Lexicon:
    return lexicon(VOCAB, "label", "extra", "qualifier", "period", "gross", "net")


_FAMILIES = (
    ("label", "extra", "qualifier", "period", "gross", "net"), ("period", "gross", "net"),
    ("label", "gross", "period"), ("label",), ("extra",), ("qualifier_after",), ("range",),
    ("count_unit",), ("payments",), ("ordinal",), ("negation",), ("multiplier", "currency"),
)


@lru_cache(maxsize=1)
def _prepare() -> None:
    """Build every vocabulary this module reads, on the first posting: some are needed by
    few postings, and compiling one then costs as much as reading dozens of postings."""
    for families in _FAMILIES:
        lexicon(VOCAB, *families)
    _link()
    _ordinal_literals()


def _payments_count(text: str) -> int | None:
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group())
    words = lexicon(VOCAB, "ordinal").find(text, glued=False)
    return int(words[0].kind) if words else None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (len(text) if le < 0 else le)


def _previous_line(text: str, line_start: int) -> tuple[int, int]:
    """Span of the last non-blank line before ``line_start`` (within two lines)."""
    pos = line_start - 1
    for _ in range(3):
        if pos <= 0:
            return 0, 0
        s = text.rfind("\n", 0, pos) + 1
        if text[s:pos].strip():
            return s, pos
        pos = s - 1
    return 0, 0


def _default_currency(doc: Doc, found: list[Money]) -> str | None:
    """The currency the posting's amounts use most, else EUR in French, else unknown."""
    counts = Counter(m.currency for m in found if m.currency)
    if counts:
        return counts.most_common(1)[0][0]
    return "EUR" if doc.lang == "fr" else None


def _infer_period(value: float, thousands: bool) -> str | None:
    if thousands or value >= 10000:
        return "year"
    if value < 150:
        return "hour"
    if value >= 500:
        return "month"
    return None


@dataclass(slots=True)
class _Context:
    """What the words around one amount say about it."""

    labelled: bool = False
    above: bool = False
    """The label is alone on the line above ("Pay range" heading)."""
    label_at: int | None = None
    period: tuple[str, Span] | None = None
    gross: tuple[str, Span] | None = None
    """("gross" or "net", span)."""
    qualifier: str | None = None
    """"min" (à partir de, from, +) or "max" (jusqu'à, up to)."""
    paren: bool = False
    end: int = 0
    """Where the words read after the amount stop."""


def _read_before(text: str, money: Money, lo_bound: int) -> _Context | None:
    """Label, period, brut/gross and qualifier written before the amount; None when the
    nearest pay word says it is not the salary."""
    start = money.span[0]
    line_start = text.rfind("\n", 0, start) + 1
    p0 = max(line_start, lo_bound, start - _WINDOW)
    cut = _LAST_SENTENCE.match(text, p0, start)
    if cut is not None:
        p0 = cut.end()
    prefix = text[p0:start]
    head = text[max(line_start, start - 200):start]
    ctx = _Context(paren=head.count("(") > head.count(")"))
    hits = _context().find(text, p0, start)
    for h in reversed(hits):
        if h.family == "extra":
            return None
        if h.family == "label":
            ctx.labelled, ctx.label_at = True, h.start
            break
    if prefix.rstrip().endswith("+"):
        return None  # paid on top of something else
    if not prefix.strip(_BULLETS):
        a0, a1 = _previous_line(text, line_start)
        if a1 > a0 and a1 - a0 < 300:
            families = {h.family for h in _context().find(text, a0, a1)}
            if "label" in families:
                ctx.labelled = ctx.above = True
            elif "extra" in families:
                return None
    since = ctx.label_at - 30 if ctx.label_at is not None else start - 12
    for h in hits:
        if h.family == "period":
            # "/h" before an amount is "H/F", not a period; without a label only a period
            # written right before the amount counts ("Mensuel de 1801.80 Euros").
            if h.start >= since and text[h.start] != "/":
                ctx.period = (h.kind, (h.start, h.end))
        elif h.family in ("gross", "net") and h.start >= since:
            ctx.gross = (h.family, (h.start, h.end))
        elif h.family == "qualifier" and not text[h.end:start].strip(" :"):
            ctx.qualifier = h.kind
    return ctx


def _read_after(text: str, money: Money, hi_bound: int, ctx: _Context) -> _Context | None:
    """Period, brut/gross and qualifier written after the amount; None when an extra is
    named right after it ("$2000 stipend", "238 € de prime")."""
    end = money.span[1]
    line_end = text.find("\n", end)
    s1 = min(len(text) if line_end < 0 else line_end, hi_bound, end + 60)
    stop = _SUFFIX_END.search(text, end, s1)
    ctx.end = stop.start() if stop else s1
    if money.high is None:
        after = lexicon(VOCAB, "qualifier_after").match(text, end, 12)
        # "$150,000+" is a floor; "42K€ + variable" adds something else.
        if after is not None and (text[after.start] != "+" or after.start == end):
            ctx.qualifier = after.kind
    gap_from = end
    for h in _context().find(text, end, ctx.end):
        if h.family == "extra" and _link().fullmatch(text, gap_from, h.start):
            return None
        if h.start - end > 30:
            break
        if h.family in ("period", "gross", "net"):
            gap_from = h.end
        if h.family == "period" and (ctx.period is None or ctx.period[1][0] < money.span[0]):
            ctx.period = (h.kind, (h.start, h.end))
        elif h.family in ("gross", "net"):
            ctx.gross = (h.family, (h.start, h.end))
    return ctx


def _candidate(doc: Doc, money: Money, lo_bound: int, hi_bound: int, currency: str | None,
               pays: list[Candidate], *, bare: bool = False) -> Candidate | None:
    """The salary candidate for one amount, or None when its context says it is not pay."""
    text = doc.text
    start, end = money.span
    if money.big:
        return None
    extra_here = lexicon(VOCAB, "extra").match(text, start, end - start + 4)
    if extra_here is not None and extra_here.end >= end:  # "401K" is a pension plan
        return None
    ctx = _read_before(text, money, lo_bound)
    ctx = _read_after(text, money, hi_bound, ctx) if ctx is not None else None
    if ctx is None:
        return None
    if not ctx.labelled and ctx.period is None and not money.thousands:
        return None
    if bare and ctx.period is None and ctx.gross is None:
        return None
    if money.currency is None and not ctx.labelled and text[end:min(end + 2, ctx.end)].strip()[:1].isalpha() \
            and _context().match(text, end, 16) is None:
        return None  # "10K utilisateurs", "5k followers": a count

    lo = money.low.value
    hi = money.high.value if money.high else lo
    if money.high is None and ctx.qualifier == "min":
        hi = None
    elif money.high is None and ctx.qualifier == "max":
        lo = None
    top = hi if hi is not None else lo
    if not ctx.labelled and ctx.period is None and not YEARLY_UNLABELLED[0] <= top <= YEARLY_UNLABELLED[1]:
        return None  # a bare "500K€" with no label or period is more likely a business figure
    spans: list[Span] = []
    payments = None
    for c in pays:  # "sur 13 mois" written with the amount or between its label and it
        if (ctx.label_at is not None and ctx.label_at <= c.span[0] < start) or end <= c.span[0] < ctx.end:
            spans.append(c.span)
            payments = c.value.payments_per_year
    per = ctx.period[0] if ctx.period else _infer_period(top, money.thousands)
    value = Salary(currency=money.currency or currency, period=per, min=lo, max=hi,
                   payments_per_year=payments)

    score, how = 0.4, "bare"
    if ctx.labelled:
        score += 0.3 if ctx.above else 0.4
        how = "label_above" if ctx.above else "label"
    elif ctx.period:
        how = "period"
    elif money.thousands:
        how = "thousands"
    if ctx.period:
        score += 0.15
        spans.append(ctx.period[1])
    if ctx.gross:
        score += 0.05
        spans.append(ctx.gross[1])
    if money.currency:
        score += 0.05
    if ctx.paren:
        score -= 0.3
        how += ".paren"
    if ctx.gross and ctx.gross[0] == "net":
        how += ".net"
    spans = sorted({s for s in spans if s != (start, end)})
    return Candidate("salary", value, (start, end), text[start:end], f"salary.{how}",
                     round(max(0.05, min(1.0, score)), 2), tuple(spans))


def _bare_labelled(doc: Doc, amounts: list[Amount], found: list[Money]) -> list[Money]:
    """Amounts with no currency or K after a salary label ("Salaire : 1900 brut/mois").

    Only numbers followed by a period or brut/gross are looked at, so few labels are
    searched for.
    """
    text = doc.text
    out = []
    taken = [m.span for m in found]
    after = lexicon(VOCAB, "period", "gross", "net")
    for i, a in enumerate(amounts):
        # Pay written without a currency is a sizeable figure (days, hours, ages are not).
        if a.marked or a.value < 100 or any(s <= a.start < e for s, e in taken):
            continue
        high = None
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if b is not None and not b.marked and b.start - a.end <= 12:
            hit = lexicon(VOCAB, "range").match(text, a.end, 12)
            if hit is not None and not text[hit.end:b.start].strip() and a.value <= b.value <= 4 * a.value:
                high = b
        last = high or a
        if not after.could_match(text, last.end) or lexicon(VOCAB, "count_unit").match(text, last.end, 16):
            continue  # "sur 13 mois", "35 h": a count, not money
        if after.match(text, last.end, 16) is None:
            continue
        ls = text.rfind("\n", 0, a.start) + 1
        p0 = max(ls, a.start - 40)
        labels = [h for h in lexicon(VOCAB, "label").find(text, p0, a.start)]
        if not labels or _BREAK_OR_DIGIT.search(text, labels[-1].end, a.start):
            continue
        out.append(Money(a, high, (a.start, last.end)))
    return out


def _payment_candidates(doc: Doc, found: list[Money]) -> list[Candidate]:
    text = doc.text
    out = []
    hits: list[Hit] = []
    # Payment counts hold "12".."16" or an ordinal word: look only around those.
    pay = lexicon(VOCAB, "payments")
    for a, b in _pay_numbers(text):
        hits += pay.find(text, max(0, a - 16), min(len(text), b + 16), glued=False)
    if _may_hold_ordinal(doc) and any(w in text for w in _ordinal_hints()):
        hits += [h for h in pay.find(text, glued=False) if not text[h.start].isdigit()]
    for h in sorted(set(hits), key=lambda h: h.start):
        n = _payments_count(text[h.start:h.end])
        if n is None or n < 12:
            continue
        if lexicon(VOCAB, "negation").ends_before(text, h.start):
            continue
        phrase = text[h.start:h.end]
        if h.kind == "spread":
            # "sur 13 mois" counts on a line about pay, not in "CDD sur 13 mois"
            ls, le = _line_bounds(text, h.start, h.end)
            if not any(ls <= s.span[0] < le for s in found) and not lexicon(
                    VOCAB, "label", "gross", "period").find(text, max(ls, h.start - 80), min(le, h.end + 80)):
                continue
        out.append(Candidate("salary", Salary(payments_per_year=n), (h.start, h.end), phrase,
                             "salary.payments", 0.5))
    return out


_PAY_NUMBER = re.compile(r"1(?<![0-9]1)[2-6](?![0-9])")


def _pay_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of "12".."16" written alone (what :data:`_PAY_NUMBER` finds); in a whole
    posting, read from its runs of digits (listed once) rather than by a search."""
    if len(text) < _LONG:
        return [m.span() for m in _PAY_NUMBER.finditer(text)]
    return [(a, b) for a, b in digit_runs(text) if b - a == 2 and text[a] == "1" and text[a + 1] in "23456"]


@lru_cache(maxsize=1)
def _ordinal_literals() -> tuple[int, ...]:
    return tuple(LITERALS.add(fold(w)) for w in _ordinal_hints())


def _may_hold_ordinal(doc: Doc) -> bool:
    """Whether one of :func:`_ordinal_hints` may occur: in a whole posting the scan says
    (a hint in the text is one in its folded copy), sparing a search of the text each."""
    if len(doc.text) < _LONG:
        return True
    hits = doc.scan.hits()
    return any(lid in hits for lid in _ordinal_literals())


def extract_salary(doc: Doc) -> list[Candidate]:
    """Candidates for ``salary``: one per amount that reads as the posting's pay, and one per
    stated number of payments a year."""
    try:
        return _extract(doc)
    except Exception:  # an odd posting never stops the parse
        return []


def _extract(doc: Doc, stated: bool = False) -> list[Candidate]:
    _prepare()
    text = doc.text
    after = lexicon(VOCAB, "period", "gross", "net")
    amounts = scan_amounts(text, bare_after=after)
    found = find_money(text, amounts, stated)
    currency = _default_currency(doc, found)
    bare = _bare_labelled(doc, amounts, found)
    out: list[Candidate] = []
    # Each amount reads its context up to the neighbouring written amounts (bare numbers
    # after a label do not bound the others: they may be counts).
    bounds = [m.span for m in found]
    pays = _payment_candidates(doc, found)
    for money in [*found, *bare]:
        prev_end = max((e for s, e in bounds if e <= money.span[0]), default=0)
        next_start = min((s for s, e in bounds if s >= money.span[1]), default=len(text))
        c = _candidate(doc, money, prev_end, next_start, currency, pays, bare=money in bare)
        if c is not None:
            out.append(c)
    out.sort(key=lambda c: c.span)
    return out + pays


def parse_salary_text(text: str, lang: str = "fr") -> Salary | None:
    """The salary one short string states ("Mensuel de 1801.8 Euros sur 12.0 mois"), for readers.

    >>> parse_salary_text("Annuel de 34000,00 Euros à 42000,00 Euros")
    Salary(currency='EUR', period='year', min=34000.0, max=42000.0, payments_per_year=None, annual_min=None, annual_max=None)
    """
    found = parse_salary_span(text, lang)
    return found[0] if found else None


def parse_salary_span(text: str, lang: str = "fr") -> tuple[Salary, Span] | None:
    """:func:`parse_salary_text` and the span of ``text`` it read the salary from.

    The string is a structured field, so a range is taken as written; a number of
    payments a year only counts for a monthly or yearly amount.
    """
    try:
        cands = _extract(Doc(text=text, lang=lang), stated=True)
    except Exception:  # an odd value never stops a reader
        return None
    amounts = [c for c in cands if c.value.min is not None or c.value.max is not None]
    if not amounts:
        return None
    best = sorted(amounts, key=lambda c: (not _plausible(c.value), -c.score, c.span[0]))[0]
    counts = [c for c in cands if c.value.payments_per_year] if best.value.period in ("month", "year") else []
    count = max((c.value.payments_per_year for c in counts), default=None)
    used = [s for c in [best, *counts] for s in c.all_spans()]
    span = (min(s for s, _ in used), max(e for _, e in used))
    payments = count or (best.value.payments_per_year if best.value.period in ("month", "year") else None)
    return replace(best.value, payments_per_year=payments), span


# --- resolution -------------------------------------------------------------------------

def _plausible(s: Salary) -> bool:
    if s.period is None:
        return True
    lo, hi = PLAUSIBLE[s.period]
    return all(lo <= v <= hi for v in (s.min, s.max) if v is not None)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 0.01 * max(abs(a), abs(b))


_PER_YEAR = {"month": 12, "year": 1}


def _agree(a: Salary, b: Salary) -> bool:
    """Same amounts within rounding, or the same yearly amount written per month and per year."""
    if a.period == b.period or a.period is None or b.period is None:
        if _close(a.min, b.min) and _close(a.max, b.max):
            return True
    if a.period in _PER_YEAR and b.period in _PER_YEAR and a.period != b.period:
        fa, fb = _PER_YEAR[a.period], _PER_YEAR[b.period]
        for n in (12, 13, 14):
            ka = n if fa == 12 else 1
            kb = n if fb == 12 else 1
            if all(_close(x * ka if x else x, y * kb if y else y) for x, y in ((a.min, b.min), (a.max, b.max))):
                return True
    return False


def _precision(s: Salary) -> int:
    """Significant decimals written: "2118,23" (2) is more precise than "2118,00" (0)."""
    best = 0
    for v in (s.min, s.max):
        if v is None:
            continue
        cents = round(v * 100)
        best = max(best, 0 if cents % 100 == 0 else (1 if cents % 10 == 0 else 2))
    return best


def _where(c: Candidate, doc: Doc) -> str:
    if c.rule.startswith("hint."):
        return "structured"
    header_end = doc.header_end or (doc.headings[0][0] if doc.headings else 0)
    return "header" if c.span[0] < header_end else "body"


def _conflict(lost: Candidate, kept: Candidate, doc: Doc) -> str:
    a, b = _where(lost, doc), _where(kept, doc)
    if a == b:
        return f"salary '{lost.text.strip()}' disagrees with '{kept.text.strip()}': '{kept.text.strip()}' kept"
    return f"{a} salary '{lost.text.strip()}' disagrees with {b} '{kept.text.strip()}': {b} kept"


def resolve_salary(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the salary (see the module's rules), annualise it and write it into ``rec``."""
    cands = [c for c in cands if c.key == "salary" and isinstance(c.value, Salary)]
    counts = [c for c in cands if c.value.min is None and c.value.max is None]
    amounts = [c for c in cands if c.value.min is not None or c.value.max is not None]
    order = sorted(amounts, key=lambda c: (not _plausible(c.value), not c.rule.startswith("hint."),
                                           -c.score, c.span[0]))
    best = order[0] if order and _plausible(order[0].value) else None
    stated = max((c.value.payments_per_year for c in counts if c.value.payments_per_year), default=None)

    if best is None:
        for c in order:
            trace.reject(c, f"salary: '{c.text.strip()}' is not plausible per {c.value.period}")
            if c.score >= EXPLICIT:
                trace.warn(f"salary '{c.text.strip()}' is not plausible per {c.value.period}: ignored")
        if stated and stated > 12:
            rec.salary = Salary(payments_per_year=stated)
            trace.use("salary", *[c for c in counts if c.value.payments_per_year == stated])
        return

    agreeing = [c for c in order if c is best or _agree(c.value, best.value)]
    # The values come from the most precise candidate stating the winner's period.
    same = [c for c in agreeing if c.value.period in (best.value.period, None)]
    chosen = max(same, key=lambda c: (_precision(c.value), -same.index(c)))
    for c in order:
        if any(c is a for a in agreeing):
            continue
        why = "not plausible" if not _plausible(c.value) else "disagrees"
        trace.reject(c, f"salary: '{chosen.text.strip()}' ({chosen.rule}) kept over '{c.text.strip()}' "
                        f"({c.rule}, {why})")
        if c.score >= EXPLICIT or (c.rule.startswith("hint.")):
            trace.warn(_conflict(c, chosen, doc))

    v = chosen.value
    period = v.period or next((c.value.period for c in agreeing if c.value.period), None)
    currency = v.currency or next((c.value.currency for c in agreeing if c.value.currency), None)
    local = [c.value.payments_per_year for c in agreeing if c.value.payments_per_year]
    payments = None
    if period in ("month", "year"):
        payments = max([n for n in (*local, stated) if n], default=12)
    annual_min = annual_max = None
    if period == "month" and payments:
        annual_min = round(v.min * payments, 2) if v.min is not None else None
        annual_max = round(v.max * payments, 2) if v.max is not None else None
    elif period == "year":
        annual_min, annual_max = v.min, v.max
    rec.salary = Salary(currency=currency, period=period, min=v.min, max=v.max,
                        payments_per_year=payments, annual_min=annual_min, annual_max=annual_max)
    if any(".net" in c.rule for c in agreeing):
        trace.warn(f"salary '{chosen.text.strip()}' is stated net (after tax): kept as written")
    used = [chosen, *[c for c in agreeing if c is not chosen]]
    if payments and payments > 12:
        used += [c for c in counts if c.value.payments_per_year == payments]
    trace.use("salary", *used)
