"""Fast search for the vocabulary forms of every extractor.

Python's ``re`` tries a case-insensitive alternation at every character (about a
millisecond per pattern on a 10 KB posting). Context forms start with a literal word
("basé à", "located in", "recrute"), so a :class:`Finder` takes each form's possible
literal prefixes; the prefixes of all finders of all fields are found together in one pass
of a trie-shaped regex over the lower-cased text (remembered for the last posting, so the
fields of one posting share it), and each full form is matched only where one of its
prefixes starts a word. Forms without a usable
prefix are scanned the ordinary way. Labels before a colon are found from the colons
(:class:`LabelFinder`), which also catches labels glued to the previous word.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

try:  # Python 3.11+: the parser moved under re
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MAX_VARIANTS = 64
MIN_PREFIX = 2


class _Stop(Exception):
    pass


def _seq_prefixes(items, prefixes: list[str]) -> tuple[list[str], bool]:
    """Extend ``prefixes`` through a parsed sequence; say whether it was literal to the end."""
    for op, av in items:
        if op is sre_c.AT:
            continue
        if op is sre_c.LITERAL:
            prefixes = [p + chr(av).lower() for p in prefixes]
        elif op is sre_c.IN:
            chars = []
            for iop, iav in av:
                if iop is not sre_c.LITERAL:
                    return prefixes, False
                chars.append(chr(iav).lower())
            chars = sorted(set(chars))
            if len(prefixes) * len(chars) > MAX_VARIANTS:
                return prefixes, False
            prefixes = [p + c for p in prefixes for c in chars]
        elif op is sre_c.SUBPATTERN:
            new, complete = _seq_prefixes(list(av[-1]), prefixes)
            prefixes = new
            if not complete:
                return prefixes, False
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            # An optional part: the texts with it and without it.
            new, done = _seq_prefixes(list(av[2]), prefixes)
            if not done:
                return prefixes, False
            prefixes = sorted(set(prefixes + new))
            if len(prefixes) > MAX_VARIANTS:
                raise _Stop
        elif op is sre_c.BRANCH:
            out: list[str] = []
            complete = True
            for branch in av[1]:
                new, done = _seq_prefixes(list(branch), prefixes)
                out += new
                complete = complete and done
                if len(out) > MAX_VARIANTS:
                    raise _Stop
            prefixes = sorted(set(out))
            if not complete:
                return prefixes, False
        else:
            return prefixes, False
    return prefixes, True


def _parse(pattern: str) -> tuple[list[str], bool] | None:
    try:
        return _seq_prefixes(list(sre_parse.parse(pattern, re.I)), [""])
    except (_Stop, re.error, TypeError, ValueError):
        return None


def literal_prefixes(pattern: str) -> list[str] | None:
    """The lower-case literal texts every match of ``pattern`` starts with, or None.

    >>> literal_prefixes(r"\\bbas[ée]e?\\s+à")
    ['base', 'basee', 'basé', 'basée']
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    prefixes = sorted(set(parsed[0]))
    if not prefixes or any(len(p) < MIN_PREFIX for p in prefixes):
        return None
    return prefixes


def literal_forms(pattern: str) -> list[str] | None:
    """Every text a purely literal pattern can match (lower case), or None.

    >>> literal_forms("lieu(?: de travail)?")
    ['lieu', 'lieu de travail']
    """
    parsed = _parse(pattern)
    if parsed is None or not parsed[1] or not all(parsed[0]):
        return None
    return sorted(set(parsed[0]))


def lowered(text: str) -> str:
    """``text`` in lower case with the same offsets (characters whose lower case is longer
    are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_low_lock = threading.Lock()
_low_last: tuple[str, str] | None = None


def low_of(text: str) -> str:
    """:func:`lowered` of ``text``, remembered for the last posting seen."""
    global _low_last
    last = _low_last
    if last is not None and last[0] is text:
        return last[1]
    low = lowered(text)
    with _low_lock:
        _low_last = (text, low)
    return low


def _trie_regex(words: list[str]) -> str:
    """One regex matching any of ``words`` (longest first), shaped as a trie so that the
    engine rejects most positions on their first character."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _Triggers:
    """Every literal prefix of every :class:`Finder`, found in one pass over a text."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.regex: re.Pattern[str] | None = None
        self.expand: dict[str, list[str]] = {}
        self.last: tuple[str, dict[str, list[int]]] | None = None
        self.lock = threading.Lock()

    def add(self, words: list[str]) -> None:
        with self.lock:
            if set(words) <= self.words:
                return
            self.words |= set(words)
            self.regex = None
            self.last = None

    def hits(self, low: str) -> dict[str, list[int]]:
        last = self.last
        if last is not None and last[0] is low:
            return last[1]
        with self.lock:
            if self.regex is None:
                words = sorted(self.words)
                # Forms start a word: testing the word boundary first lets the engine skip
                # the middle of words (twice as fast as trying every position).
                self.regex = re.compile(r"\b" + _trie_regex(words) if words else r"(?!x)x")
                self.expand = {w: [p for p in words if w.startswith(p)] for w in words}
            regex, expand = self.regex, self.expand
        found: dict[str, list[int]] = {}
        for m in regex.finditer(low):
            for p in expand.get(m.group(), ()):
                found.setdefault(p, []).append(m.start())
        self.last = (low, found)
        return found


_TRIGGERS = _Triggers()


class Finder:
    """Search many regexes at once; matches come back sorted by position."""

    def __init__(self, patterns: list[str], flags: int = re.I) -> None:
        self.regexes = [re.compile(p, flags) for p in patterns]
        self.by_prefix: dict[str, list[int]] = {}
        self.slow: list[int] = []
        for i, p in enumerate(patterns):
            pre = literal_prefixes(p)
            if pre is not None and not all(w[0].isalnum() for w in pre):
                pre = None  # the one pass only looks at word starts
            if pre is None:
                self.slow.append(i)
                continue
            for s in pre:
                self.by_prefix.setdefault(s, []).append(i)
        _TRIGGERS.add(list(self.by_prefix))

    def finditer(self, text: str, low: str | None = None) -> Iterator[tuple[int, re.Match[str]]]:
        """``(pattern index, match)`` pairs by start offset (overlaps allowed across patterns)."""
        low = low_of(text) if low is None else low
        hits = _TRIGGERS.hits(low)
        found: list[tuple[int, int, re.Match[str]]] = []
        for prefix, idxs in self.by_prefix.items():
            for pos in hits.get(prefix, ()):
                # A leading \b (or any look-behind) is checked by the regex itself.
                for i in idxs:
                    m = self.regexes[i].match(text, pos)
                    if m:
                        found.append((pos, i, m))
        for i in self.slow:
            for m in self.regexes[i].finditer(text):
                found.append((m.start(), i, m))
        found.sort(key=lambda t: (t[0], t[1]))
        seen: set[tuple[int, int]] = set()
        for pos, i, m in found:
            if (pos, i) not in seen:
                seen.add((pos, i))
                yield i, m


class LabelFinder:
    """Labels followed by a colon, even glued to the previous word in flattened text
    ("Recruitment ManagerLocation: Flexible"): colons are rare, so they are found first and
    the text before each one is compared with the label forms (one ``endswith`` call)."""

    def __init__(self, labels: list[str]) -> None:
        forms: list[str] = []
        for f in labels:
            lit = literal_forms(f)
            if lit is None:
                raise ValueError(f"label form {f!r} is not a plain text (with optional parts)")
            forms += lit
        self.forms = tuple(sorted(set(forms), key=len, reverse=True))

    def finditer(self, text: str, low: str | None = None) -> Iterator[tuple[int, int]]:
        """``(label start, value start)`` for each label written before a colon."""
        low = low_of(text) if low is None else low
        pos = text.find(":")
        while pos >= 0:
            end = pos
            while end > 0 and text[end - 1] in " \t":
                end -= 1
            if low.endswith(self.forms, max(0, end - 40), end):
                form = next(f for f in self.forms if low.endswith(f, 0, end))
                start = end - len(form)
                # Inside a word ("relocation:") unless glued with a capital ("ManagerLocation:").
                if not (start > 0 and text[start - 1].isalnum() and not text[start].isupper()):
                    value = pos + 1
                    while value < len(text) and text[value] in " \t":
                        value += 1
                    yield start, value
            pos = text.find(":", pos + 1)
