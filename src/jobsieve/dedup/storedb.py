"""De-duplicate the postings of a jobsieve store (``jobsieve dedupe --db``).

The store keeps one row per distinct posting text in ``postings`` (with ``cluster_id``, the
id of the canonical posting of its duplicate cluster) and the deduplication index in its own
tables of the same database (see :mod:`jobsieve.store.dedupe`). ``ingest`` keeps both up to
date as it writes; this is for postings stored without deduplication (``ingest
--no-dedupe``, ``Store.add``): it indexes the postings the index has not seen and drops the
deleted ones, or with ``rebuild`` clusters every posting again with the batch algorithm.
"""

from __future__ import annotations

from pathlib import Path


class StoreDedupError(Exception):
    """A store that cannot be de-duplicated; the message says why."""


def dedupe_store(path: str | Path, *, rebuild: bool = False, workers: int = 1) -> dict:
    """Bring the store's duplicate clusters up to date (all of them again with ``rebuild``); a summary."""
    from ..store import Store, StoreError

    path = Path(path)
    if not path.exists():
        raise StoreDedupError("no such store (run `jobsieve ingest` first)")
    try:
        with Store(path) as store:
            out = store.dedupe(rebuild=rebuild, workers=workers)
    except StoreError as exc:
        raise StoreDedupError(str(exc).removeprefix(f"{path}: ")) from None
    return {"store": str(path), **out}
