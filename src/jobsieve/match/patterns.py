"""What a regex can match, read from its parsed form.

Reading a regex's literals needs Python's regex parser (``re._parser``), a private module:
every use goes through :func:`_parse`, and when it is missing or fails the answer is
"unknown" (``None``) and callers fall back to scanning the slow way.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons, or a future one without it
    try:
        import sre_parse as _p  # type: ignore[no-redef]
    except ImportError:
        _p = None  # type: ignore[assignment]

MAX_VARIANTS = 64


class _TooMany(Exception):
    pass


def _parse(pattern: str, flags: int = 0) -> list | None:
    """The parsed items of ``pattern``, or None (no parser, or a pattern it cannot read)."""
    if _p is None:
        return None
    try:
        return list(_p.parse(pattern, flags))
    except Exception:  # a private API: any surprise means "unknown", never a crash
        return None


def _op(op: Any) -> str:
    return getattr(op, "name", str(op))


def _is_space(name: str, av: Any) -> bool:
    """Whether a parsed item matches at least one character, all of them white space."""
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        if av[0] < 1 or len(av[2]) != 1:
            return False
        name, av = _op(av[2][0][0]), av[2][0][1]
    return name == "IN" and bool(av) and all(
        _op(o) == "CATEGORY" and _op(a) in ("CATEGORY_SPACE", "CATEGORY_UNI_SPACE") for o, a in av)


def _texts(items: list, prefixes: list[str], whole: bool, cut: int = 0,
           space: bool = False) -> tuple[list[str], bool]:
    """Extend ``prefixes`` through parsed ``items``; say whether they were literal to the end.

    Optional parts and alternatives multiply the texts; with ``whole`` a non-literal item
    stops the walk (the texts so far are prefixes), else it gives up (None-like False).
    With ``cut`` every text is cut to that many characters and the walk stops once all are
    that long (alternatives then stop multiplying). With ``space`` white space (``\\s``,
    ``\\s+``) ends the texts with one space and stops the walk."""
    for op, av in items:
        if cut and all(len(p) >= cut for p in prefixes):
            return prefixes, True
        name = _op(op)
        if name == "AT":
            continue
        if name == "LITERAL":
            prefixes = [p + chr(av).lower() for p in prefixes]
        elif space and _is_space(name, av):
            return [p + " " for p in prefixes], False
        elif name == "IN" and all(_op(o) == "LITERAL" for o, _ in av):
            chars = sorted({chr(a).lower() for _, a in av})
            if not cut and len(prefixes) * len(chars) > MAX_VARIANTS:
                return prefixes, False
            prefixes = [p + c for p in prefixes for c in chars]
        elif name == "SUBPATTERN":
            prefixes, done = _texts(list(av[-1]), prefixes, whole, cut, space)
            if not done:
                return prefixes, False
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0 and av[1] == 1:
            new, done = _texts(list(av[2]), prefixes, whole, cut, space)
            if not done:
                return prefixes, False
            prefixes = sorted(set(prefixes + new))
            if not cut and len(prefixes) > MAX_VARIANTS:
                raise _TooMany
        elif name == "BRANCH":
            out: list[str] = []
            complete = True
            for branch in av[1]:
                new, done = _texts(list(branch), prefixes, whole, cut, space)
                out += new
                complete = complete and done
                if not cut and len(out) > MAX_VARIANTS:
                    raise _TooMany
            prefixes = sorted(set(out))
            if not complete:
                return prefixes, False
        else:
            return prefixes, False
        if cut:
            prefixes = sorted({p[:cut] for p in prefixes})
    return prefixes, True


def _walk(pattern: str, space: bool = False) -> tuple[list[str], bool] | None:
    items = _parse(pattern, re.I)
    if items is None:
        return None
    try:
        return _texts(items, [""], True, space=space)
    except (_TooMany, TypeError, ValueError, IndexError):
        return None


def literal_prefixes(pattern: str, min_len: int = 2, *, space: bool = False) -> list[str] | None:
    """The lower-case literal texts every match of ``pattern`` starts with, or None; with
    ``space``, white space after a text ends it with one space (which stands for any).

    >>> literal_prefixes(r"\\bbas[ée]e?\\s+à")
    ['base', 'basee', 'basé', 'basée']
    >>> literal_prefixes(r"\\bbas[ée]e?\\s+à", space=True)
    ['base ', 'basee ', 'basé ', 'basée ']
    """
    walked = _walk(pattern, space)
    if walked is None:
        return None
    prefixes = sorted(set(walked[0]))
    if not prefixes or any(len(p) < min_len for p in prefixes):
        return None
    return prefixes


def literal_heads(pattern: str, n: int = 3) -> list[str] | None:
    """The lower-case texts of at most ``n`` characters every match of ``pattern`` starts
    with, or None (a match may start with anything).

    >>> literal_heads(r"\\b(?:get|receive) (?:the latest|new)")
    ['get', 'rec']
    """
    items = _parse(pattern, re.I)
    if items is None:
        return None
    try:
        heads = sorted({h[:n] for h in _texts(items, [""], True, n)[0]})
    except (TypeError, ValueError, IndexError):
        return None
    if not heads or any(not h for h in heads):
        return None
    return heads


def literal_forms(pattern: str) -> list[str] | None:
    """Every text a purely literal pattern can match (lower case), or None.

    >>> literal_forms("lieu(?: de travail)?")
    ['lieu', 'lieu de travail']
    """
    walked = _walk(pattern)
    if walked is None or not walked[1] or not all(walked[0]):
        return None
    return sorted(set(walked[0]))


_MAX_ANCHOR_VARIANTS = 8


def _anchor_cost(options: frozenset[str]) -> float:
    """Rough cost of looking for ``options``: a search each, plus a pattern run per
    occurrence (n letters occur about once in 4**n positions; digits are rarer)."""
    return sum(1 + 2000 * 4.0 ** -(len(a.strip()) + sum(ch.isdigit() for ch in a)) for a in options)


def _literal_head(items: list) -> tuple[str, bool]:
    """The literal text a sequence opens with, and whether that is all of it."""
    head = []
    for op, av in items:
        if _op(op) != "LITERAL":
            return "".join(head), False
        head.append(chr(av))
    return "".join(head), True


def _anchor_sets(items: list) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = [""]

    def flush() -> None:
        if run != [""]:
            # A variant holding another ("cddi" holds "cdd") adds nothing to look for.
            options.append(frozenset(a for a in run if not any(b != a and b in a for b in run)))
        run[:] = [""]

    for op, av in items:
        name = _op(op)
        if name == "LITERAL":
            run[:] = [v + chr(av) for v in run]
            continue
        if name == "IN" and all(_op(o) == "LITERAL" for o, _ in av) \
                and len(run) * len({c for _, c in av}) <= _MAX_ANCHOR_VARIANTS:
            # A small class ("[ée]", both "e" once folded) multiplies the literal.
            run[:] = list(dict.fromkeys(v + chr(c) for v in run for _, c in av))
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0 and av[1] == 1 and run != [""]:
            # An optional character or class inside a word ("télé[- ]?travail"): the word
            # with and without it.
            opt = list(av[2])
            texts = None
            if len(opt) == 1 and _op(opt[0][0]) == "IN" and all(_op(o) == "LITERAL" for o, _ in opt[0][1]):
                texts = [chr(c) for c in sorted({c for _, c in opt[0][1]})]
            elif len(opt) == 1 and _op(opt[0][0]) == "SUBPATTERN":
                opt = list(opt[0][1][-1])  # an optional group: "mode(?: de)? travail"
            if texts is None:
                head, whole = _literal_head(opt)
                texts = [head] if whole and head else None
            if texts is not None and len(run) * (len(texts) + 1) <= _MAX_ANCHOR_VARIANTS:
                run[:] = list(dict.fromkeys([v for v in run] + [v + t for v in run for t in texts]))
                continue
        if name == "BRANCH" and run != [""]:
            # A branch after a literal ("V(?:SI|IE)", as re factors "VSI|VIE"): each
            # variant goes on with each branch's opening literal, which is longer to look
            # for than the shared head or the branches' own tails ("SI", "IE").
            heads = [_literal_head(list(a)) for a in av[1]]
            grown = list(dict.fromkeys(v + h for v in run for h, _ in heads))
            if len(grown) <= _MAX_ANCHOR_VARIANTS:
                if all(whole for _, whole in heads):
                    run[:] = grown
                    continue
                options.append(frozenset(a for a in grown if not any(b != a and b in a for b in grown)))
        flush()
        sub = None
        if name == "SUBPATTERN":
            sub = _anchor_sets(list(av[-1]))
        elif name == "BRANCH":
            alts = [_anchor_sets(list(a)) for a in av[1]]
            if alts and all(alts):
                sub = frozenset().union(*alts)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            sub = _anchor_sets(list(av[2]))
        if sub:
            options.append(sub)
    flush()
    options = [o for o in options if min(len(a.strip()) for a in o) >= 2]
    return min(options, key=_anchor_cost) if options else None


def anchors(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains (None if unsure).

    >>> sorted(anchors("(?:un|le) stage")), sorted(anchors("cddi?"))
    ([' stage'], ['cdd'])
    """
    items = _parse(pattern)
    if items is None:
        return None
    try:
        return _anchor_sets(items)
    except (TypeError, ValueError, IndexError):
        return None


def reach(pattern: str) -> int | None:
    """An upper bound of how many characters from where a match of ``pattern`` starts it
    reads (what lookaheads read included), or None when unbounded, unknown, or when it
    looks behind (it would read before its start)."""
    if _p is None:
        return None
    try:
        return _reach(list(_p.parse(pattern)))
    except Exception:  # a private API: any surprise means "unknown"
        return None


def _reach(items: list) -> int | None:
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "RANGE", "CATEGORY"):
            w: int | None = 1
        elif name == "AT":
            w = 0
        elif name in ("SUBPATTERN",):
            w = _reach(list(av[-1]))
        elif name == "ATOMIC_GROUP":
            w = _reach(list(av))
        elif name == "BRANCH":
            ws = [_reach(list(b)) for b in av[1]]
            w = None if any(x is None for x in ws) else max(ws, default=0)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            one = _reach(list(sub))
            w = None if one is None or hi >= 1 << 16 else hi * one
        elif name in ("ASSERT", "ASSERT_NOT"):
            w = _reach(list(av[1])) if av[0] > 0 else None
        else:  # back-references, conditionals, anything new
            w = None
        if w is None:
            return None
        total += w
    return total


def max_width(pattern: str) -> int | None:
    """The most characters a match of ``pattern`` can span (lookarounds span none), or
    None when unbounded or unknown."""
    if _p is None:
        return None
    try:
        hi = _p.parse(pattern).getwidth()[1]
    except Exception:  # a private API: any surprise means "unknown"
        return None
    return hi if isinstance(hi, int) and hi < 1 << 16 else None


_MAX_RANGE = 400


def _first(items: list) -> tuple[frozenset[str] | None, bool]:
    """Possible first characters of a sequence (None: any) and whether it can be empty."""
    out: set[str] = set()
    for op, av in items:
        name = _op(op)
        nullable = False
        if name == "LITERAL":
            f: frozenset[str] | None = frozenset({chr(av).lower()})
        elif name == "IN":
            chars: set[str] = set()
            for iop, iav in av:
                if _op(iop) == "LITERAL":
                    chars.add(chr(iav).lower())
                elif _op(iop) == "RANGE" and iav[1] - iav[0] <= _MAX_RANGE:
                    chars.update(chr(x).lower() for x in range(iav[0], iav[1] + 1))
                else:
                    return None, False
            f = frozenset(chars)
        elif name == "SUBPATTERN":
            f, nullable = _first(list(av[-1]))
        elif name == "BRANCH":
            acc: set[str] = set()
            for alt in av[1]:
                g, n = _first(list(alt))
                if g is None:
                    return None, False
                acc |= g
                nullable |= n
            f = frozenset(acc)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            f, nullable = _first(list(av[2]))
            nullable = nullable or av[0] == 0
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            f, nullable = frozenset(), True
        else:
            return None, False
        if f is None:
            return None, False
        out |= f
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def first_chars(pattern: str) -> frozenset[str] | None:
    """Lower-cased characters a match of ``pattern`` can start with (``None``: any)."""
    items = _parse(pattern)
    if items is None:
        return None
    try:
        f, nullable = _first(items)
    except (TypeError, ValueError, IndexError):
        return None
    return None if nullable else f


def required_literals(pattern: str, min_len: int = 3) -> frozenset[str] | None:
    """Lower-cased literals of which every match of ``pattern`` contains one: the smallest
    such set found at its top level (a literal run, or a group of plain alternatives), or
    ``None`` when none has strings of ``min_len`` characters."""
    items = _parse(pattern)
    if items is None:
        return None
    cands: list[list[str]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is not None and _op(op) == "LITERAL":
            run.append(chr(av).lower())
            continue
        if run:
            cands.append(["".join(run)])
            run = []
        if op is not None and _op(op) in ("SUBPATTERN", "BRANCH"):
            try:
                alts, done = _texts([(op, av)], [""], False)
            except (_TooMany, TypeError, ValueError, IndexError):
                continue
            if done and alts and all(alts):
                cands.append(alts)
    cands = [c for c in cands if min(map(len, c)) >= min_len]
    if not cands:
        return None
    return frozenset(min(cands, key=lambda c: (len(c), -min(map(len, c)))))
