"""Vocabulary sections matched on folded text around their anchors (:class:`Matcher`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

from .folding import fold, fold_pattern
from .forms import Forms
from .patterns import anchors, first_chars, literal_heads, literal_prefixes, max_width
from .regex_text import trie_regex
from .scan import LITERALS, scan_of
from .section_forms import Form, Hit, is_end, is_start, new_hit, section

# What reads groups by number or name: joined forms would read others'.
_NUMBERED = re.compile(r"\\\d|\(\?P=|\(\?\(")

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
