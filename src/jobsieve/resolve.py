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


def _rank(c: Candidate) -> tuple[bool, float, int]:
    return (not c.rule.startswith("hint."), -c.score, c.span[0])


def ranked(cands: Iterable[Candidate]) -> list[Candidate]:
    """Candidates best first: hints, then score, then position."""
    return sorted(cands, key=_rank)


def _show(c: Candidate) -> str:
    return repr(c.text.strip())


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
    order = sorted(cands, key=_rank)
    if not order:
        return None
    best = order[0]
    if len(order) == 1:  # most fields of most postings: nothing to compare
        trace.use(path, best)
        return best
    eq = same or (lambda a, b: a == b)
    show = describe or _show
    # Descriptions are pure: each is made once (the winner's only if something is rejected).
    shown_best: str | None = None
    agreeing = [best]
    for c in order[1:]:
        if eq(c.value, best.value):
            agreeing.append(c)
            continue
        if shown_best is None:
            shown_best = show(best)
        shown = show(c)
        trace.reject(c, f"{path}: {shown_best} ({best.rule}) kept over {shown} ({c.rule})")
        if c.score >= STRONG and best.score >= STRONG:
            trace.warn(f"{path}: {shown} disagrees with {shown_best}: {shown_best} kept")
    trace.use(path, *agreeing)
    return best
