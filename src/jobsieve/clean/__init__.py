"""Cleaning: repair, normalise, drop board chrome and split off lists of other jobs.

``clean_text(text) -> Cleaned`` runs, in order:

1. :func:`~.normalize.normalize_text` (:func:`~.normalize.normalize_encoded`): encoding repair, spaces, quotes, blank lines, lost
   characters;
2. chrome at the top of the page (:func:`~.chrome.head_end`);
3. from the bottom up, as long as something is found: chrome (:func:`~.chrome.tail_start`),
   a "Similar jobs" list or a run of teasers of other jobs (:mod:`.related`), which move
   to ``Cleaned.related``;
4. lines that are chrome wherever they stand (buttons, sign-in prompts, cookie notices).

Every pass rebuilds the text with a :class:`~jobsieve.textmap.TextBuilder`, and the maps
are composed, so the cleaned text keeps one map back to the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lang import stopword_language
from ..model import Related, Span
from ..textmap import OffsetMap, TextBuilder
from .chrome import END, START, TEXT, Line, anywhere_kinds, edge_kind, head_end, split_lines, tail_start
from .maps import compose
from .normalize import normalize_encoded
from .related import similar_list, teaser_run, teasers

# Rounds of the bottom-up pass (chrome under a list of jobs under more chrome...).
_TAIL_ROUNDS = 4


@dataclass(slots=True)
class Removed:
    """A piece of the input that cleaning dropped, and the rule that dropped it."""

    span: Span
    """``[start, end)`` in the text given to :func:`clean_text`."""
    rule: str


@dataclass(slots=True)
class Cleaned:
    """The cleaned text of a posting, its map back, and what cleaning took out."""

    text: str
    offsets: OffsetMap
    """Map from the cleaned text back to the reader's text."""
    related: list[Related] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def _body_language(text: str, lines: list[Line]) -> str | None:
    """fr/en of the text below the first line (to spot a headline in another language)."""
    if len(lines) < 2:
        return None
    rest = text[lines[1][START]:lines[1][START] + 3000]
    return stopword_language(rest, min_words=5)


def find_removals(text: str, lines: list[Line],
                  utf8: bytes | None = None) -> tuple[dict[int, str], list[Related]]:
    """Rule per dropped line index, and the related jobs found (in page order); ``utf8``:
    UTF-8 that holds every run of ASCII letters of ``text`` (:func:`normalize_encoded`),
    when the caller has it."""
    dropped: dict[int, str] = {}
    lo, kinds = head_end(text, lines, lambda: _body_language(text, lines))
    for i, kind in enumerate(kinds):
        dropped[i] = f"chrome.head.{kind}"
    hi = len(lines)
    related: list[Related] = []
    for _ in range(_TAIL_ROUNDS):
        start = hi
        cut = tail_start(lines, lo, hi)
        for i in range(cut, hi):
            dropped[i] = f"chrome.tail.{edge_kind(lines[i][TEXT]) or 'weak'}"
        hi = cut
        s, entries = similar_list(text, lines, hi, lo)
        if s < hi:
            related[:0] = entries
            for i in range(s, hi):
                dropped[i] = "related.list"
            hi = s
        r = teaser_run(lines, hi, lo)
        if r < hi:
            related[:0] = teasers(lines[r:hi])
            for i in range(r, hi):
                dropped[i] = "related.teasers"
            hi = r
        if hi == start:
            break
    for i, kind in anywhere_kinds(text, lines, lo, hi, utf8).items():
        dropped[i] = f"chrome.{kind}"
    return dropped, related


def _rebuild(text: str, lines: list[Line], dropped: dict[int, str]) -> tuple[str, OffsetMap]:
    """``text`` without the dropped lines; kept lines keep their line breaks."""
    # Each run of kept lines is copied in one piece with the breaks inside it (line by
    # line gave the same text and, merged, the same map).
    b = TextBuilder()
    prev_end = -1
    first = 0
    for stop in [*sorted(dropped), len(lines)]:
        if stop > first:
            start, end = lines[first][START], lines[stop - 1][END]
            if prev_end >= 0:
                # One line break, two when the gap held a blank line (kept from the source).
                b.copy(text, prev_end, prev_end + 1)
                if "\n\n" in text[prev_end:start]:
                    b.copy(text, start - 1, start)
            b.copy(text, start, end)
            prev_end = end
        first = stop + 1
    return b.build()


def clean_text(text: str) -> Cleaned:
    """Repair encoding, normalise spaces and quotes, drop chrome, split off related jobs."""
    norm, offsets, utf8 = normalize_encoded(text)
    lines = split_lines(norm)
    dropped, related = find_removals(norm, lines, utf8)
    if not dropped:
        return Cleaned(text=norm, offsets=offsets, related=related)
    removed = [Removed(offsets.span_to_source(lines[i][:2]), rule)
               for i, rule in sorted(dropped.items())]
    out, outer = _rebuild(norm, lines, dropped)
    return Cleaned(text=out, offsets=compose(outer, offsets), related=related, removed=removed)
