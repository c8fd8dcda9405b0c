"""One pass over a posting for every vocabulary: the folded text, lines, numbers, glued
word starts, and where each registered literal occurs (see :mod:`jobsieve.match`)."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from typing import Any

from .patterns import WIDE_STANDIN, fold_cases, lowered, trie_regex

try:
    import ahocorasick_rs as _ac
except ImportError:  # pragma: no cover - the regex scan below gives the same positions
    _ac = None

# -- every literal of every vocabulary, found once per posting ----------------------------

# The folded text with every character that is not a word character made a space, after
# one leading space: a literal written " word" then only occurs where a word starts, and
# one pass finds both kinds of literals.
_WORDS_ONLY = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256))


def _spaced(literal: str, word: bool) -> bytes:
    raw = literal.encode("latin-1", "replace").translate(_WORDS_ONLY)
    return b" " + raw if word else raw


class _Literals:
    """The registry of literals (folded text) that form sets look for, anywhere or at word
    starts only (far fewer places: "an" starts few words but ends many)."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, bool], int] = {}
        self.version = 0
        self._finder: Any = None
        self._lock = threading.Lock()

    def add(self, literal: str, word: bool = False) -> int:
        """The id of ``literal`` (folded), looked for at word starts only if ``word``."""
        with self._lock:
            lid = self.ids.get((literal, word))
            if lid is None:
                lid = self.ids[literal, word] = len(self.ids)
                self._finder = None
                self.version += 1
            return lid

    def _build(self) -> tuple[Any, list[tuple[tuple[int, int, bool], ...]]]:
        # Literals that read the same once spaced share a pattern; a match of pattern k
        # gives, for each of its literals, (id, shift to the text offset, word).
        by_pat: dict[bytes, list[tuple[int, int, bool]]] = {}
        for (lit, word), lid in self.ids.items():
            by_pat.setdefault(_spaced(lit, word), []).append((lid, 0 if word else -1, word))
        pats = list(by_pat)
        owners = [tuple(by_pat[p]) for p in pats]
        if _ac is not None:
            # The library's default automaton, not its DFA: the DFA takes fewer steps per byte
            # when measured alone, but its larger tables miss the CPU cache between the other
            # stages and the scan stage measured no faster in the full parse.
            return _ac.BytesAhoCorasick(pats, matchkind=_ac.MatchKind.Standard), owners
        # Without the automaton: the longest pattern at each position (a zero-width match
        # tries every position), then every pattern that is a prefix of it.
        words = [p.decode("latin-1") for p in pats]
        index = {w: k for k, w in enumerate(words)}
        rx = re.compile(f"(?=({trie_regex(words)}))", re.S)
        expand = {w: [index[w[:n]] for n in range(1, len(w) + 1) if w[:n] in index] for w in words}
        return (rx, expand), owners

    def search(self, text: str, low: str) -> tuple[int, dict[int, list[int]]]:
        """The registry version and, per literal id, the sorted start offsets in ``low``
        (the :func:`fold` of ``text``)."""
        with self._lock:
            if self._finder is None:
                self._finder = self._build()
            (finder, owners), version = self._finder, self.version
        found: dict[int, list[int]] = {}
        if not owners:
            return version, found
        hay = b" " + low.encode("latin-1", "replace").translate(_WORDS_ONLY)
        if _ac is not None:
            matches = finder.find_matches_as_indexes(hay, overlapping=True)
        else:
            matches = _search_without_automaton(finder, hay)
        # Starts by pattern first (one append per match), then each pattern's starts go
        # to its literals; for one pattern, matches come in order of their starts.
        by_pat: dict[int, list[int]] = {}
        get = by_pat.get
        for k, s, _ in matches:
            starts = get(k)
            if starts is None:
                by_pat[k] = [s]
            else:
                starts.append(s)
        # Wide characters fold to "?": a word start of the folded text may not be one of
        # the text ("中abc"); those places are few, found once.
        bad: set[int] = set()
        q = low.find(WIDE_STANDIN)
        while q >= 0:
            if not word_start(text, q + 1):
                bad.add(q + 1)
            q = low.find(WIDE_STANDIN, q + 1)
        for k, starts in by_pat.items():
            shared = True
            for lid, shift, word in owners[k]:
                if shift:
                    got = [p + shift for p in starts]
                    if got[0] < 0:
                        del got[0]
                elif shared:
                    got, shared = starts, False
                else:
                    got = list(starts)
                if word and bad:
                    got = [p for p in got if p not in bad]
                if got:
                    found[lid] = got
        return version, found


def _search_without_automaton(finder: tuple, hay: bytes) -> list[tuple[int, int, int]]:
    """``(pattern, start, _)`` of every pattern in ``hay``, each pattern's starts in order."""
    rx, expand = finder
    return [(k, m.start(), m.end(1)) for m in rx.finditer(hay.decode("latin-1")) if m.group(1)
            for k in expand[m.group(1)]]


LITERALS = _Literals()

# Each character of the text as "U" (a capital A-Z, À-Þ), "l" (a small letter a-z, ß-ÿ)
# or a space: glued word starts are then two plain searches ("lU": "neededBonus"; "UUUll":
# "EDUCATIONMaster's") instead of a regex starting with a class at every character.
_CASES = bytes(0x55 if 0x41 <= b <= 0x5A or 0xC0 <= b <= 0xDE else
               0x6C if 0x61 <= b <= 0x7A or 0xDF <= b <= 0xFF else 0x20 for b in range(256))
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_DIGIT = re.compile(r"[0-9]")


class Scan:
    """What every extractor needs from one text, computed once and on first use: the folded
    text, lines, numbers, glued word starts, and where each vocabulary literal occurs."""

    __slots__ = ("text", "_low", "_longer", "_lower", "_titled", "_hits", "_lines", "_numbers", "_glue",
                 "memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self._low: str | None = None
        self._longer = True
        self._lower: str | None = None
        self._titled: str | None = None
        self._hits: tuple[int, dict[int, list[int]]] | None = None
        self._lines: list[int] | None = None
        self._numbers: list[tuple[int, int]] | None = None
        self._glue: list[int] | None = None
        self.memo: dict[Any, Any] = {}
        """Results of form sets on this text, by form set."""

    @property
    def low(self) -> str:
        """:func:`fold` of the text (same offsets)."""
        if self._low is None:
            self._low, self._longer = fold_cases(self.text)
        return self._low

    @property
    def same_length_cases(self) -> bool:
        """Whether no character of the text changes length when lower- or title-cased:
        ``text[i - 1:j].title()[1:]`` is then :attr:`titled` ``[i:j]`` (title case
        depends on the character before only), offsets and all."""
        if self._low is None:
            self.low
        return not self._longer

    @property
    def lower(self) -> str:
        """:func:`lowered` of the text (same offsets, accents kept)."""
        if self._lower is None:
            self._lower = lowered(self.text)
        return self._lower

    @property
    def titled(self) -> str:
        """``str.title()`` of the text: exactly the first letter of each word upper-cased."""
        if self._titled is None:
            self._titled = self.text.title()
        return self._titled

    def hits(self) -> dict[int, list[int]]:
        """Start offsets of every registered literal, by literal id."""
        h = self._hits
        if h is None or h[0] != LITERALS.version:
            h = self._hits = LITERALS.search(self.text, self.low)
            self.memo.clear()  # results computed before new literals came in
        return h[1]

    @property
    def line_starts(self) -> list[int]:
        """Offsets where each line starts."""
        if self._lines is None:
            text, starts, i = self.text, [0], self.text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._lines = starts
        return self._lines

    def line_start(self, pos: int) -> int:
        """Start of the line holding ``pos``."""
        return self.text.rfind("\n", 0, pos) + 1  # C-speed, cheaper than any index

    def line_end(self, pos: int) -> int:
        """End of the line holding ``pos`` (its newline, or the text end)."""
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    @property
    def numbers(self) -> list[tuple[int, int]]:
        """Spans of the numbers written in digits ("12", "2,5"), in order."""
        if self._numbers is None:
            self._numbers = [m.span() for m in _NUMBER.finditer(self.text)] \
                if any(d in self.text for d in "0123456789") else []
        return self._numbers

    def has_digit(self, lo: int, hi: int) -> bool:
        """Whether ``text[lo:hi]`` holds a digit."""
        nums = self._numbers
        if nums is None:  # a short search beats listing every number of the posting
            return _DIGIT.search(self.text, lo, hi) is not None
        i = bisect_left(nums, (lo, -1))
        if i > 0 and nums[i - 1][1] > lo:
            return True
        return i < len(nums) and nums[i][0] < hi

    @property
    def glue_starts(self) -> list[int]:
        """Capitals glued to the word before ("neededBonus", "EDUCATIONMaster's")."""
        if self._glue is None:
            cases = self.text.encode("latin-1", "replace").translate(_CASES)
            out = _find_all(cases, b"lU", 1)
            more = _find_all(cases, b"UUUll", 2)
            self._glue = sorted(out + more) if more else out
        return self._glue

    def glued_at(self) -> dict[str, list[int]]:
        """:attr:`glue_starts` by the first two characters of :attr:`low` there."""
        got = self.memo.get("glued_at")
        if got is None:
            got = self.memo["glued_at"] = {}
            low = self.low
            for pos in self.glue_starts:
                got.setdefault(low[pos:pos + 2], []).append(pos)
        return got


def _find_all(hay: bytes, sub: bytes, shift: int) -> list[int]:
    """Every offset of ``sub`` in ``hay`` (plus ``shift``), in order."""
    out = []
    i = hay.find(sub)
    while i >= 0:
        out.append(i + shift)
        i = hay.find(sub, i + 1)
    return out


_scan_lock = threading.Lock()
_scans: list[Scan] = []


def scan_of(src: Any) -> Scan:
    """The :class:`Scan` of a :class:`~jobsieve.doc.Doc`, a scan, or a text (the last few
    texts are remembered, so the fields of one posting share one scan)."""
    if isinstance(src, Scan):
        return src
    if not isinstance(src, str):
        return src.scan
    scans = _scans
    if scans and scans[0].text is src:
        return scans[0]
    for s in scans:
        if s.text is src:
            return s
    s = Scan(src)
    with _scan_lock:
        _scans.insert(0, s)
        del _scans[8:]
    return s


def word_start(text: str, pos: int) -> bool:
    """Whether a word starts at ``pos`` (as the regex ``\\b`` before a word character)."""
    if pos <= 0:
        return True
    c = text[pos - 1]
    return not (c.isalnum() or c == "_")
