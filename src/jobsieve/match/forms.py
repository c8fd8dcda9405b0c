"""Sets of vocabulary forms found through the literals of a :class:`~.scan.Scan`."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import vocab
from .patterns import (
    anchors, first_chars, fold, fold_pattern, literal_forms, literal_heads, literal_prefixes, lowered,
    max_width, trie_regex,
)
from .scan import LITERALS, Scan, _spaced, scan_of

_BACKREF = re.compile(r"\\\d|\(\?P=")
# What reads groups by number or name: joined forms would read others'.
_NUMBERED = re.compile(r"\\\d|\(\?P=|\(\?\(")


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


# -- vocabulary sections: labels, scores and flags per form --------------------------------

# A letter boundary (digits and punctuation are not letters, so "MISSION1 year" splits),
# or a lower/upper case change in run-together text.
START = r"(?:(?<![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"
END = r"(?:(?![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a vocabulary section.

    A section of ``vocab/<lang>/<name>.yaml`` is a list of regexes or a mapping from a
    label to such a list; an item may also be ``{re: ..., score: 0.5, local: true,
    glued: true, cased: true}``.
    """

    label: str
    pattern: str
    score: float | None
    lang: str | None
    """The only document language it applies to (``local``), or None for every language."""
    glued: bool = False
    """Matched even when glued to the previous word ("Wilson, NCW2 Contract")."""
    cased: bool = False
    """Matched case-sensitively, as written ("VIE", not the French word "vie")."""
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


def alternation(forms: tuple[Form, ...] | list[Form]) -> str:
    """The forms as one non-capturing alternation (no boundaries added)."""
    return "|".join(f"(?:(?-i:{f.pattern}))" if f.cased else f"(?:{f.pattern})"
                    for f in forms) or r"(?!x)x"


@lru_cache(maxsize=None)
def subsection(name: str, key: str, sub: str) -> str:
    """Forms of the nested list ``<key>.<sub>`` of every language, as one alternation."""
    return alternation(section(name, f"{key}.{sub}"))


def bounded(pattern: str) -> str:
    """``pattern`` between letter boundaries."""
    return f"{START}(?:{pattern}){END}"


def is_start(text: str, i: int) -> bool:
    """Whether a word may start at ``i`` (a letter boundary or a case change)."""
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
    """Where a form matched (offsets into the original text) and which one."""

    start: int
    end: int
    text: str
    form: Form

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def label(self) -> str:
        return self.form.label

    @property
    def family(self) -> str:
        """The part of the label before the dot (``period`` for ``period.month``)."""
        return self.form.label.partition(".")[0]

    @property
    def kind(self) -> str:
        """The part of the label after the dot (``month`` for ``period.month``)."""
        return self.form.label.partition(".")[2]


# Hits are made by the dozen per posting: setting the slots directly skips the frozen
# dataclass's __init__ (a Python call setting each field through object.__setattr__), at a
# third of its cost; the object is the same.
_new_object = object.__new__
_set_start, _set_end, _set_text, _set_form = (
    Hit.__dict__[f].__set__ for f in ("start", "end", "text", "form"))


def new_hit(start: int, end: int, text: str, form: Form) -> Hit:
    """``Hit(start, end, text, form)``, made faster."""
    hit = _new_object(Hit)
    _set_start(hit, start)
    _set_end(hit, end)
    _set_text(hit, text)
    _set_form(hit, form)
    return hit


# How far before and after an anchor a form's match may reach.
_BACK, _AHEAD = 60, 100


class Matcher(Forms):
    """Vocabulary sections matched on folded text: each form around a literal that every
    one of its matches contains (its anchor), or over the whole text when it has none."""

    def __init__(self, forms: tuple[Form, ...]) -> None:
        self.forms = forms
        self.patterns: list[re.Pattern[str]] = []
        # The patterns followed by a letter boundary (so that "contract|contractor"
        # backtracks to the longer word); the plain ones find ends inside glued words.
        self.strict: list[re.Pattern[str]] = []
        self.by_anchor: dict[tuple[str, bool], list[int]] = {}
        self.unanchored: list[int] = []
        self._plans: dict[str | None, tuple] = {}
        self._unions: dict[tuple[int, ...], tuple[re.Pattern[str], tuple[int, ...] | None]] = {}
        self._glued = tuple(f.glued for f in forms)
        for i, f in enumerate(forms):
            pattern = f.pattern if f.cased else fold_pattern(f.pattern)
            self.patterns.append(re.compile(pattern))
            self.strict.append(re.compile(f"(?:{pattern})(?![^\\W\\d_])"))
            found = anchors(pattern)
            if found is None:
                self.unanchored.append(i)
            for a in found or ():
                self.by_anchor.setdefault((a, f.cased), []).append(i)
        # An anchor holding a shorter one ("contract" in "b2b contract") is looked for
        # through the shorter one.
        keys = sorted(self.by_anchor, key=lambda k: len(k[0]))
        for k in reversed(keys):
            shorter = next((o for o in keys if o != k and o[1] == k[1] and len(o[0]) >= 3
                            and len(o[0]) < len(k[0]) and o[0] in k[0] and o in self.by_anchor), None)
            if shorter is not None:
                self.by_anchor[shorter] = sorted(set(self.by_anchor[shorter]) | set(self.by_anchor.pop(k)))
        # Case-sensitive anchors ("VIE", "SI") are found folded too (one pass for all),
        # then compared with the text as written: folded, they occur everywhere.
        self._anchor_ids = {k: LITERALS.add(fold(k[0])) for k in self.by_anchor}
        self._groups: dict[tuple, tuple] = {}
        # The forms whose every match opens with their anchor: a match covering one of its
        # occurrences starts there (no window to search).
        self._opening = {(k, i) for k, idx in self.by_anchor.items() for i in idx
                         if not k[1] and self._opens(self.patterns[i].pattern, k[0])}

    @staticmethod
    def _opens(pattern: str, anchor: str) -> bool:
        pre = literal_prefixes(pattern, min_len=1)
        return pre is not None and all(p.startswith(anchor) for p in pre)

    def _plan(self, lang: str | None) -> tuple:
        """For ``lang``: the anchored groups by literal id (those looked for in folded
        text), the case-sensitive ones, and the unanchored forms."""
        plan = self._plans.get(lang)
        if plan is None:
            ok = [f.lang is None or lang is None or f.lang == lang for f in self.forms]
            by_lid: dict[int, list[tuple]] = {}
            cased_groups = []
            for (a, cased), idx in self.by_anchor.items():
                # One group per section, and the forms opening with the anchor apart: where
                # several match at one start, the form listed first wins all the same (see
                # finditer), and a group then stops at its first match.
                parts: dict[tuple[bool, str], list[int]] = {}
                for i in idx:
                    if ok[i]:
                        opens = ((a, cased), i) in self._opening
                        parts.setdefault((opens, self.forms[i].group), []).append(i)
                for (opens, _), sub in parts.items():
                    group = self._group(a, cased, tuple(sub), opens)
                    (cased_groups if cased else by_lid.setdefault(group[5], [])).append(group)
            plan = ({k: tuple(v) for k, v in by_lid.items()}, tuple(cased_groups),
                    tuple(i for i in self.unanchored if ok[i]))
            self._plans[lang] = plan
        return plan

    def _group(self, a: str, cased: bool, idx: tuple[int, ...], opens: bool) -> tuple:
        """What :meth:`_match_at` needs to find forms ``idx`` (of one section) around
        anchor ``a`` (made once, whatever the language)."""
        key = (a, cased, idx, opens)
        group = self._groups.get(key)
        if group is None:
            union, which = self._union(idx)
            starts = None if opens or cased else _starts_regex(union.pattern)
            group = self._groups[key] = (a, cased, idx, union, which, self._anchor_ids[a, cased],
                                         opens, self._reach(idx, a), starts)
        return group

    def _reach(self, idx: tuple[int, ...], anchor: str) -> int:
        """How far before an anchor a match covering it may start: a match of at most
        ``w`` characters ending past the anchor starts at most ``w - len(anchor)`` before
        it (most forms are short; the window of a search costs by its length)."""
        widths = [max_width(self.patterns[i].pattern) for i in idx]
        if any(w is None for w in widths):
            return _BACK
        return max(0, min(_BACK, max(widths) - len(anchor)))

    def _union(self, idx: tuple[int, ...]) -> tuple[re.Pattern[str], tuple[int, ...] | None]:
        """One pattern for the forms sharing an anchor (most places where an anchor occurs
        match none of them, and one search says so for all), and which form matched by
        the number of the last group a match closed (None: unknown, try each form)."""
        if idx not in self._unions:
            pats = [self.patterns[i].pattern for i in idx]
            which: tuple[int, ...] | None = None
            union = None
            # Each form in a group of its own closes last when it matches (m.lastindex);
            # numbered references would point elsewhere once the forms are joined.
            if not any(_NUMBERED.search(p) for p in pats):
                try:
                    union = re.compile("|".join(f"({p})" for p in pats))
                except re.error:
                    union = None
            if union is not None:
                slots = [-1] * (union.groups + 1)
                number = 1
                for i in idx:
                    slots[number] = i
                    number += 1 + self.patterns[i].groups
                which = tuple(slots)
            else:
                union = re.compile("|".join(f"(?:{p})" for p in pats))
            self._unions[idx] = (union, which)
        return self._unions[idx]

    def _form_at(self, idx: tuple[int, ...], which: tuple[int, ...] | None, text: str, hay: str,
                 s: int, need: int, stop: int, m: re.Match[str]) -> tuple[int, int, int] | None:
        """The first form of ``idx`` matching at ``s`` up to ``need`` at least, boundaries
        checked, as ``(start, form, end)``; ``m`` is the union's match at ``s``."""
        if which is not None:
            # The union's match is that of its first form matching at s, the one the walk
            # below would try first: most of the time it passes the checks too.
            i = which[m.lastindex]  # type: ignore[index]
            e = m.end()
            if e >= need and e != s and (self._glued[i] or is_start(text, s)):
                if is_end(text, e):
                    return s, i, e
                m = self.strict[i].match(hay, s, stop)
                if m is not None and m.end() >= need:
                    return s, i, m.end()
        for i in idx:
            m = self.patterns[i].match(hay, s, stop)
            if m is None or m.end() < need or m.end() == s:
                continue
            if not (self._glued[i] or is_start(text, s)):
                continue
            if not is_end(text, m.end()):
                m = self.strict[i].match(hay, s, stop)
                if m is None or m.end() < need:
                    continue
            return s, i, m.end()
        return None

    def _match_at(self, anchored: tuple, text: str, hay: str, at: int, lo: int,
                  hi: int) -> tuple[int, int, int] | None:
        """The first match (start, form, end) of the group covering the anchor at ``at``."""
        anchor, _, idx, union, which, _, opening, back, starts = anchored
        need = at + len(anchor)
        stop = need + _AHEAD
        if stop > hi:
            stop = hi
        if opening:
            m = union.match(hay, at, stop)
            return None if m is None else self._form_at(idx, which, text, hay, at, need, stop, m)
        # Starts further back than the reach give matches that end before the anchor.
        p = at - back
        if p < lo:
            p = lo
        if starts is not None:
            # The places up to the anchor where a form may start (its first characters
            # there), each tried: a search would also try every place after the anchor.
            end = at + 2
            c = starts.search(hay, p, end)
            while c is not None:
                s = c.start()
                if s > at:
                    break
                m = union.match(hay, s, stop)
                if m is not None:
                    got = self._form_at(idx, which, text, hay, s, need, stop, m)
                    if got is not None:
                        return got
                c = starts.search(hay, s + 1, end)
            return None
        while p <= at:
            m = union.search(hay, p, stop)
            if m is None or m.start() > at:
                break
            got = self._form_at(idx, which, text, hay, m.start(), need, stop, m)
            if got is not None:
                return got
            p = m.start() + 1
        return None

    def finditer(self, src: Any, lang: str | None = None, pos: int = 0,
                 endpos: int | None = None) -> list[Hit]:
        """Non-overlapping matches in ``text[pos:endpos]`` whose form applies to ``lang``.

        Where matches of one section overlap, the leftmost wins, then the form listed
        first (as in a regex alternation).
        """
        scan = scan_of(src)
        key = (self, lang, pos, endpos)
        got = scan.memo.get(key)
        if got is not None:
            return got
        text, low = scan.text, scan.low
        size = len(text)
        hi = size if endpos is None or endpos > size else endpos
        whole = pos <= 0 and hi == size
        hits = scan.hits()
        found: set[tuple[int, int, int]] = set()
        add = found.add
        by_lid, cased_groups, unanchored = self._plan(lang)
        match_at = self._match_at
        # Only the anchors that occur (C walks the smaller set); in a window, only the
        # occurrences inside it (the positions are sorted).
        for lid in by_lid.keys() & hits.keys():
            ats = hits[lid]
            for group in by_lid[lid]:
                window = ats if whole else \
                    ats[bisect_left(ats, pos):bisect_right(ats, hi - len(group[0]))]
                for at in window:
                    one = match_at(group, text, low, at, pos, hi)
                    if one is not None:
                        add(one)
        starts_with = text.startswith
        for group in cased_groups:
            anchor = group[0]
            n = len(anchor)
            for at in hits.get(group[5], ()):
                if at < pos or at + n > hi or not starts_with(anchor, at):
                    continue
                one = match_at(group, text, text, at, pos, hi)
                if one is not None:
                    add(one)
        for i in unanchored:
            hay = text if self.forms[i].cased else low
            for m in self.patterns[i].finditer(hay, pos, hi):
                if m.end() > m.start() and (self.forms[i].glued or is_start(text, m.start())) \
                        and is_end(text, m.end()):
                    add((m.start(), i, m.end()))
        out: list[Hit] = []
        last_end: dict[str, int] = {}
        forms = self.forms
        for start, i, end in sorted(found):
            group = forms[i].group
            if start >= last_end.get(group, -1):
                out.append(new_hit(start, end, text[start:end], forms[i]))
                last_end[group] = end
        scan.memo[key] = out
        return out


def _starts_regex(pattern: str) -> re.Pattern[str] | None:
    """A regex of what every match of ``pattern`` (on folded text) opens with: its first
    two characters when literal, else its first character; None when it may open with
    anything. It starts with characters, so the engine skips other places in C."""
    heads = literal_heads(pattern, 2)
    if heads is not None:
        return re.compile(trie_regex(heads))
    chars = first_chars(pattern)
    if chars:
        return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
    return None


@lru_cache(maxsize=None)
def matcher(name: str, *keys: str) -> Matcher:
    """Sections ``keys`` of vocabulary ``name``, ready to scan texts in one pass (each hit
    says its section in ``hit.form.group``)."""
    return Matcher(tuple(f for k in keys for f in section(name, k)))
