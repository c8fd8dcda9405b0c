"""Fast lookup of a vocabulary's surface forms in text.

A vocabulary (``vocab/<lang>/<name>.yaml``) maps labels to regular expressions. Trying
hundreds of case-insensitive alternatives with word boundaries at every position is slow
in Python's regex engine (about a microsecond a character), so a :class:`Lexicon`:

- scans ``str.title()`` of the text (a C-speed copy where exactly the first letter of
  every word is upper case) with a pattern whose forms start with an upper-case letter:
  the engine then skips, in C, every position that does not start a word;
- factors the forms into a trie on their literal prefixes ("salaire" and "salary" share
  "sal"), so each word start costs a few character comparisons;
- checks word ends in Python, on the few matches only (a form ends before a lower-case
  letter, so "$25/hrHybrid" still reads "/hr"), and also tries capitals glued to the
  previous word in short stretches ("InternshipRate: $20");
- names the label of a match by testing only that matched string.

Every form must start with a literal character (a test checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab

_META = set(".^$*+?{}[]|()\\")
_QUANT = set("*+?{")
_GLUED = re.compile(r"[a-zà-ÿ](?=[A-ZÀ-Ý])")
_PUNCT = re.compile(r"[.,;:!?()\[\]\n•·]")


@dataclass(slots=True, frozen=True)
class Hit:
    """One vocabulary form found: its label and span in the original text."""

    label: str
    start: int
    end: int

    @property
    def family(self) -> str:
        """The part of the label before the dot (``period`` for ``period.month``)."""
        return self.label.partition(".")[0]

    @property
    def kind(self) -> str:
        """The part of the label after the dot (``month`` for ``period.month``)."""
        return self.label.partition(".")[2]


def _lower_form(form: str) -> str:
    """Lower-case the letters of a regex, not its escapes (``\\W`` stays ``\\W``)."""
    out, i = [], 0
    while i < len(form):
        if form[i] == "\\" and i + 1 < len(form):
            out.append(form[i:i + 2])
            i += 2
        else:
            out.append(form[i].lower())
            i += 1
    return "".join(out)


def _top_level_bar(form: str) -> bool:
    depth, i = 0, 0
    while i < len(form):
        c = form[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = form.find("]", i + 2)
            i = j + 1 if j > 0 else len(form)
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            return True
        i += 1
    return False


def literal_prefix(form: str) -> tuple[str, str]:
    """Split a regex into its leading literal text and the rest.

    >>> literal_prefix("salaires?")
    ('salaire', 's?')
    >>> literal_prefix("r[ée]mun")
    ('r', '[ée]mun')
    """
    if _top_level_bar(form):
        return "", form
    out, i = [], 0
    while i < len(form):
        c = form[i]
        if c == "\\" and i + 1 < len(form) and not form[i + 1].isalnum():
            lit, step = form[i + 1], 2
        elif c in _META:
            break
        else:
            lit, step = c, 1
        if form[i + step:i + step + 1] and form[i + step] in _QUANT:
            break  # "s?": the quantified character is not part of the fixed prefix
        out.append(lit)
        i += step
    return "".join(out), form[i:]


def _trie_regex(forms: list[str]) -> str:
    """One regex for all forms, factored on their literal prefixes."""
    trie: dict = {}
    for form in forms:
        prefix, rest = literal_prefix(form)
        node = trie
        for ch in prefix:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append(rest)

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        # Longer forms first: a form ending here is the last choice.
        rests = sorted(set(node.get("", [])), key=lambda r: (r == "", -len(r)))
        alts += [f"(?:{r})" if r else "" for r in rests]
        if len(alts) == 1:
            return alts[0]
        if "" in alts:
            alts.remove("")
            return f"(?:{'|'.join(alts)})?"
        return f"(?:{'|'.join(alts)})"

    return emit(trie)


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
        inner = _trie_regex(rests)
        alts.append(re.escape(ch.title()) + (f"(?i:{inner})" if inner else ""))
    return "|".join(alts)


class Lexicon:
    """The forms of some labels of one vocabulary, ready to find in text."""

    def __init__(self, name: str, families: tuple[str, ...]) -> None:
        merged = vocab.merged(name)
        self.labels: dict[str, re.Pattern[str]] = {}
        forms: list[str] = []
        for label, surface in merged.items():
            if label.partition(".")[0] not in families and label not in families:
                continue
            low = list(dict.fromkeys(_lower_form(f) for f in surface if isinstance(f, str)))
            forms += low
            self.labels[label] = re.compile("|".join(f"(?:{f})" for f in low))
        trie = _trie_regex(forms) if forms else r"(?!x)x"
        self._words = re.compile(_title_regex(forms) if forms else r"(?!x)x")
        # Forms glued to the previous word, and single positions (after a number): the
        # plain trie, matched case-insensitively.
        self._at = re.compile(trie, re.I)
        self._classify = lru_cache(maxsize=4096)(self._label_of)
        prefixes = [literal_prefix(f) for f in forms]
        self._single = frozenset(p for p, rest in prefixes if len(p) == 1 and p.isalpha() and not rest)
        self._first1 = frozenset(p[0] for p, _ in prefixes if len(p) == 1 and p not in self._single)
        self._first2 = frozenset(p[:2] for p, _ in prefixes if len(p) >= 2)

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
        end = len(text) if end is None else end
        seg = text[start:end]
        view = seg.title()
        out: list[Hit] = []
        if len(view) == len(seg):
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
        return out

    def _keep(self, text: str, s: int, e: int, matched: str, out: list[Hit]) -> None:
        if e <= s or not _bounded(text, s, e):
            return
        label = self._classify(matched.lower())
        if label is not None:
            out.append(Hit(label, s, e))

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
        return f" ?(?:{'|'.join(parts)})" if parts else r"(?!x)x"

    def match(self, text: str, pos: int, width: int = 40) -> Hit | None:
        """The form starting exactly at ``pos`` (after optional spaces), if any."""
        while pos < len(text) and text[pos] == " ":
            pos += 1
        m = self._at.match(text, pos, min(len(text), pos + width))
        if m is None or m.end() == pos or not _bounded(text, pos, m.end()):
            return None
        label = self._classify(m.group().lower())
        return Hit(label, pos, m.end()) if label else None


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
