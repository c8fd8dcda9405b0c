"""Find the lines that open with one of some words, in any case, in one regex pass.

Chrome and lists of other jobs are recognised line by line, but only lines that open with
certain words (after bullets and symbols) can be one. Testing each line in Python costs
several thousand machine instructions a line; a regex anchored on the line break skips
from line to line in C and stops only where a line opens with one of the words. It is a
prefilter: the caller runs its own test on the lines found, so the regex need only find
every line that test can accept, which holds for any text without :data:`CASE_ODD`
letters (callers test every line when the text holds one).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

# Characters re.I and str.lower() read differently: "ı" and "ſ" match i and s under re.I,
# "İ" lowers to two characters.
CASE_ODD = ("\u0130", "\u0131", "\u017f")

# Characters whose lower case is ``x`` besides ``x.upper()`` and ``x.title()``, which
# re.I matches to ``x`` too (tests check this against the whole Unicode table).
_LOWER_EXTRA = {"k": "\u212a", "\u00e5": "\u212b", "\u03c9": "\u2126", "\u03b8": "\u03f4", "\u00df": "\u1e9e"}

_START = itemgetter(0)


def cased(ch: str) -> list[str]:
    """The characters whose lower case is ``ch`` (a lower-case character), which are also
    those re.I matches to it, apart from :data:`CASE_ODD`."""
    return sorted({c for c in (ch, ch.upper(), ch.title(), *_LOWER_EXTRA.get(ch, "")) if len(c) == 1})


def opening_regex(openings: Iterable[str], spread: int = 2) -> str:
    """A case-sensitive regex matching where a text opens with one of the lower-case
    ``openings`` in any case (``s.lower().startswith(...)`` or re.I), shaped as a trie."""
    # The regex engine tries the branches of an alternation one after the other, but
    # skips a branch at once when its first item is a character (or a class) that does
    # not match: case variants are spelled out as branches of their own for the first
    # ``spread`` letters (most lines fail there), as classes after them. re.I would give
    # up the quick skip.
    trie: dict = {}
    for w in openings:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, depth: int) -> str:
        if "" in node:  # an opening ends here: the longer ones add nothing
            return ""
        alts = []
        for ch, sub in sorted(node.items()):
            rest, chars = emit(sub, depth + 1), cased(ch)
            if depth < spread or len(chars) == 1:
                alts += [re.escape(c) + rest for c in chars]
            else:
                alts.append("[" + "".join(map(re.escape, chars)) + "]" + rest)
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(trie, 0)


class LineOpenings(NamedTuple):
    """Regexes for a line that opens, after characters of a class, with an opening."""

    lead: re.Pattern[str]
    """A line break, the class repeated, the opening as group 1."""
    lead_at: re.Pattern[str]
    """The same without the line break (for the first line)."""


def line_openings(openings: Iterable[str], skip: str) -> LineOpenings | None:
    """The regexes for lines opening, after characters of the class ``skip`` (which must take
    line breaks), with one of the lower-case ``openings``; ``None`` if there are none or
    one opens with a character of ``skip``."""
    words = sorted(set(openings))
    skip_rx = re.compile(skip)
    if not words or not all(words) or not skip_rx.fullmatch("\n"):
        return None
    if any(skip_rx.fullmatch(c) for w in words for c in cased(w[0])):
        return None
    body = f"{skip}*+({opening_regex(words)})"
    return LineOpenings(re.compile("\n" + body), re.compile(body))


def opening_rows(text: str, lines: Sequence[tuple[int, int, str]], lo: int, hi: int,
                 finder: LineOpenings) -> list[int]:
    """Indexes in ``[lo, hi)``, in order, of the lines (``(start, end, text)``, the non-blank
    lines of ``text``) that open with one of the finder's openings after characters of its
    class; ``text`` must hold no :data:`CASE_ODD` letter."""
    if lo >= hi:
        return []
    first = lines[lo]
    rows = [lo] if finder.lead_at.match(text, first[0], first[1]) else []
    # The class takes line breaks, so a match may run over blank lines or lines of
    # symbols only: the row is the line that holds the opening. Two matches never end in
    # the same line, as the opening is the first character outside the class.
    for m in finder.lead.finditer(text, first[1], lines[hi - 1][1]):
        rows.append(bisect_right(lines, m.start(1), lo + 1, hi, key=_START) - 1)
    return rows
