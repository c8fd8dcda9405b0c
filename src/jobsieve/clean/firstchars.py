"""Which characters can open a match of a regular expression.

Vocabulary alternations hold hundreds of forms, and Python's regex engine tries them one
by one at each position; most lines tested against them start with a letter no form can
start with. Knowing the possible first characters lets callers skip those lines, or try
only the forms that can match.
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# Ranges wider than this are treated as "any character".
_MAX_RANGE = 400

First = tuple[frozenset[str] | None, bool]
"""Possible first characters (``None``: any) and whether the piece can match nothing."""


def _item(op, av) -> First:
    if op is _c.LITERAL:
        return frozenset({chr(av).lower()}), False
    if op is _c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is _c.LITERAL:
                chars.add(chr(iav).lower())
            elif iop is _c.RANGE and iav[1] - iav[0] <= _MAX_RANGE:
                chars.update(chr(x).lower() for x in range(iav[0], iav[1] + 1))
            else:
                return None, False
        return frozenset(chars), False
    if op is _c.SUBPATTERN:
        return _seq(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alt in av[1]:
            f, n = _seq(alt)
            if f is None:
                return None, False
            out |= f
            nullable |= n
        return frozenset(out), nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op.name == "POSSESSIVE_REPEAT":
        f, n = _seq(av[2])
        return f, n or av[0] == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset(), True
    return None, False


def _seq(items) -> First:
    out: set[str] = set()
    for op, av in items:
        f, nullable = _item(op, av)
        if f is None:
            return None, False
        out |= f
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def first_chars(pattern: str) -> frozenset[str] | None:
    """Lower-cased characters a match of ``pattern`` can start with (``None``: any)."""
    try:
        f, nullable = _seq(_p.parse(pattern))
    except (re.error, TypeError, AttributeError):
        return None
    return None if nullable else f


_MAX_EXPANSIONS = 64


def _expand(items) -> list[str] | None:
    """Every string a sequence of literals, literal sets and plain alternatives can match
    (lower-cased), or ``None`` when it holds anything else or too many strings."""
    out = [""]
    for op, av in items:
        if op is _c.LITERAL:
            opts = [chr(av).lower()]
        elif op is _c.AT:
            continue
        elif op is _c.IN and all(o is _c.LITERAL for o, _ in av):
            opts = sorted({chr(a).lower() for _, a in av})
        elif op is _c.SUBPATTERN:
            opts = _expand(av[-1])
        elif op is _c.BRANCH:
            opts = []
            for alt in av[1]:
                sub = _expand(alt)
                if sub is None:
                    return None
                opts += sub
        else:
            return None
        if opts is None:
            return None
        out = [a + b for a in out for b in opts]
        if len(out) > _MAX_EXPANSIONS:
            return None
    return out


def required_literals(pattern: str, min_len: int = 3) -> frozenset[str] | None:
    """Lower-cased literals of which every match of ``pattern`` contains one: the smallest
    such set found at its top level (a literal run, or a group of plain alternatives), or
    ``None`` when none has strings of ``min_len`` characters."""
    try:
        items = list(_p.parse(pattern))
    except (re.error, TypeError, AttributeError):
        return None
    cands: list[list[str]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            cands.append(["".join(run)])
            run = []
        if op is _c.SUBPATTERN or op is _c.BRANCH:
            alts = _expand([(op, av)])
            if alts:
                cands.append(alts)
    cands = [c for c in cands if min(map(len, c)) >= min_len]
    if not cands:
        return None
    return frozenset(min(cands, key=lambda c: (len(c), -min(map(len, c)))))
