"""Fingerprint files: every posting's dedup fingerprint on disk, one file per partition.

``NAME.fp`` holds the fingerprints back to back (``dedup.fingerprint.to_bytes``) and
``NAME.off.npy`` their offsets, so one fingerprint is one read at a known place: deciding a
candidate pair joins the two postings' features by position instead of shipping every
fingerprint through a shuffle. Postings are numbered globally in input order (partition
by partition), the order the dedup library's ``cluster(records)`` sees them in.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..dedup.fingerprint import Fingerprint, from_bytes, to_bytes

_MAX_OPEN = 256


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that it is either absent or complete (a killed run leaves only ``*.tmp``)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def write_fingerprints(path: Path, fps: list[Fingerprint]) -> None:
    """Write ``path`` (``.fp``) and its offsets (``.off.npy``), offsets first."""
    blobs = [to_bytes(fp) for fp in fps]
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    if blobs:
        offsets[1:] = np.cumsum([len(b) for b in blobs])
    off = path.with_name(path.name[:-3] + ".off.npy")
    tmp = off.with_name(off.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, offsets)
    os.replace(tmp, off)
    atomic_write(path, b"".join(blobs))


def _offsets(path: Path) -> np.ndarray:
    return np.load(path.with_name(path.name[:-3] + ".off.npy"))


def exists(path: Path) -> bool:
    """Whether both files of a fingerprint file are there."""
    return path.exists() and path.with_name(path.name[:-3] + ".off.npy").exists()


def read_fingerprints(path: Path) -> list[Fingerprint]:
    """Every fingerprint of one file, in order."""
    offsets = _offsets(path)
    data = path.read_bytes()
    return [from_bytes(data[int(a):int(b)]) for a, b in zip(offsets[:-1], offsets[1:])]


class FingerprintReader:
    """Fingerprints by global posting number, read one at a time (with a small cache)."""

    def __init__(self, folder: Path, starts: np.ndarray, names: list[str], cache: int = 20_000) -> None:
        self.folder = Path(folder)
        self.starts = np.asarray(starts, dtype=np.int64)
        """Global number of the first posting of each partition."""
        self.names = names
        self._offsets: dict[int, np.ndarray] = {}
        self._fds: dict[int, int] = {}
        self._cache: OrderedDict[int, Fingerprint] = OrderedDict()
        self._max = cache

    def _where(self, i: int) -> tuple[int, int]:
        p = int(np.searchsorted(self.starts, i, side="right")) - 1
        return p, i - int(self.starts[p])

    def get(self, i: int) -> Fingerprint:
        """The fingerprint of posting ``i``."""
        fp = self._cache.get(i)
        if fp is not None:
            self._cache.move_to_end(i)
            return fp
        p, local = self._where(i)
        path = self.folder / f"{self.names[p]}.fp"
        if p not in self._offsets:
            if len(self._fds) >= _MAX_OPEN:
                self.close()
            self._offsets[p] = _offsets(path)
            self._fds[p] = os.open(path, os.O_RDONLY)
        off = self._offsets[p]
        a, b = int(off[local]), int(off[local + 1])
        fp = from_bytes(os.pread(self._fds[p], b - a, a))
        self._cache[i] = fp
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return fp

    def close(self) -> None:
        """Close the open files (the reader opens them again when asked)."""
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        self._offsets.clear()

    def __enter__(self) -> FingerprintReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
