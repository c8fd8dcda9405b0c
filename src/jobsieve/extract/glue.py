"""Words glued together by flattened pages ("as neededBonus Points", "EDUCATIONMaster's").

The shared one-pass search (:mod:`.triggers`) finds forms at word starts of the lower-cased
text, where a glued word has none. The few places where a capital letter follows a
lower-case one are found once per posting, and a :class:`~.triggers.Finder`'s forms are
tried there too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from .triggers import Finder

# A capital after a lower-case letter ("neededBonus"), or a capitalised word after a word in
# capitals ("EDUCATIONMaster's degree").
_GLUE = re.compile(r"[A-ZÀ-Þ](?:(?<=[a-zß-ÿ][A-ZÀ-Þ])|(?<=[A-ZÀ-Þ]{3})(?=[a-zß-ÿ]{2}))")
_lock = threading.Lock()
_last: tuple[str, list[int]] | None = None
_heads: dict[int, dict[str, list[str]]] = {}


def glue_starts(text: str) -> list[int]:
    """Offsets of capital letters glued to a lower-case letter (remembered for the last text)."""
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    found = [m.start() for m in _GLUE.finditer(text)]
    with _lock:
        _last = (text, found)
    return found


def _by_head(finder: Finder) -> dict[str, list[str]]:
    heads = _heads.get(id(finder))
    if heads is None:
        heads = {}
        for prefix in finder.by_prefix:
            heads.setdefault(prefix[:2], []).append(prefix)
        with _lock:
            _heads[id(finder)] = heads
    return heads


def finditer_glued(finder: Finder, text: str, low: str) -> Iterator[tuple[int, re.Match[str]]]:
    """``(pattern index, match)`` for the forms of ``finder`` starting at a glued word."""
    heads = _by_head(finder)
    for pos in glue_starts(text):
        for prefix in heads.get(low[pos:pos + 2], ()):
            if low.startswith(prefix, pos):
                for i in finder.by_prefix[prefix]:
                    m = finder.regexes[i].match(text, pos)
                    if m:
                        yield i, m
