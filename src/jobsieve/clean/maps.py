"""Flatten two offset maps into one, so cleaning passes stay invertible in one step.

:meth:`OffsetMap.then` chains maps, but only the outermost level can be inverted (to carry
reader hints forward); cleaning runs several passes, so their maps are composed here into a
single map from the final text to the cleaning input.
"""

from __future__ import annotations

from bisect import bisect_right

from ..textmap import OffsetMap


def _append(m: OffsetMap, dst: int, src: int, length: int, src_length: int) -> None:
    if length == 0 and src_length == 0:
        return
    if (
        m.dst and length == src_length and m.length[-1] == m.src_length[-1]
        and m.dst[-1] + m.length[-1] == dst and m.src[-1] + m.src_length[-1] == src
    ):
        m.length[-1] += length
        m.src_length[-1] += src_length
        return
    m.dst.append(dst)
    m.src.append(src)
    m.length.append(length)
    m.src_length.append(src_length)


def compose(outer: OffsetMap, inner: OffsetMap) -> OffsetMap:
    """One map equal to ``outer`` followed by ``inner`` (outer text -> inner's source)."""
    out = OffsetMap(inner=inner.inner)
    n_inner = len(inner.dst)
    for i, d2 in enumerate(outer.dst):
        s1, n2, n1 = outer.src[i], outer.length[i], outer.src_length[i]
        if n2 == 0:
            continue  # dropped text has no place in the result (as with TextBuilder)
        if n2 != n1:
            if n1:
                a = inner._one_to_source(s1)
                b = inner._one_to_source(s1 + n1 - 1) + 1
            else:
                a = b = inner._one_to_source(s1) if s1 < _inner_end(inner) else _inner_src_end(inner)
            _append(out, d2, a, n2, b - a)
            continue
        pos, end = s1, s1 + n1
        j = max(bisect_right(inner.dst, pos) - 1, 0)
        while pos < end and j < n_inner:
            jd, js, jn, jsn = inner.dst[j], inner.src[j], inner.length[j], inner.src_length[j]
            stop = min(end, jd + jn)
            if stop <= pos:
                j += 1
                continue
            if jn == jsn:
                _append(out, d2 + pos - s1, js + pos - jd, stop - pos, stop - pos)
            else:
                # Part of a replaced piece: the whole replaced source range stands behind it.
                _append(out, d2 + pos - s1, js, stop - pos, jsn)
            pos = stop
            j += 1
    return out


def _inner_end(m: OffsetMap) -> int:
    return m.dst[-1] + m.length[-1] if m.dst else 0


def _inner_src_end(m: OffsetMap) -> int:
    return m.src[-1] + m.src_length[-1] if m.src else 0
