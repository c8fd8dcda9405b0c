"""Amounts of money in posting text: numbers as people write them, currencies, ranges.

The salary and benefits extractors share this layer. It knows nothing about pay: it finds
"3 503,28 €", "$50-$55k", "30 à 45 K€", "Entre 30 et 32 KEUR" and says what number,
currency and unit each one is, with character spans.

It scans the text once for numbers (a pattern that starts with a digit, which the regex
engine skips to quickly), then looks only around each number for a currency, a K or a
range word (``vocab/*/salary.yaml``: currency, multiplier, range).

Separators follow what the digits allow, not a locale: a posting may be French with
American figures ("$70,000") or carry a board's mangled copy ("3.503.28€"). See
:func:`parse_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..match import Lexicon, first_chars, lexicon
from ..model import Span
from .context import digit_runs

VOCAB = "salary"

# Space-grouped thousands first ("29 000,00"), at most three digits before the first group.
# The pattern starts with a single digit class so that the engine skips to digits quickly.
_NUMBER_REST = r"(?:[0-9]{0,2}(?: [0-9]{3})+(?![0-9])(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)*)"
NUMBER = re.compile(rf"[0-9]{_NUMBER_REST}")
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
_DOLLAR_PREFIX = {"US": "USD", "CA": "CAD", "C": "CAD", "AU": "AUD", "A": "AUD"}
_CODES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD")
_MARKS = "€$£"


@dataclass(slots=True)
class Amount:
    """One written amount: ``value`` already multiplied (36K -> 36000)."""

    value: float
    start: int
    end: int
    currency: str | None = None
    thousands: bool = False
    """Written with a K (its period defaults to a year)."""
    big: bool = False
    """Written in millions or billions: a business figure, not pay."""

    @property
    def marked(self) -> bool:
        """Whether a currency or a unit was written with it."""
        return self.currency is not None or self.thousands or self.big


@dataclass(slots=True)
class Money:
    """An amount or a range of two, as written."""

    low: Amount
    high: Amount | None
    span: Span

    @property
    def currency(self) -> str | None:
        return self.low.currency or (self.high.currency if self.high else None)

    @property
    def thousands(self) -> bool:
        return self.low.thousands or bool(self.high and self.high.thousands)

    @property
    def big(self) -> bool:
        return self.low.big or bool(self.high and self.high.big)


def parse_number(s: str) -> float | None:
    """A written number to a float, reading separators the way the digits allow.

    Spaces group thousands. With both '.' and ',' the last one is the decimal mark. With one
    kind: several marks are thousands unless the last group is not three digits (a mangled
    "3.503.28" is 3503.28); a single mark before exactly three digits is a thousands mark
    ("€3,627", "3.678€"), otherwise it is decimal ("50.4", "2118,23").

    >>> [parse_number(x) for x in ("3.503,28", "3,503.28", "3 503,28", "3.503.28", "3,627", "50.4", "34000,00")]
    [3503.28, 3503.28, 3503.28, 3503.28, 3627.0, 50.4, 34000.0]
    """
    if s.isdigit():
        return float(s)
    s = s.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if not s or not s[0].isdigit():
        return None
    marks = [i for i, ch in enumerate(s) if ch in ".,"]
    try:
        if not marks:
            return float(s)
        last = marks[-1]
        tail = s[last + 1:]
        if len({s[i] for i in marks}) == 2:
            head = "".join(ch for ch in s[:last] if ch.isdigit())
            return float(f"{head}.{tail}")
        if len(marks) > 1:
            groups = s.split(s[last])
            if len(tail) == 3 and all(len(g) == 3 for g in groups[1:]):
                return float("".join(groups))
            return float("".join(groups[:-1]) + "." + tail)
        head = s[:last]
        if len(tail) == 3 and head != "0" and len(head) <= 3:
            return float(head + tail)
        return float(f"{head}.{tail}")
    except ValueError:
        return None


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    """A currency symbol or code written right before ``start``: (code, where it starts)."""
    i = start - 1
    if i >= 0 and text[i] == " ":
        i -= 1
    if i < 0:
        return None
    ch = text[i]
    if ch in _SYMBOLS:
        # Each prefix, with its gap, ends with one of these characters: most dollars have
        # none before them.
        if ch == "$" and i > 0 and text[i - 1] in _DOLLAR_PREFIX_ENDS:
            for prefix, other in _DOLLAR_PREFIX.items():
                for gap in ("", " "):
                    at = i - len(gap) - len(prefix)
                    if at >= 0 and text[at:i] == prefix + gap and (at == 0 or not text[at - 1].isalpha()):
                        return other, at
        return _SYMBOLS[ch], i
    if i >= 2 and text[i - 2:i + 1] in _CODES and (i < 3 or not text[i - 3].isalpha()):
        return text[i - 2:i + 1], i - 2
    return None


_DOLLAR_PREFIX_ENDS = frozenset({p[-1] for p in _DOLLAR_PREFIX} | {" "})


def _unit_after(text: str, end: int) -> tuple[str | None, str | None, int]:
    """Multiplier label and currency code written right after a number, and where they end:
    a multiplier, a currency, or a multiplier then a currency ("45 K€"), each at most one
    space after what comes before."""
    units = lexicon(VOCAB, "multiplier", "currency")
    if not units.could_match(text, end):
        return None, None, end
    hit = units.match(text, end, 24)
    if hit is None or hit.start - end > 1:
        return None, None, end
    if hit.family != "multiplier":  # a currency: nothing is read after it
        return None, hit.kind, hit.end
    mult, pos = hit.kind, hit.end
    hit = units.match(text, pos, 24)
    if hit is None or hit.start - pos > 1 or hit.family == "multiplier":
        return mult, None, pos
    return mult, hit.kind, hit.end


def _amount(text: str, m: re.Match[str]) -> Amount | None:
    """The number matched by ``m`` with the currency and unit written around it."""
    if m.start() > 0 and text[m.start() - 1] in ".,0123456789":
        return None
    end = m.end()
    if end < len(text) and text[end] == "%" or text[end:end + 2] == " %":
        return None
    start = m.start()
    cur = None
    before = _currency_before(text, start)
    if before:
        cur, start = before
    mult, after_cur, end = _unit_after(text, end)
    value = parse_number(m.group())
    if value is None:
        return None
    # "€ 25" is "€" before; "25 €" after; a letter glued after a bare number is a word ("13e")
    if mult is None and after_cur is None and end < len(text) and text[end].isalpha():
        end = m.end()
    cur = cur or after_cur
    thousands = mult == "thousand"
    if thousands:
        value *= 1000
    big = mult in ("million", "billion")
    if big:
        value *= 1e6 if mult == "million" else 1e9
    return Amount(value, start, end, cur, thousands, big)


def _pair(low: Amount, high: Amount, stated: bool = False) -> tuple[Amount, Amount] | None:
    """Share the K and the currency written on one end; None when it is not a range.

    In running text, an upper end more than four times the lower one is another figure;
    a ``stated`` range (a structured salary field) is taken as written."""
    if high.thousands and not low.thousands and low.value < 1000:
        low = _with(low, low.value * 1000, True)
    elif low.thousands and not high.thousands and high.value < 1000:
        high = _with(high, high.value * 1000, True)
    elif high.value >= 1000 > low.value and high.value / 3 <= low.value * 1000 <= high.value:
        # "entre 30 et 40 000 €": the first end drops its thousands
        low = _with(low, low.value * 1000, low.thousands)
    if low.value <= 0 or high.value < low.value or (high.value > 4 * low.value and not stated):
        return None
    cur = low.currency or high.currency
    return _with(low, low.value, low.thousands, cur), _with(high, high.value, high.thousands, cur)


def _with(a: Amount, value: float, thousands: bool, currency: str | None = "") -> Amount:
    """``a`` with another value, K and currency ("": the same); what ``dataclasses.replace``
    does, at a fraction of its cost."""
    return Amount(value, a.start, a.end, a.currency if currency == "" else currency, thousands, a.big)


def _joined(text: str, a: Amount, b: Amount) -> bool:
    """Whether only a range word stands between two amounts ("30 à 45", "$50-$55k")."""
    gap = text[a.end:b.start]
    if len(gap) > 12 or "\n" in gap:
        return False
    if not gap.strip():
        return False
    hit = lexicon(VOCAB, "range").match(text, a.end, 12)
    return hit is not None and not text[hit.end:b.start].strip()


def _gated(start: str) -> str:
    """A lexicon's start pattern (" ?(?:...)") with a test of its first character put
    first: most numbers are followed by none of those characters, and one class test then
    spares trying every case-insensitive alternative (the class holds every character a
    match can start with, so what matches is unchanged)."""
    if not start.startswith(" ?(?:"):
        return start
    chars = first_chars(start[2:])
    if not chars or any(len(c) != 1 for c in chars):
        return start
    head = "".join(re.escape(c) for c in sorted(chars))
    return f" ?(?=(?i:[{head}])){start[2:]}"


# A currency written before a number, as :func:`scan_amounts` first tests it: a symbol one
# or two characters before, or a code alone in the four characters before (the test
# ``text[s - 4:s].strip() in _CODES``). Written as look-behinds read after the first digit
# (so that the scan pattern still starts with a digit class); ``\s`` is what ``str.strip``
# removes.
_CODE_ALT = "|".join(_CODES)
_MARK_BEFORE = (rf"(?<=[{_MARKS}][0-9])|(?<=[{_MARKS}][\s\S][0-9])|(?<=\s(?:{_CODE_ALT})[0-9])"
                rf"|(?<=(?:{_CODE_ALT})\s[0-9])|(?<=\A(?:{_CODE_ALT})[0-9])")


@lru_cache(maxsize=8)
def _scan_regex(bare_after: Lexicon | None) -> re.Pattern[str]:
    """Numbers, with optional empty groups saying whether a currency mark is written
    before (``pre``), a currency or unit (``unit``) or a form of ``bare_after`` (``bare``)
    may follow: the regex engine tests what would otherwise cost Python calls for every
    number, and a number with none of them has no ``lastindex``."""
    units = lexicon(VOCAB, "multiplier", "currency")
    bare = f"(?=(?P<bare>{_gated(bare_after.start_pattern())}))?" if bare_after is not None else ""
    return re.compile(rf"[0-9](?P<pre>{_MARK_BEFORE})?{_NUMBER_REST}"
                      rf"(?=(?P<unit>{_gated(units.start_pattern())}))?{bare}")


_SHORT = 2000
"""Below this length a text is searched; above, each run of digits is tried (the same
matches: a number starts a run of digits and ends where one ends)."""


def scan_amounts(text: str, bare_after: Lexicon | None = None) -> list[Amount]:
    """The numbers of ``text`` that may be money, in order: those with a currency or unit,
    the bare ones joined to them by a range word ("30 à 45 K€"), and with ``bare_after``
    the bare numbers of three digits or more that one of its forms may follow."""
    rx = _scan_regex(bare_after)
    state = _ScanState(text, bare_after is not None)
    # Most numbers are dates, counts and codes: with no group of the pattern matched and
    # no marked amount just before, a number is only kept as the possible lower end of a
    # range (``pending``), in the loop itself.
    if len(text) < _SHORT:
        for m in rx.finditer(text):
            if m.lastindex is None and m.start() > state.near_until:
                state.pending = m
            else:
                state.take(m)
        return state.out
    match, pos = rx.match, 0
    for a, _ in digit_runs(text):
        if a < pos:
            continue
        m = match(text, a)
        if m is None:
            continue
        pos = m.end()
        if m.lastindex is None and a > state.near_until:
            state.pending = m
        else:
            state.take(m)
    return state.out


class _ScanState:
    """What :func:`scan_amounts` carries from one number to the next."""

    __slots__ = ("text", "bare", "out", "pending", "near_until")

    def __init__(self, text: str, bare: bool) -> None:
        self.text = text
        self.bare = bare
        self.out: list[Amount] = []
        self.pending: re.Match[str] | None = None
        self.near_until = -1
        """Numbers up to here follow a marked amount closely."""

    def take(self, m: re.Match[str]) -> None:
        """Read a number that is marked, big enough or near a marked amount (or none of
        them: the full tests are made here)."""
        text, out = self.text, self.out
        s, e = m.span()
        marked = m.group("unit") is not None or m.group("pre") is not None
        big_enough = self.bare and e - s >= 3 and m.group("bare") is not None
        near = s <= self.near_until
        if not (marked or big_enough or near):
            self.pending = m
            return
        a = _amount(text, m)
        if a is None:
            return
        pending = self.pending
        if a.marked and pending is not None and s - pending.end() <= 12:
            b = _amount(text, pending)
            if b is not None and (not out or out[-1].start != b.start):
                out.append(b)
                self.near_until = b.end + 12 if b.marked else -1
        self.pending = None
        if a.marked or big_enough or near:
            out.append(a)
            self.near_until = a.end + 12 if a.marked else -1


def find_money(text: str, amounts: list[Amount] | None = None, stated: bool = False) -> list[Money]:
    """Every amount with a currency or unit in ``text`` (ranges joined), in order
    (``stated``: see :func:`_pair`)."""
    amounts = scan_amounts(text) if amounts is None else amounts
    out: list[Money] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if b is not None and (a.marked or b.marked) and _joined(text, a, b):
            pair = _pair(a, b, stated)
            if pair:
                out.append(Money(pair[0], pair[1], (pair[0].start, pair[1].end)))
                i += 2
                continue
        if a.marked:
            out.append(Money(a, None, (a.start, a.end)))
        i += 1
    return out

