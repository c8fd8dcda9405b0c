"""Regexes and labels found in postings through the literals of a :class:`~.scan.Scan`.

- :class:`Forms`: a set of forms whose literals are registered with the shared scan;
- :class:`Finder`: plain regexes run on the original text from the word starts where
  one of their literal prefixes occurs;
- :class:`LabelFinder`: plain-text labels before a colon, even glued to the previous word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .folding import fold, lowered
from .patterns import literal_forms, literal_prefixes
from .scan import LITERALS, Scan, _spaced, scan_of

_BACKREF = re.compile(r"\\\d|\(\?P=")


class Forms:
    """A set of forms looked for through literals registered with the shared scan."""

    def _register(self, literal_forms_: dict[str, list[int]], word: bool = False) -> None:
        """Look for these (unfolded) literals, each opening or anchoring some forms; at word
        starts only if ``word``."""
        by_lit: dict[int, set[int]] = {}
        for lit, idxs in literal_forms_.items():
            by_lit.setdefault(LITERALS.add(fold(lit), word), set()).update(idxs)
        self._lits = {k: sorted(v) for k, v in by_lit.items()}


def _uncovered(literal_forms_: dict[str, list[int]]) -> dict[str, list[int]]:
    """The literals of word starts, each with the forms no shorter one opens already.

    Where a literal occurs so does every literal it starts with (as the scan reads them),
    and the forms of those are tried there anyway: a form listed again under the longer
    literal would be tried twice (or looked for through one more match of the scan).
    Every (place, form) pair then comes from one literal only.
    """
    key = {lit: _spaced(fold(lit), True) for lit in literal_forms_}
    seen: dict[bytes, set[int]] = {}
    out: dict[str, list[int]] = {}
    for lit in sorted(literal_forms_, key=lambda w: (len(key[w]), w)):
        k = key[lit]
        covered: set[int] = set()
        for n in range(1, len(k) + 1):
            covered |= seen.get(k[:n], set())
        forms = set(literal_forms_[lit])
        seen.setdefault(k, set()).update(forms)
        if forms - covered:
            out[lit] = sorted(forms - covered)
    return out


class Finder(Forms):
    """Regexes searched together; matches come back sorted by position."""

    def __init__(self, patterns: list[str], flags: int = re.I) -> None:
        self.regexes = [re.compile(p, flags) for p in patterns]
        self.by_prefix: dict[str, list[int]] = {}
        self.slow: list[int] = []
        # The literals looked for run on through white space ("in " for "in\s+our"): the
        # scan reads any non-word character as a space, and a short word followed by a
        # space occurs far less often than as the start of any word ("in", "interest").
        spaced: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            pre = literal_prefixes(p)
            if pre is not None and not all(w[0].isalnum() for w in pre):
                pre = None  # literals are looked for at word starts only
            if pre is None:
                self.slow.append(i)
                continue
            for s in pre:
                self.by_prefix.setdefault(s, []).append(i)
            for s in literal_prefixes(p, space=True) or pre:
                spaced.setdefault(s, []).append(i)
        self._register(_uncovered(spaced), word=True)
        self._unions: dict[int, re.Pattern[str] | None] = {}
        # Prefixes by their first two folded characters, for glued word starts.
        self._heads: dict[str, list[tuple[str, list[int]]]] = {}
        for lit, idxs in self.by_prefix.items():
            f = fold(lit)
            self._heads.setdefault(f[:2], []).append((f, idxs))

    def _union(self, lid: int) -> re.Pattern[str] | None:
        """One regex for the forms opening with one literal: most places where the literal
        occurs match none of them, and one try says so for all (None: try each)."""
        if lid not in self._unions:
            idxs = self._lits[lid]
            pats = [self.regexes[i].pattern for i in idxs]
            rx = None
            # Numbered back-references would point elsewhere once the forms are joined.
            if len(idxs) > 1 and not any(_BACKREF.search(p) for p in pats):
                try:
                    rx = re.compile("|".join(f"(?:{p})" for p in pats), self.regexes[idxs[0]].flags)
                except re.error:  # named groups repeated across forms
                    rx = None
            self._unions[lid] = rx
        return self._unions[lid]

    def _found(self, scan: Scan) -> list[tuple[int, re.Match[str]]]:
        key = self
        got = scan.memo.get(key)
        if got is not None:
            return got
        text, hits = scan.text, scan.hits()
        found: dict[tuple[int, int], re.Match[str]] = {}
        lits, regexes, unions = self._lits, self.regexes, self._unions
        for lid in lits.keys() & hits.keys():  # C walks the smaller of the two
            idxs, positions = lits[lid], hits[lid]
            union = unions.get(lid, False)
            if union is False:
                union = self._union(lid)
            if union is not None:
                um = union.match
                positions = [pos for pos in positions if um(text, pos) is not None]
            # Each (place, form) pair comes from one literal only (see _uncovered).
            for i in idxs:
                rm = regexes[i].match
                for pos in positions:
                    m = rm(text, pos)
                    if m:
                        found[pos, i] = m
        for i in self.slow:
            for m in self.regexes[i].finditer(text):
                found.setdefault((m.start(), i), m)
        got = scan.memo[key] = [(i, found[pos, i]) for pos, i in sorted(found)]
        return got

    def finditer(self, src: Any) -> Iterator[tuple[int, re.Match[str]]]:
        """``(pattern index, match)`` pairs by start offset (overlaps allowed across patterns)."""
        return iter(self._found(scan_of(src)))

    def find_all(self, src: Any) -> list[tuple[int, re.Match[str]]]:
        """:meth:`finditer` and :meth:`finditer_glued` together, by start offset."""
        scan = scan_of(src)
        key = (self, "all")
        got = scan.memo.get(key)
        if got is None:
            base = self._found(scan)
            glued = list(self.finditer_glued(scan))
            if glued:
                found = {(m.start(), i): m for i, m in base}
                for i, m in glued:
                    found.setdefault((m.start(), i), m)
                got = [(i, m) for (_, i), m in sorted(found.items())]
            else:  # already in that order
                got = list(base)
            scan.memo[key] = got
        return got

    def grouped(self, src: Any, tags: tuple[tuple[str, str], ...]) -> dict[str, list[tuple[str, re.Match[str]]]]:
        """:meth:`find_all`'s matches by group, as ``(label, match)``, where ``tags[i]`` is
        the ``(group, label)`` of pattern ``i`` (one search for several groups of forms)."""
        scan = scan_of(src)
        key = (self, "grouped")
        got = scan.memo.get(key)
        if got is None:
            got = {}
            for i, m in self.find_all(scan):
                group, label = tags[i]
                got.setdefault(group, []).append((label, m))
            scan.memo[key] = got
        return got

    def finditer_glued(self, src: Any) -> Iterator[tuple[int, re.Match[str]]]:
        """The same for forms starting at a capital glued to the word before
        ("...généralesRéférence2024-00871")."""
        scan = scan_of(src)
        text, low, heads = scan.text, scan.low, self._heads
        at = scan.glued_at()
        common = heads.keys() & at.keys()  # mostly none: no loop over the glued places
        places = sorted(p for h in common for p in at[h]) if len(common) > 1 else \
            [p for h in common for p in at[h]]
        for pos in places:
            for prefix, idxs in heads[low[pos:pos + 2]]:
                if low.startswith(prefix, pos):
                    for i in idxs:
                        m = self.regexes[i].match(text, pos)
                        if m:
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
        self._longest = max(map(len, self.forms), default=0)
        self._reach = max(40, self._longest)
        # The letters forms end with: most colons follow another one, and one look at
        # the character before them rules them out.
        self._last = frozenset(f[-1] for f in self.forms)

    def at_colon(self, text: str, pos: int) -> tuple[int, int] | None:
        """``(label start, value start)`` if a label is written before the colon at ``pos``."""
        end = pos
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        c = text[end - 1] if end else ""
        last = self._last
        # lowered() makes it its lower case, itself, or (a capital sigma) a final sigma.
        if not c or (c not in last and c.lower() not in last
                     and not (c == "\u03a3" and "\u03c2" in last)):
            return None
        reach = self._reach
        lo = end - reach if end > reach else 0
        before = lowered(text[lo:end])
        if not before.endswith(self.forms, max(0, len(before) - 40)):
            return None
        form = next(f for f in self.forms if before.endswith(f))
        start = end - len(form)
        # Inside a word ("relocation:") unless glued with a capital ("ManagerLocation:").
        if start > 0 and text[start - 1].isalnum() and not text[start].isupper():
            return None
        value, n = pos + 1, len(text)
        while value < n and text[value] in " \t":
            value += 1
        return start, value

    def finditer(self, src: Any) -> Iterator[tuple[int, int]]:
        """``(label start, value start)`` for each label written before a colon."""
        text = src if isinstance(src, str) else scan_of(src).text
        pos = text.find(":")
        while pos >= 0:
            found = self.at_colon(text, pos)
            if found is not None:
                yield found
            pos = text.find(":", pos + 1)
