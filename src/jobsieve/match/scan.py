"""One pass over a posting for every vocabulary: the folded text, lines, numbers, glued
word starts, and where each registered literal occurs (see :mod:`jobsieve.match`)."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from typing import Any

from .folding import fold_bytes, lowered
from .regex_text import trie_regex

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

    def _build(self) -> tuple[Any, dict[int, int], dict[int, tuple[tuple[int, int], ...]], set[int]]:
        # Literals that read the same once spaced share a pattern; a match of pattern k
        # gives each of its literals a start (shifted by one for a literal looked for
        # anywhere: the scanned copy opens with a space). Most patterns have one literal,
        # looked for at word starts, whose starts are the pattern's own: ``simple``.
        by_pat: dict[bytes, list[tuple[int, int]]] = {}
        for (lit, word), lid in self.ids.items():
            by_pat.setdefault(_spaced(lit, word), []).append((lid, 0 if word else -1))
        pats = list(by_pat)
        owners = list(by_pat.values())
        simple = {k: o[0][0] for k, o in enumerate(owners) if len(o) == 1 and o[0][1] == 0}
        others = {k: tuple(o) for k, o in enumerate(owners) if k not in simple}
        word_ids = {lid for (_, word), lid in self.ids.items() if word}
        if _ac is not None:
            # The library's default automaton, not its DFA: the DFA takes fewer steps per byte
            # when measured alone, but its larger tables miss the CPU cache between the other
            # stages and the scan stage measured no faster in the full parse.
            return _ac.BytesAhoCorasick(pats, matchkind=_ac.MatchKind.Standard), simple, others, word_ids
        # Without the automaton: the longest pattern at each position (a zero-width match
        # tries every position), then every pattern that is a prefix of it.
        words = [p.decode("latin-1") for p in pats]
        index = {w: k for k, w in enumerate(words)}
        rx = re.compile(f"(?=({trie_regex(words)}))", re.S)
        expand = {w: [index[w[:n]] for n in range(1, len(w) + 1) if w[:n] in index] for w in words}
        return (rx, expand), simple, others, word_ids

    def search(self, text: str, low: str, folded: bytes | None = None,
               hidden: list[int] | None = None) -> tuple[int, dict[int, list[int]]]:
        """The registry version and, per literal id, the sorted start offsets in ``low``
        (the :func:`fold` of ``text``; ``folded``: the same as latin-1 bytes; ``hidden``:
        where a word character of the text folds to the stand-in, if known)."""
        with self._lock:
            if self._finder is None:
                self._finder = self._build()
            (finder, simple, others, word_ids), version = self._finder, self.version
        found: dict[int, list[int]] = {}
        if not simple and not others:
            return version, found
        if folded is None:
            folded = low.encode("latin-1", "replace")
        hay = b" " + folded.translate(_WORDS_ONLY)
        if _ac is not None:
            matches = finder.find_matches_as_indexes(hay, overlapping=True)
        else:
            matches = _search_without_automaton(finder, hay)
        if not matches:
            return version, found
        # Starts by pattern first (one append per match), then each pattern's starts go
        # to its literals; for one pattern, matches come in order of their starts.
        by_pat: dict[int, list[int]] = {}
        get = by_pat.get
        for k, s, _ in matches:
            at = get(k)
            if at is None:
                by_pat[k] = [s]
            else:
                at.append(s)
        found = {simple[k]: at for k, at in by_pat.items() if k in simple}
        for k in by_pat.keys() & others.keys():
            at = by_pat[k]
            shared = True
            for lid, shift in others[k]:
                if shift:
                    got = [p - 1 for p in at]
                    if got[0] < 0:
                        del got[0]
                elif shared:
                    got, shared = at, False
                else:
                    got = at.copy()
                if got:
                    found[lid] = got
        if hidden is None:
            hidden = [q for q in _find_all(low.encode("latin-1", "replace"), b"?", 0)
                      if not word_start(text, q + 1)]
        if hidden:
            # A wide word character folds to "?", a non-word character: a word start of
            # the fold after it is none of the text ("中abc"); those places are few.
            bad = {q + 1 for q in hidden}
            for lid in word_ids & found.keys():
                got = [p for p in found[lid] if p not in bad]
                if got:
                    found[lid] = got
                else:
                    del found[lid]
        return version, found


def _search_without_automaton(finder: tuple, hay: bytes) -> list[tuple[int, int, int]]:
    """``(pattern, start, _)`` of every pattern in ``hay``, each pattern's starts in order."""
    rx, expand = finder
    return [(k, m.start(), m.end(1)) for m in rx.finditer(hay.decode("latin-1")) if m.group(1)
            for k in expand[m.group(1)]]


LITERALS = _Literals()

# Each character of the text as "U" (a capital A-Z, À-Þ), "l" (a small letter a-z, ß-ÿ),
# "0" (a digit) or a space: glued word starts are then plain searches ("lU": "neededBonus";
# "UUUll": "EDUCATIONMaster's") and runs of digits runs of "0", instead of regexes testing
# a class at every character.
_CLASSES = bytes(0x55 if 0x41 <= b <= 0x5A or 0xC0 <= b <= 0xDE else
                 0x6C if 0x61 <= b <= 0x7A or 0xDF <= b <= 0xFF else
                 0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
# A run of three capitals or more before two small letters: the last capital starts a word.
_CAPS_THEN_SMALL = re.compile(rb"UUU++ll")
_DIGIT_RUN = re.compile(rb"00*")  # "0+" has no literal head: it would be tried at every byte
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_DIGIT = re.compile(r"[0-9]")
_SPAN = re.Match.span


class Scan:
    """What every extractor needs from one text, computed once and on first use: the folded
    text, lines, numbers, glued word starts, and where each vocabulary literal occurs."""

    __slots__ = ("text", "_low", "_longer", "_raw", "_folded", "_hidden", "_classes", "_lower",
                 "_titled", "_hits", "_lines", "_numbers", "_glue", "_digit_runs", "memo")

    def __init__(self, text: str) -> None:
        self.text = text
        self._low: str | None = None
        self._longer = True
        self._raw: bytes | None = None
        self._folded: bytes | None = None
        self._hidden: list[int] | None = None
        self._classes: bytes | None = None
        self._lower: str | None = None
        self._titled: str | None = None
        self._hits: tuple[int, dict[int, list[int]]] | None = None
        self._lines: list[int] | None = None
        self._numbers: list[tuple[int, int]] | None = None
        self._glue: list[int] | None = None
        self._digit_runs: list[tuple[int, int]] | None = None
        self.memo: dict[Any, Any] = {}
        """Results of form sets on this text, by form set."""

    def _fold(self) -> None:
        self._raw, self._folded, self._longer, self._hidden = fold_bytes(self.text)
        self._low = self._folded.decode("latin-1")

    @property
    def low(self) -> str:
        """:func:`fold` of the text (same offsets)."""
        if self._low is None:
            self._fold()
        return self._low  # type: ignore[return-value]

    @property
    def same_length_cases(self) -> bool:
        """Whether no character of the text changes length when lower- or title-cased:
        ``text[i - 1:j].title()[1:]`` is then :attr:`titled` ``[i:j]`` (title case
        depends on the character before only), offsets and all."""
        if self._low is None:
            self._fold()
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
            if self._low is None:
                self._fold()
            h = self._hits = LITERALS.search(self.text, self._low, self._folded, self._hidden)  # type: ignore[arg-type]
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

    def _char_classes(self) -> bytes:
        """The text with each character as its class (see ``_CLASSES``; wide ones spaces)."""
        if self._classes is None:
            if self._raw is None:
                self._fold()
            self._classes = self._raw.translate(_CLASSES)  # type: ignore[union-attr]
        return self._classes

    @property
    def glue_starts(self) -> list[int]:
        """Capitals glued to the word before ("neededBonus", "EDUCATIONMaster's")."""
        if self._glue is None:
            classes = self._char_classes()
            out = _find_all(classes, b"lU", 1)
            more = [m.end() - 3 for m in _CAPS_THEN_SMALL.finditer(classes)]
            self._glue = sorted(out + more) if more else out
        return self._glue

    @property
    def digit_runs(self) -> list[tuple[int, int]]:
        """Spans of the runs of ASCII digits, in order."""
        if self._digit_runs is None:
            self._digit_runs = list(map(_SPAN, _DIGIT_RUN.finditer(self._char_classes())))
        return self._digit_runs

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
# The scan asked for last: the fields of a posting ask for it dozens of times in a row,
# and one identity test answers them ("" is one object: its scan is right for any "").
_newest = Scan("")


def scan_of(src: Any) -> Scan:
    """The :class:`Scan` of a :class:`~jobsieve.doc.Doc`, a scan, or a text (the last few
    texts are remembered, so the fields of one posting share one scan)."""
    newest = _newest
    if newest.text is src:
        return newest
    if isinstance(src, str):
        return _scan_of_text(src)
    if isinstance(src, Scan):
        return src
    return src.scan


def _scan_of_text(text: str) -> Scan:
    global _newest
    for s in _scans:
        if s.text is text:
            _newest = s
            return s
    s = Scan(text)
    with _scan_lock:
        _scans.insert(0, s)
        del _scans[8:]
    _newest = s
    return s


def word_start(text: str, pos: int) -> bool:
    """Whether a word starts at ``pos`` (as the regex ``\\b`` before a word character)."""
    if pos <= 0:
        return True
    c = text[pos - 1]
    return not (c.isalnum() or c == "_")
