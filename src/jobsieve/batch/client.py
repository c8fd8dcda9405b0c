"""The Dask client a batch runs on: a scheduler's address, or a local cluster started for the run."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

# The shuffle announces every start and end at WARNING level; a batch reports its own progress.
_QUIET = ("distributed.shuffle._scheduler_plugin", "distributed.shuffle._worker_plugin")


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None, processes: bool = True,
                dashboard: bool = True) -> Iterator:
    """A ``distributed.Client``: connected to ``scheduler`` (``tcp://host:8786``), else to a local
    cluster of ``workers`` single-threaded worker processes (default: one per CPU) that stops
    with the block. ``processes=False`` runs the workers as threads of this process."""
    from distributed import Client, LocalCluster

    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    # Parsing is CPU-bound Python: one thread per worker process, as many processes as cores.
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=processes,
                           dashboard_address=":0" if dashboard else None, silence_logs=logging.ERROR)
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()
