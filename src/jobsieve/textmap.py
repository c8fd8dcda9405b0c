"""Build a new text from pieces of an old one while keeping a map back to the old offsets.

Readers and cleaners rewrite text (strip Markdown markers, drop chrome, repair encoding).
Every rewrite goes through a :class:`TextBuilder`, so that a span in the final cleaned text
can be traced back to the source text (for highlighting) and a span found by a reader in
its own text can be carried forward into the cleaned text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .model import Span


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets of a derived text back to the text it was built from.

    Each segment says: ``length`` characters at ``dst`` in the derived text came from
    ``src_length`` characters at ``src`` in the source. When both lengths are equal the
    characters map one to one; otherwise (a replacement) every character maps to the
    segment's source start.
    """

    dst: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    length: list[int] = field(default_factory=list)
    src_length: list[int] = field(default_factory=list)
    inner: OffsetMap | None = None

    def to_source(self, pos: int) -> int:
        """Offset in the original source of the character at ``pos`` of the derived text."""
        out = self._one_to_source(pos)
        return self.inner.to_source(out) if self.inner is not None else out

    def _one_to_source(self, pos: int) -> int:
        i = bisect_right(self.dst, pos) - 1
        if i < 0:
            return 0
        if self.length[i] == self.src_length[i] and pos < self.dst[i] + self.length[i]:
            return self.src[i] + (pos - self.dst[i])
        if pos >= self.dst[i] + self.length[i]:
            return self.src[i] + self.src_length[i]
        return self.src[i]

    def span_to_source(self, span: Span) -> Span:
        """Source span covering the derived span ``[start, end)``."""
        start, end = span
        if end <= start:
            s = self.to_source(start)
            return (s, s)
        return (self.to_source(start), self.to_source(end - 1) + 1)

    def from_source(self, pos: int) -> int | None:
        """Derived offset of source offset ``pos`` of the text this map was built from.

        Only the outermost level is inverted (the reader's text, for hints); returns
        ``None`` when that source character was dropped.
        """
        # src is non-decreasing because builders copy the source in order.
        i = bisect_right(self.src, pos) - 1
        while i >= 0 and self.src_length[i] == 0:
            i -= 1
        if i < 0 or pos >= self.src[i] + self.src_length[i]:
            return None
        if self.length[i] == self.src_length[i]:
            return self.dst[i] + (pos - self.src[i])
        return self.dst[i]

    def span_from_source(self, span: Span) -> Span | None:
        """Derived span of a source span, or ``None`` if its start or end was dropped."""
        s = self.from_source(span[0])
        e = self.from_source(span[1] - 1) if span[1] > span[0] else s
        if s is None or e is None:
            return None
        return (s, e + 1 if span[1] > span[0] else s)

    def then(self, inner: OffsetMap | None) -> OffsetMap:
        """This map followed by ``inner`` (which maps this map's source further back)."""
        if inner is None:
            return self
        m = OffsetMap(self.dst, self.src, self.length, self.src_length, self.inner)
        m.inner = inner if self.inner is None else self.inner.then(inner)
        return m


class TextBuilder:
    """Append pieces of a source text (copied, replaced or inserted) and build text + map."""

    __slots__ = ("_parts", "_map", "_pos")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._map = OffsetMap()
        self._pos = 0

    def __len__(self) -> int:
        return self._pos

    def _add(self, s: str, src: int, src_len: int) -> None:
        if not s:
            return
        m = self._map
        # Merge with the previous segment when both are verbatim and contiguous.
        if (
            m.dst and m.length[-1] == m.src_length[-1] and len(s) == src_len
            and m.src[-1] + m.src_length[-1] == src and m.dst[-1] + m.length[-1] == self._pos
        ):
            m.length[-1] += len(s)
            m.src_length[-1] += src_len
        else:
            m.dst.append(self._pos)
            m.src.append(src)
            m.length.append(len(s))
            m.src_length.append(src_len)
        self._parts.append(s)
        self._pos += len(s)

    def extend(self, pieces: list[tuple[str, int, int]]) -> None:
        """Append each ``(text, src, src_len)`` of ``pieces`` as :meth:`replace` would."""
        # The loop of _add with its lookups made once: cleaning appends thousands of pieces.
        m = self._map
        dst, src, length, src_length = m.dst, m.src, m.length, m.src_length
        parts = self._parts
        pos = self._pos
        for s, at, n_src in pieces:
            if not s:
                continue
            n = len(s)
            if (
                dst and length[-1] == src_length[-1] and n == n_src
                and src[-1] + src_length[-1] == at and dst[-1] + length[-1] == pos
            ):
                length[-1] += n
                src_length[-1] += n_src
            else:
                dst.append(pos)
                src.append(at)
                length.append(n)
                src_length.append(n_src)
            parts.append(s)
            pos += n
        self._pos = pos

    def edit(self, source: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> None:
        """Append ``source[start:end]`` with each ``(s, e, new)`` of ``edits`` (sorted by
        ``s``, longer first) put in place of ``source[s:e]``; an edit that starts inside
        an earlier one is skipped."""
        pieces = []
        add = pieces.append
        pos = start
        for s, e, new in edits:
            if s < pos:
                continue
            add((source[pos:s], pos, s - pos))
            add((new, s, max(e - s, 0)))
            pos = e
        add((source[pos:end], pos, end - pos))
        self.extend(pieces)

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        self._add(source[start:end], start, end - start)

    def replace(self, new: str, start: int, end: int) -> None:
        """Append ``new`` in place of ``source[start:end]``."""
        self._add(new, start, max(end - start, 0))

    def insert(self, new: str, at: int) -> None:
        """Append ``new``, which has no source (it maps to source offset ``at``)."""
        self._add(new, at, 0)

    def ends_with(self, suffix: str) -> bool:
        """Whether the text built so far ends with ``suffix``."""
        tail = "".join(self._parts[-3:])
        return tail.endswith(suffix) if tail else suffix == ""

    def build(self) -> tuple[str, OffsetMap]:
        """The built text and its map back to the source."""
        return "".join(self._parts), self._map


def identity_map(n: int) -> OffsetMap:
    """A map of a text onto itself."""
    m = OffsetMap()
    if n:
        m.dst.append(0)
        m.src.append(0)
        m.length.append(n)
        m.src_length.append(n)
    return m
