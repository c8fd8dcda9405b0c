"""How many postings contain each shingle: a count-min sketch of bounded size.

An exact table of every shingle of 100k postings would hold ~100 million keys; two rows
of 2^24 saturating 16-bit counters (64 MB) with conservative update over-count a rare
shingle by a few postings at that scale, which is far below the boilerplate threshold.
Counts only grow, and two sketches add up (``merge``), so partitions of a corpus can be
counted apart (one per worker) and summed.
"""

from __future__ import annotations

import zlib

import numpy as np

_SALT = np.uint64(0xD6E8FEB86659FD93)
_MAXC = np.uint32(65535)


class DocFreq:
    """Document frequency of shingle hashes (never under-counts)."""

    def __init__(self, slots_log2: int = 24, rows: np.ndarray | None = None, docs: int = 0) -> None:
        self.slots_log2 = slots_log2
        self.mask = np.uint64((1 << slots_log2) - 1)
        self.rows = rows if rows is not None else np.zeros((2, 1 << slots_log2), dtype=np.uint16)
        self.docs = docs

    def _index(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h = hashes.astype(np.uint64)
        i0 = h & self.mask
        mixed = h * _SALT
        i1 = (mixed >> np.uint64(64 - self.slots_log2)) & self.mask
        return i0.astype(np.intp), i1.astype(np.intp)

    def add(self, shingles: np.ndarray) -> None:
        """Count one posting (its unique shingle hashes)."""
        self.docs += 1
        if len(shingles) == 0:
            return
        i0, i1 = self._index(shingles)
        c0 = self.rows[0, i0].astype(np.uint32)
        c1 = self.rows[1, i1].astype(np.uint32)
        new = np.minimum(np.minimum(c0, c1) + 1, _MAXC).astype(np.uint16)
        # conservative update: raise a counter only up to the new minimum
        for row, idx, old in ((self.rows[0], i0, c0), (self.rows[1], i1, c1)):
            row[idx] = np.maximum(old, new)
            # two shingles of one posting may share a counter, and the last write wins:
            # redo those rows with the (slower) unbuffered maximum
            if not np.all(row[idx] >= new):
                np.maximum.at(row, idx, new)

    def count(self, shingles: np.ndarray) -> np.ndarray:
        """Postings seen with each shingle (an upper bound), as uint32."""
        if len(shingles) == 0:
            return np.zeros(0, np.uint32)
        i0, i1 = self._index(shingles)
        return np.minimum(self.rows[0, i0], self.rows[1, i1]).astype(np.uint32)

    def merge(self, other: DocFreq) -> None:
        """Add the counts of another sketch of the same size (a partition counted apart)."""
        if other.slots_log2 != self.slots_log2:
            raise ValueError("document-frequency sketches of different sizes cannot be merged")
        total = self.rows.astype(np.uint32) + other.rows.astype(np.uint32)
        self.rows = np.minimum(total, _MAXC).astype(np.uint16)
        self.docs += other.docs

    def to_bytes(self) -> bytes:
        """Compressed counters (mostly zeros on small corpora)."""
        return zlib.compress(self.rows.tobytes(), 1)

    @classmethod
    def from_bytes(cls, data: bytes, slots_log2: int, docs: int) -> DocFreq:
        """Rebuild a sketch saved with :meth:`to_bytes`."""
        rows = np.frombuffer(zlib.decompress(data), dtype=np.uint16).reshape(2, 1 << slots_log2).copy()
        return cls(slots_log2, rows, docs)
