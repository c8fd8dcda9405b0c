"""Whether a requirement is mandatory or a nice-to-have, and where its clause ends.

Postings qualify a requirement in the same clause ("Anglais apprécié", "Spanish a plus",
"Français exigé") or open a block of them with a lead-in ("Nice to have:", "Bonus points if
you have:", "Les plus :"). The forms are data (``vocab/<lang>/qualifiers.yaml``); they are
found once per posting (:func:`markers`) and looked up by position.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab
from ..match import Finder, scan_of
from ..model import Span

# Clause ends: sentence punctuation, line breaks, bullets, a spaced dash (the usual separator
# of "Anglais : C1 - Arabe apprécié") and a colon ending its line. Abbreviation dots are rare
# in these clauses. The characters are found by one character class (fast); dashes and
# colons are then checked in context.
_CLAUSE_CHAR = re.compile(r"[.;!?\n•·●§|:\-–—]")
_CLAUSE_REACH = 300
_HEADING_LOOKBACK = 300
_KINDS = ("optional", "required", "optional_heading", "required_heading")


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def _finder() -> tuple[Finder, tuple[str, ...]]:
    forms: list[str] = []
    kinds: list[str] = []
    for kind in _KINDS:
        for lang in vocab.LANGS:
            for f in vocab.load(lang, "qualifiers").get(kind, []):
                # Whole words only; a capitalised word glued after the marker still ends it.
                forms.append(rf"(?:{f})(?!(?-i:[a-z0-9]))")
                kinds.append(kind)
    return Finder(forms), tuple(kinds)


def markers(text: str) -> list[Marker]:
    """Every qualifier marker of ``text`` by start offset."""
    return [Marker(*m) for m in _markers(text)[0]]


def _markers(text: str) -> tuple[list[tuple[int, int, str]], list[int]]:
    """``(start, end, kind)`` of every marker and their starts (remembered with the text's
    scan; plain tuples: a frozen dataclass costs several attribute sets each)."""
    scan = scan_of(text)
    got = scan.memo.get(_markers)
    if got is None:
        finder, kinds = _finder()
        out = [(m.start(), m.end(), kinds[i]) for i, m in finder.find_all(scan)]
        got = scan.memo[_markers] = (out, [m[0] for m in out])
    return got


def _ends_clause(text: str, i: int) -> int:
    """Where the clause after a clause-ending character at ``i`` starts (-1: it does not end one)."""
    ch = text[i]
    if ch in "-–—":
        return i + 1 if 0 < i < len(text) - 1 and text[i - 1].isspace() and text[i + 1].isspace() else -1
    if ch == ":":
        j = i + 1
        while j < len(text) and text[j] in " \t":
            j += 1
        return j if j < len(text) and text[j] == "\n" else -1
    return i + 1


def clause_span(text: str, start: int, end: int, *, commas: bool = False) -> Span:
    """The clause around ``[start, end)``: from the previous clause end to the next one.

    With ``commas``, a comma ends a clause too (lists of qualified items).
    """
    # Only the 300 characters on each side can bound the clause: they are searched, not
    # the whole text (a posting has hundreds of clause characters, a clause asks for few).
    floor = max(0, start - _CLAUSE_REACH)
    lo = floor
    # From the nearest clause character backwards (the nearest one nearly always ends
    # the clause). The stretch is read reversed: its clause characters then come nearest
    # first from a forward search, which skips other characters in C (backing off from
    # the end with "(?s:.*)[...]" tested every character on the way).
    for m in _CLAUSE_CHAR.finditer(text[floor:start][::-1]):
        nxt = _ends_clause(text, start - 1 - m.start())
        if 0 <= nxt <= start:
            lo = nxt
            break
    hi = min(len(text), end + _CLAUSE_REACH)
    m = _CLAUSE_CHAR.search(text, max(end, start), hi)
    while m is not None:
        i = m.start()
        if _ends_clause(text, i) >= 0:
            hi = i - (1 if text[i] in "-–—" else 0)
            break
        m = _CLAUSE_CHAR.search(text, i + 1, hi)
    if commas:
        lo = max(lo, text.rfind(",", lo, start) + 1)
        c = text.find(",", end, hi)
        hi = c if c >= 0 else hi
    return (lo, hi)


def _between(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The markers ``(start, end, kind)`` starting in ``[lo, hi)``."""
    found, starts = _markers(text)
    return found[bisect_left(starts, lo):bisect_left(starts, hi)]


def inline_qualifier(text: str, span: Span, scope: Span) -> str | None:
    """``"optional"`` or ``"required"`` from the marker nearest to ``span`` inside ``scope``."""
    best: tuple[int, str] | None = None
    for start, end, kind in _between(text, scope[0], scope[1]):
        if kind not in ("optional", "required") or end > scope[1]:
            continue
        if span[0] <= start < span[1]:
            continue
        # A marker after the item ("Anglais souhaité") binds tighter than one before it.
        key = start - span[1] if start >= span[1] else span[0] - end + 10
        if best is None or key < best[0]:
            best = (key, kind)
    return best[1] if best else None


def block_qualifier(text: str, pos: int) -> str | None:
    """``"optional"``/``"required"`` from the nearest lead-in before ``pos`` (same block)."""
    lo = max(0, pos - _HEADING_LOOKBACK)
    blank = text.rfind("\n\n", lo, pos)
    if blank >= 0:
        lo = blank
    best: str | None = None
    for _, _, kind in _between(text, lo, pos):
        if kind.endswith("_heading"):
            best = kind
    return best.split("_")[0] if best else None


def is_optional(text: str, span: Span, scope: Span | None = None) -> bool:
    """Whether the requirement at ``span`` is only a nice-to-have."""
    # Every marker :func:`qualify` reads starts in the scope or near the span (in its
    # clause, its lead-in, the block before it): with none there, nothing qualifies the
    # requirement, and the clause need not be found (most requirements).
    reach = max(_CLAUSE_REACH, _HEADING_LOOKBACK)
    lo, hi = max(0, span[0] - reach), span[1] + reach
    if scope:
        lo, hi = min(lo, scope[0]), max(hi, scope[1])
    starts = _markers(text)[1]
    i = bisect_left(starts, lo)
    if i == len(starts) or starts[i] >= hi:
        return False
    return qualify(text, span, scope) == "optional"


def qualify(text: str, span: Span, scope: Span | None = None) -> str | None:
    """``"optional"``/``"required"`` from the markers of the requirement at ``span``: in its
    clause (or ``scope``), its lead-in, the block it belongs to."""
    clause = None if scope else clause_span(text, span[0], span[1])
    scope = scope or clause
    # A lead-in ending with a colon ("as needed. Bonus points if you have: Spanish") opens
    # a new list: markers before the colon belong to the lead-in, read as a block heading.
    colon = text.rfind(":", scope[0], span[0])
    if colon >= 0:
        scope = (colon + 1, scope[1])
    q = inline_qualifier(text, span, scope)
    if q is None:
        q = _lead_in(text, span, clause)
    if q is None:
        q = block_qualifier(text, span[0])
    return q


def _lead_in(text: str, span: Span, clause: Span | None = None) -> str | None:
    """The qualifier opening the sentence before a comma ("Idéalement, ...", "Ideally, ...")
    (``clause``: the clause of ``span``, when known)."""
    lo, _ = clause or clause_span(text, span[0], span[1])
    while lo < span[0] and text[lo] in " \t•-*":
        lo += 1
    for _, end, kind in _between(text, lo, lo + 1):
        if kind in ("optional", "required") and text[end:end + 1] == ",":
            return kind
    return None
