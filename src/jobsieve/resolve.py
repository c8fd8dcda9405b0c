"""Shared resolution rules: pick one candidate per key, keep the others with a reason.

Documented order (a field's resolver may refine it, and says so):

1. structured hints (JSON-LD, France Travail fields) outrank text candidates, unless a
   text candidate is strictly more precise (the field's resolver decides);
2. higher ``score`` wins (rules score what they trust: a labelled line beats a bare number);
3. on equal score, the earliest candidate in the text wins (headers and first mentions
   state the posting's own values; later mentions are often examples or other jobs).

Rejected candidates whose value differs from the winner are recorded in the trace; when
two strong candidates disagree, a warning says which was kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .doc import Candidate, Trace

STRONG = 0.8
"""Two disagreeing candidates both scoring at least this much produce a warning."""


def ranked(cands: Iterable[Candidate]) -> list[Candidate]:
    """Candidates best first: hints, then score, then position."""
    return sorted(cands, key=lambda c: (not c.rule.startswith("hint."), -c.score, c.span[0]))


def pick(
    cands: Iterable[Candidate],
    trace: Trace,
    path: str,
    *,
    same: Callable[[Any, Any], bool] | None = None,
    describe: Callable[[Candidate], str] | None = None,
) -> Candidate | None:
    """Choose the best candidate for ``path``; record evidence, rejections and conflicts.

    Candidates agreeing with the winner (``same``, default ``==``) add their spans to the
    evidence; the others are rejected, and a warning is emitted when a rejected one was
    strong too.
    """
    order = ranked(cands)
    if not order:
        return None
    eq = same or (lambda a, b: a == b)
    show = describe or (lambda c: repr(c.text.strip()))
    best = order[0]
    agreeing = [best]
    for c in order[1:]:
        if eq(c.value, best.value):
            agreeing.append(c)
            continue
        trace.reject(c, f"{path}: {show(best)} ({best.rule}) kept over {show(c)} ({c.rule})")
        if c.score >= STRONG and best.score >= STRONG:
            trace.warn(f"{path}: {show(c)} disagrees with {show(best)}: {show(best)} kept")
    trace.use(path, *agreeing)
    return best
