"""``jobsieve load``: a batch output folder into the SQLite store.

Records are rebuilt exactly from their ``record_json`` and ``text`` columns and stored
through the store's own API (so a posting loaded twice is one row, as with ``ingest``);
each posting's ``cluster_id`` is then set to its batch cluster's canonical posting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow.parquet as pq

from ..model import Record
from .runner import MANIFEST, BatchError
from .schema import record_from_row


@dataclass(slots=True)
class LoadReport:
    """What a load did."""

    partitions: int = 0
    postings: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cluster_rows: int = 0
    store_postings: int = 0

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return asdict(self)


def _records(path: Path) -> Iterator[Record]:
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=1000, columns=["record_json", "text"]):
        d = batch.to_pydict()
        for j, t in zip(d["record_json"], d["text"]):
            yield record_from_row(j, t)


def load_batch(root: Path, db: Path, *, on_partition: Callable[[int], None] | None = None,
               on_start: Callable[[int], None] | None = None) -> LoadReport:
    """Store every record of a batch output folder in ``db`` and set their cluster ids."""
    from ..store import Store

    root = Path(root)
    if not (root / MANIFEST).exists() or not (root / "records").is_dir():
        raise BatchError(f"{root}: not a batch output folder (no {MANIFEST} or records/)")
    if not (root / "summary.json").exists():
        raise BatchError(f"{root}: the batch run did not finish (no summary.json); run the same "
                         "`jobsieve batch` command again to complete it")
    parts = sorted((root / "records").glob("part-*.parquet"))
    report = LoadReport(partitions=len(parts))
    if on_start:
        on_start(len(parts))
    with Store(db) as store:
        for path in parts:
            rep = store.add(_records(path))
            report.postings += rep.postings
            report.added += rep.added
            report.updated += rep.updated
            report.unchanged += rep.unchanged
            cpath = root / "clusters" / path.name
            if cpath.exists():
                t = pq.read_table(cpath, columns=["posting_id", "cluster_id"]).to_pydict()
                report.cluster_rows += store.set_clusters(zip(t["posting_id"], t["cluster_id"]))
            if on_partition:
                on_partition(1)
        report.store_postings = store.count()
    return report

