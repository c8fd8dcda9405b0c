"""Labelled vocabularies of short forms (currencies, periods, benefits), found fast.

A vocabulary (``vocab/<lang>/<name>.yaml``) maps labels to regexes. Its forms are short and
many start with one character ("k", "$", "/ ?h"), too common to look for as literals, so a
:class:`Lexicon`:

- scans ``str.title()`` of the text (a C-speed copy where exactly the first letter of
  every word is upper case) with a pattern whose forms start with an upper-case letter:
  the engine then skips, in C, every position that does not start a word;
- factors the forms into a trie on their literal prefixes ("salaire" and "salary" share
  "sal"), so each word start costs a few character comparisons;
- checks word ends in Python, on the few matches only (a form ends before a lower-case
  letter, so "$25/hrHybrid" still reads "/hr"), and also tries capitals glued to the
  previous word in short stretches ("InternshipRate: $20");
- names the label of a match by testing only that matched string;
- when every form opens with three letters or more, reads long stretches only where an
  opening occurs (found by the posting's :class:`~.scan.Scan` with every vocabulary).

Every form must start with a literal character (a test checks it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .. import vocab
from .folding import fold
from .patterns import reach
from .regex_text import literal_prefix, lower_form, trie_regex
from .scan import LITERALS, Scan, scan_of
from .section_forms import Form, Hit, new_hit

_GLUED = re.compile(r"[a-zà-ÿ](?=[A-ZÀ-Ý])")
_PUNCT = re.compile(r"[.,;:!?()\[\]\n•·]")
_NEVER = r"(?!x)x"
_MIN_LITERAL = 3


def _trie(forms: list[str]) -> str:
    """One regex for all forms, factored on their literal prefixes."""
    tails: dict[str, list[str]] = {}
    for form in forms:
        prefix, rest = literal_prefix(form)
        tails.setdefault(prefix, []).append(rest)
    return trie_regex((), tails)


def _title_regex(forms: list[str]) -> str:
    """Forms for title-cased text: first character as ``str.title()`` writes it at a word
    start, the rest case-insensitive."""
    by_first: dict[str, list[str]] = {}
    for form in forms:
        prefix, _ = literal_prefix(form)
        if not prefix:
            raise ValueError(f"vocabulary form {form!r} must start with a literal character")
        rest = form[1:] if form[0] == prefix[0] else form[2:]  # "\\$" is escaped
        by_first.setdefault(prefix[0], []).append(rest)
    alts = []
    for ch, rests in sorted(by_first.items()):
        inner = _trie(rests)
        alts.append(re.escape(ch.title()) + (f"(?i:{inner})" if inner else ""))
    return "|".join(alts)


class Lexicon:
    """The forms of some labels of one vocabulary, ready to find in text."""

    def __init__(self, name: str, families: tuple[str, ...]) -> None:
        merged = vocab.merged(name)
        self.labels: dict[str, re.Pattern[str]] = {}
        self._forms: dict[str, Form] = {}
        forms: list[str] = []
        for label, surface in merged.items():
            if label.partition(".")[0] not in families and label not in families:
                continue
            low = list(dict.fromkeys(lower_form(f) for f in surface if isinstance(f, str)))
            forms += low
            self.labels[label] = re.compile("|".join(f"(?:{f})" for f in low))
            self._forms[label] = Form(label, self.labels[label].pattern, None, None, group=name)
        self._words = re.compile(_title_regex(forms) if forms else _NEVER)
        # Forms glued to the previous word, and single positions (after a number): the
        # plain trie, matched case-insensitively.
        self._at = re.compile(_trie(forms) if forms else _NEVER, re.I)
        self._classify = lru_cache(maxsize=4096)(self._label_of)
        prefixes = [literal_prefix(f) for f in forms]
        self._single = frozenset(p for p, rest in prefixes if len(p) == 1 and p.isalpha() and not rest)
        self._first1 = frozenset(p[0] for p, _ in prefixes if len(p) == 1 and p not in self._single)
        self._first2 = frozenset(p[:2] for p, _ in prefixes if len(p) >= 2)
        # When every form opens with three letters or more, long stretches are read only
        # where one of those openings occurs (the scan finds them with every vocabulary).
        self._lits: tuple[int, ...] = ()
        # How far a match reads from where it opens: the stretch to title-case there.
        self._reach: int | None = None
        if forms and all(len(p) >= _MIN_LITERAL for p, _ in prefixes):
            self._lits = tuple(sorted({LITERALS.add(fold(p)) for p, _ in prefixes}))
            self._reach = reach(self._words.pattern)

    def _label_of(self, matched: str) -> str | None:
        for label, rx in self.labels.items():
            if rx.fullmatch(matched):
                return label
        return None

    def find(self, text: str, start: int = 0, end: int | None = None, *, glued: bool = True) -> list[Hit]:
        """Every form found in ``text[start:end]``, in order.

        ``glued`` also tries capitals glued to the previous word (worth it on short
        stretches only).
        """
        whole = start == 0 and end is None
        end = len(text) if end is None else end
        # Long stretches share the title-cased text of the posting's scan (and a whole
        # text's hits are remembered); short ones are title-cased on their own.
        scan = scan_of(text) if end - start > 200 else None
        if whole and scan is not None:
            got = scan.memo.get((self, glued))
            if got is not None:
                return got
        out: list[Hit] = []
        if scan is not None and self._reach is not None and scan.same_length_cases:
            self._find_near(scan, start, end, out)
        elif scan is not None and len(titled := scan.titled) == len(text):
            # str.title() cases a character by whether the one before it is cased, so the
            # title-cased text serves every stretch but for its first character.
            pos = start
            if 0 < start < end and text[start - 1].lower() != text[start - 1].upper():
                head = text[start].title() + titled[start + 1:min(end, start + 80)]
                m = self._words.match(head) if len(head) == min(end, start + 80) - start else None
                if m is not None and m.end() > 0:
                    self._keep(text, start, start + m.end(), m.group(), out)
                    pos = start + m.end()
                else:
                    pos = start + 1
            if self._lits:
                starts = self._starts(scan)
                for p in starts[bisect_left(starts, pos):]:
                    if p >= end:
                        break
                    m = self._words.match(titled, p, end) if p >= pos else None
                    if m is not None:
                        self._keep(text, p, m.end(), m.group(), out)
                        pos = m.end()
            else:
                for m in self._words.finditer(titled, pos, end):
                    self._keep(text, m.start(), m.end(), m.group(), out)
        elif len(view := (seg := text[start:end]).title()) == len(seg):
            for m in self._words.finditer(view):
                self._keep(text, start + m.start(), start + m.end(), m.group(), out)
        else:  # a rare character changed length when title-cased: slow path
            for i in range(len(seg)):
                if seg[i].isalnum() and (i == 0 or not seg[i - 1].isalpha()) or not seg[i].isalnum():
                    m = self._at.match(seg, i)
                    if m is not None and m.end() > i:
                        self._keep(text, start + i, start + m.end(), m.group(), out)
        if glued:
            for g in _GLUED.finditer(text, start, end):
                m = self._at.match(text, g.end(), end)
                if m is not None and m.end() > m.start():
                    self._keep(text, m.start(), m.end(), m.group(), out)
            out.sort(key=lambda h: h.start)
        if whole and scan is not None:
            scan.memo[(self, glued)] = out
        return out

    def _find_near(self, scan: Scan, start: int, end: int, out: list[Hit]) -> None:
        """What the title-cased text gives at the openings of the forms, title-casing only
        a short stretch at each (the text must keep its length in title case, and the
        forms must open with literals)."""
        # Two characters past the reach: a "\\b" or "$" there reads the next one.
        text, words, reach = scan.text, self._words, self._reach + 2
        pos = start
        if 0 < start < end and text[start - 1].lower() != text[start - 1].upper():
            stop = min(end, start + 80)
            m = words.match(text[start:stop].title())
            if m is not None and m.end() > 0:
                self._keep(text, start, start + m.end(), m.group(), out)
                pos = start + m.end()
            else:
                pos = start + 1
        starts = self._starts(scan)
        for p in starts[bisect_left(starts, pos):]:
            if p >= end:
                break
            if p < pos:
                continue
            # From the character before: it decides the case of the one at p.
            lo = p - 1 if p > 0 else 0
            stop = p + reach
            if stop > end:
                stop = end
            m = words.match(text[lo:stop].title(), p - lo)
            if m is not None:
                self._keep(text, p, m.end() + lo, m.group(), out)
                pos = m.end() + lo

    def _starts(self, scan: Scan) -> list[int]:
        """Where the openings of the forms occur in the scanned text, in order."""
        got = scan.memo.get((self, "starts"))
        if got is None:
            hits = scan.hits()
            got = scan.memo[(self, "starts")] = sorted({p for lid in self._lits for p in hits.get(lid, ())})
        return got

    def _keep(self, text: str, s: int, e: int, matched: str, out: list[Hit]) -> None:
        if e <= s or not _bounded(text, s, e):
            return
        label = self._classify(matched.lower())
        if label is not None:
            out.append(new_hit(s, e, text[s:e], self._forms[label]))

    def ends_before(self, text: str, pos: int, words: int = 1) -> bool:
        """Whether a form ends right before ``pos``, at most ``words`` words away
        ("pas de 13e mois", "pas de tickets restaurant")."""
        lo = max(0, pos - 30)
        for h in self.find(text, lo, pos, glued=False):
            between = text[h.end:pos]
            if len(between.split()) <= words and not _PUNCT.search(between):
                return True
        return False

    def could_match(self, text: str, pos: int) -> bool:
        """A cheap test: whether a form may start at ``pos`` (after one optional space)."""
        if text[pos:pos + 1] == " ":
            pos += 1
        raw = text[pos:pos + 2]
        two = raw.lower()
        if not two:
            return False
        if two[0] in self._single and not raw[1:].islower():  # "36K€", "KEUR", not "kg"
            return True
        return two[0] in self._first1 or two in self._first2

    def start_pattern(self) -> str:
        """A regex of what :meth:`could_match` accepts, to put in a lookahead of a scan
        (the test then costs nothing in Python)."""
        alts = [re.escape(p) for p in sorted(self._first2 | self._first1, key=len, reverse=True)]
        singles = "".join(re.escape(c) + re.escape(c.upper()) for c in sorted(self._single))
        parts = [f"(?i:{'|'.join(alts)})"] if alts else []
        if singles:
            parts.append(f"[{singles}](?![a-zà-ÿ])")
        return f" ?(?:{'|'.join(parts)})" if parts else _NEVER

    def match(self, text: str, pos: int, width: int = 40) -> Hit | None:
        """The form starting exactly at ``pos`` (after optional spaces), if any."""
        while pos < len(text) and text[pos] == " ":
            pos += 1
        m = self._at.match(text, pos, min(len(text), pos + width))
        if m is None or m.end() == pos or not _bounded(text, pos, m.end()):
            return None
        label = self._classify(m.group().lower())
        return new_hit(pos, m.end(), text[pos:m.end()], self._forms[label]) if label else None


def _bounded(text: str, s: int, e: int) -> bool:
    """A form starts where no letter precedes it (or at a capital) and ends before no
    lower-case letter."""
    first, last = text[s], text[e - 1]
    if first.isalpha() and s > 0 and text[s - 1].isalpha() and not first.isupper():
        return False
    if last.isalpha() and e < len(text) and text[e].isalpha() and text[e].islower():
        return False
    return True


@lru_cache(maxsize=None)
def lexicon(name: str, *families: str) -> Lexicon:
    """The (cached) :class:`Lexicon` of these label families of ``vocab/*/<name>.yaml``."""
    return Lexicon(name, families)
