"""Shared tools of the contract, working-time, dates and remote extractors.

Their vocabularies (``vocab/<lang>/<field>.yaml``) are split into sections. A section is
either a list of regular expressions or a mapping from a canonical label to such a list;
an item may also be a mapping ``{re: ..., score: 0.5, local: true}`` giving the form its
own confidence, or keeping it to postings written in that file's language (forms such as
French "stage" that are ordinary words in the other language), or ``cased: true`` for
acronyms that are only themselves in capitals ("VIE", not the French word "vie"). Forms
are matched case-insensitively between letter boundaries; a boundary is also found inside
run-together text where a lower-case letter meets an upper-case one
("complémentairesType de contrat : IntérimTemps de travail"), as flattened pages often are.

Speed: Python's regex engine tries every branch of an alternation at every position of the
text, which for vocabularies of dozens of forms costs tens of milliseconds per posting.
A :class:`Matcher` therefore finds, for each form, a literal that every match contains (its
anchor, read from the parsed pattern: " stage" for "(?:un|le) stage"), looks for the
anchors with ``str.find`` in a lower-cased, accent-folded copy of the text (:func:`lowered`),
and runs the patterns of the forms sharing an anchor, as one alternation, only in a small
window around each place it occurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

try:  # the parser of the standard library's regex engine (named sre_parse before 3.11)
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from .. import vocab
from ..doc import Doc

# A letter boundary (digits and punctuation are not letters, so "MISSION1 year" splits),
# or a lower/upper case change in run-together text.
START = r"(?:(?<![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"
END = r"(?:(?![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a vocabulary section."""

    label: str
    pattern: str
    score: float | None
    lang: str | None
    """The only document language it applies to, or None for every language."""
    glued: bool = False
    """Matched even when glued to the previous word (distinctive tokens such as "W2"
    that flattened pages run into the word before: "Wilson, NCW2 Contract")."""
    cased: bool = False
    """Matched case-sensitively, as written."""
    group: str = ""
    """The section it belongs to (matches of one section never overlap)."""


def _forms(lang: str, label: str, items: Any, group: str = "") -> list[Form]:
    out = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            out.append(Form(label, item, None, None, group=group))
        elif isinstance(item, dict) and isinstance(item.get("re"), str):
            out.append(Form(label, item["re"], item.get("score"),
                            lang if item.get("local") else None, bool(item.get("glued")),
                            bool(item.get("cased")), group))
    return out


@lru_cache(maxsize=None)
def section(name: str, key: str) -> tuple[Form, ...]:
    """Every form of section ``key`` (``a.b`` for a nested one) of ``vocab/*/<name>.yaml``,
    label by label in the order the files list them."""
    by_label: dict[str, list[Form]] = {}
    for lang in vocab.LANGS:
        value: Any = vocab.load(lang, name)
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            for label, items in value.items():
                by_label.setdefault(str(label), []).extend(_forms(lang, str(label), items, key))
        elif value is not None:
            by_label.setdefault(key, []).extend(_forms(lang, key, value, key))
    # Label by label (each language's forms within), so that where matches overlap the
    # label listed first wins whatever the language.
    return tuple(f for forms in by_label.values() for f in forms)


@lru_cache(maxsize=None)
def subsection(name: str, key: str, sub: str) -> str:
    """Forms of the nested list ``<key>.<sub>`` of every language, as one alternation."""
    return alternation(section(name, f"{key}.{sub}"))


def alternation(forms: tuple[Form, ...] | list[Form]) -> str:
    """The forms as one non-capturing alternation (no boundaries added)."""
    return "|".join(f"(?:(?-i:{f.pattern}))" if f.cased else f"(?:{f.pattern})"
                    for f in forms) or r"(?!x)x"


def bounded(pattern: str) -> str:
    """``pattern`` between letter boundaries."""
    return f"{START}(?:{pattern}){END}"


# Searching a string whose characters all fit in one byte is several times faster in
# CPython; the scanning copy of a text therefore folds the few wider characters postings
# use into their one-byte look-alikes (same length, so offsets stay valid).
_NARROW = {"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2010": "-",
           "\u2011": "-", "\u2022": "*", "\u2026": ".", "\u0153": "o", "\u0152": "o",
           "\uff1a": ":", "\u20ac": "\xa4"}
WIDE_STANDIN = "?"  # what the latin-1 codec puts for the other wide characters


# Accents folded too ("durée" and "duree" are one anchor), byte by byte: bytes.translate
# runs at memory speed where str.translate looks every character up in a dict.
_FOLD = bytes(range(256)).translate(bytes.maketrans(
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ".encode("latin-1"), b"aaaaaaceeeeiiiinooooouuuuyy"))


@lru_cache(maxsize=16)
def lowered(text: str) -> str:
    """``text`` lower-cased, accent-folded and narrowed to one-byte characters, with the
    same length (offsets into it are offsets into ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lower-case into two
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        return low
    for wide, narrow in _NARROW.items():
        if wide in low:
            low = low.replace(wide, narrow)
    return low.encode("latin-1", "replace").translate(_FOLD).decode("latin-1")


def fold_pattern_char(c: str) -> str:
    """How one literal character of a pattern reads in :func:`lowered` text."""
    c = c.lower()
    if len(c) != 1:
        return c
    if ord(c) > 0xFF:
        return _NARROW.get(c, WIDE_STANDIN)
    return chr(_FOLD[ord(c)])


def lower_pattern(pattern: str) -> str:
    """``pattern`` as it reads in :func:`lowered` text: literal letters lower-cased and
    accent-folded (escapes and group names kept)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(fold_pattern_char(c))
            i += 1
    return "".join(out)


def _anchor_cost(anchors: frozenset[str]) -> float:
    """Rough cost of scanning for ``anchors``: one search each, plus a pattern run per
    occurrence (a string of n letters occurs about once in 4**n positions; digits are
    rarer)."""
    return sum(1 + 2000 * 4.0 ** -(len(a.strip()) + sum(ch.isdigit() for ch in a)) for a in anchors)


def anchors(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains (None if unsure).

    >>> sorted(anchors("(?:un|le) stage")), sorted(anchors("cddi?"))
    ([' stage'], ['cdd'])
    """
    try:
        parsed = _sre_parse.parse(pattern, 0)
    except re.error:
        return None
    return _anchors(list(parsed))


_MAX_VARIANTS = 4


def _anchors(items: list) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = [""]

    def flush() -> None:
        if run != [""]:
            options.append(frozenset(run))
        run[:] = [""]

    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run[:] = [v + chr(av) for v in run]
            continue
        if name == "IN" and all(str(o) == "LITERAL" for o, _ in av) and len(run) * len(av) <= _MAX_VARIANTS:
            # A small class ("[ée]") multiplies the literal: "int[ée]rim" -> intérim, interim.
            run[:] = [v + chr(c) for v in run for _, c in av]
            continue
        flush()
        sub = None
        if name == "SUBPATTERN":
            sub = _anchors(list(av[-1]))
        elif name == "BRANCH":
            alts = [_anchors(list(a)) for a in av[1]]
            if alts and all(alts):
                sub = frozenset().union(*alts)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            sub = _anchors(list(av[2]))
        if sub:
            options.append(sub)
    flush()
    options = [o for o in options if min(len(a.strip()) for a in o) >= 2]
    return min(options, key=_anchor_cost) if options else None


def is_start(text: str, i: int) -> bool:
    """Whether a word may start at ``i`` (see the module's boundaries)."""
    if i <= 0 or i >= len(text):
        return True
    prev = text[i - 1]
    return not prev.isalpha() or (prev.islower() and text[i].isupper())


def is_end(text: str, j: int) -> bool:
    """Whether a word may end at ``j``."""
    if j <= 0 or j >= len(text):
        return True
    nxt = text[j]
    return not nxt.isalpha() or (text[j - 1].islower() and nxt.isupper())


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a form of a section matched (offsets into the original text)."""

    start: int
    end: int
    text: str
    form: Form

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


# How far before and after an anchor a form's match may reach.
_BACK, _AHEAD = 60, 100


@dataclass(slots=True)
class Matcher:
    """A compiled section: forms grouped by anchor, each with its own pattern."""

    forms: tuple[Form, ...]
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    strict: list[re.Pattern[str]] = field(default_factory=list)
    """The patterns followed by a letter boundary (so that "contract|contractor" backtracks
    to the longer word); the plain ones find ends inside run-together words."""
    by_anchor: dict[tuple[str, bool], list[int]] = field(default_factory=dict)
    """(anchor, cased) -> indexes of the forms it anchors."""
    unanchored: list[int] = field(default_factory=list)
    _plans: dict[str | None, tuple] = field(default_factory=dict)
    _unions: dict[tuple[int, ...], re.Pattern[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, f in enumerate(self.forms):
            pattern = f.pattern if f.cased else lower_pattern(f.pattern)
            self.patterns.append(re.compile(pattern))
            self.strict.append(re.compile(f"(?:{pattern})(?![^\\W\\d_])"))
            found = anchors(pattern)
            if found is None:
                self.unanchored.append(i)
            for a in found or ():
                self.by_anchor.setdefault((a, f.cased), []).append(i)
        # One search per distinct literal: an anchor holding a shorter one ("contract"
        # in "b2b contract") is looked for through the shorter one.
        keys = sorted(self.by_anchor, key=lambda k: len(k[0]))
        for k in reversed(keys):
            shorter = next((o for o in keys if o != k and o[1] == k[1] and len(o[0]) >= 3
                            and len(o[0]) < len(k[0]) and o[0] in k[0] and o in self.by_anchor), None)
            if shorter is not None:
                self.by_anchor[shorter] = sorted(set(self.by_anchor[shorter]) | set(self.by_anchor.pop(k)))

    def _plan(self, lang: str | None) -> tuple:
        plan = self._plans.get(lang)
        if plan is None:
            ok = [f.lang is None or lang is None or f.lang == lang for f in self.forms]
            anchored = []
            for (a, cased), idx in self.by_anchor.items():
                idx = tuple(i for i in idx if ok[i])
                if idx:
                    groups = len({self.forms[i].group for i in idx})
                    anchored.append((a, cased, idx, self._union(idx), groups))
            plan = (tuple(anchored), tuple(i for i in self.unanchored if ok[i]))
            self._plans[lang] = plan
        return plan

    def _union(self, idx: tuple[int, ...]) -> re.Pattern[str]:
        """One pattern for the forms sharing an anchor: most places where an anchor occurs
        match none of them, and one search says so for all."""
        if idx not in self._unions:
            self._unions[idx] = re.compile("|".join(f"(?:{self.patterns[i].pattern})" for i in idx))
        return self._unions[idx]

    def _forms_at(self, idx: tuple[int, ...], text: str, hay: str, s: int, need: int,
                  stop: int, done: set[str]) -> list[tuple[int, int, int]]:
        """For each section not in ``done``, its first form of ``idx`` matching at ``s``
        up to ``need`` at least, boundaries checked."""
        out = []
        for i in idx:
            group = self.forms[i].group
            if group in done:
                continue
            m = self.patterns[i].match(hay, s, stop)
            if m is None or m.end() < need or m.end() == s:
                continue
            if not (self.forms[i].glued or is_start(text, s)):
                continue
            if not is_end(text, m.end()):
                m = self.strict[i].match(hay, s, stop)
                if m is None or m.end() < need:
                    continue
            out.append((s, i, m.end()))
            done.add(group)
        return out

    def _match_at(self, anchored: tuple, text: str, hay: str, at: int, lo: int,
                  hi: int) -> list[tuple[int, int, int]]:
        """The matches (start, form, end), one per section, covering the anchor at ``at``."""
        anchor, _, idx, union, groups = anchored
        need = at + len(anchor)
        p, stop = max(lo, at - _BACK), min(hi, need + _AHEAD)
        out: list[tuple[int, int, int]] = []
        done: set[str] = set()
        while p <= at and len(done) < groups:
            m = union.search(hay, p, stop)
            if m is None or m.start() > at:
                break
            out += self._forms_at(idx, text, hay, m.start(), need, stop, done)
            p = m.start() + 1
        return out

    def finditer(self, text: str, lang: str | None = None, pos: int = 0,
                 endpos: int | None = None) -> list[Hit]:
        """Non-overlapping matches in ``text[pos:endpos]`` whose form applies to ``lang``.

        Where matches of one section overlap, the leftmost wins, then the form listed
        first (as in a regex alternation).
        """
        hi = len(text) if endpos is None else min(endpos, len(text))
        low = lowered(text)
        found: set[tuple[int, int, int]] = set()
        anchored, unanchored = self._plan(lang)
        for group in anchored:
            anchor, cased = group[0], group[1]
            hay = text if cased else low
            at = hay.find(anchor, pos, hi)
            while at >= 0:
                found.update(self._match_at(group, text, hay, at, pos, hi))
                at = hay.find(anchor, at + 1, hi)
        for i in unanchored:
            hay = text if self.forms[i].cased else low
            for m in self.patterns[i].finditer(hay, pos, hi):
                if m.end() > m.start() and (self.forms[i].glued or is_start(text, m.start())) \
                        and is_end(text, m.end()):
                    found.add((m.start(), i, m.end()))
        out: list[Hit] = []
        last_end: dict[str, int] = {}
        for start, i, end in sorted(found):
            group = self.forms[i].group
            if start >= last_end.get(group, -1):
                out.append(Hit(start, end, text[start:end], self.forms[i]))
                last_end[group] = end
        return out


@lru_cache(maxsize=None)
def matcher(name: str, *keys: str) -> Matcher:
    """Sections ``keys`` of vocabulary ``name``, ready to scan texts in one pass.

    Scanning several sections at once shares the search for their common anchors; each
    hit says its section in ``hit.form.group``.
    """
    return Matcher(tuple(f for k in keys for f in section(name, k)))


# Articles count as one only in relative dates ("a day ago"), not in durations or counts.
_ARTICLES = frozenset({"a", "an"})


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Numbers written as words (``number_words`` of ``vocab/*/dates.yaml``), articles aside."""
    out: dict[str, int] = {}
    for lang in vocab.LANGS:
        for word, value in (vocab.load(lang, "dates").get("number_words") or {}).items():
            if str(word).lower() not in _ARTICLES:
                out[str(word).lower()] = int(value)
    return out


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """A number written with digits or as a word (the evidence must show it either way)."""
    words = "|".join(sorted(number_words(), key=len, reverse=True))
    return rf"(?:[0-9]+(?:[.,][0-9]+)?|{words})"


_DIGIT = re.compile(r"[0-9]")
_NON_WORD = re.compile(r"[^\w]+")


def has_number(low: str, lo: int, hi: int) -> bool:
    """Whether ``low[lo:hi]`` (a lowered text) holds a digit or a number word."""
    return _DIGIT.search(low, lo, hi) is not None \
        or not number_words().keys().isdisjoint(_NON_WORD.split(low[lo:hi]))


def parse_number(s: str) -> float | None:
    """A number written with digits (decimal comma or point) or as a word.

    >>> parse_number("deux"), parse_number("1,5"), parse_number("x")
    (2.0, 1.5, None)
    """
    s = s.strip().lower()
    if s in number_words():
        return float(number_words()[s])
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def line_start(text: str, pos: int) -> int:
    """Offset of the first character of the line holding ``pos``."""
    return text.rfind("\n", 0, pos) + 1


def line_end(text: str, pos: int) -> int:
    """Offset of the end of the line holding ``pos`` (its newline, or the text end)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")


def clause_start(text: str, pos: int, limit: int = 160) -> int:
    """Start of the sentence (or line) holding ``pos``, looking back at most ``limit``."""
    lo = max(0, pos - limit)
    last = lo
    for m in _SENTENCE_END.finditer(text, lo, pos):
        last = m.end()
    return last


def clause_end(text: str, pos: int, limit: int = 160) -> int:
    """End of the sentence (or line) holding ``pos``, looking ahead at most ``limit``."""
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


_NONEMPTY = re.compile(r"(?m)^[ \t]*\S.*$")
HEADER_LINES = 6
HEADER_LINE_MAX = 150


def header_end(doc: Doc) -> int:
    """End of the board header: ``doc.header_end``, else the leading short lines.

    Boards put the title, employer, place, date and tags on short lines before the
    description; the first long line (a paragraph) ends the header.
    """
    if doc.header_end:
        return doc.header_end
    end = 0
    for i, m in enumerate(_NONEMPTY.finditer(doc.text)):
        if i >= HEADER_LINES or len(m.group().strip()) > HEADER_LINE_MAX:
            break
        end = m.end()
    return end


_SENTENCE_TAIL = re.compile(r"[.!?;:]\s*$")
TAG_WORDS = 8


def in_header_tag(doc: Doc, pos: int, head: int | None = None) -> bool:
    """Whether ``pos`` stands on a tag-like line of the board header (a few words, not a
    sentence: "Short-term contract", "CDD - Nantes (44)", "No remote")."""
    if pos >= (header_end(doc) if head is None else head):
        return False
    line = doc.text[line_start(doc.text, pos):line_end(doc.text, pos)].strip(" *#_|-")
    return len(line.split()) <= TAG_WORDS and not _SENTENCE_TAIL.search(line)


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of ``spans``."""
    return any(s < span[1] and span[0] < e for s, e in spans)
