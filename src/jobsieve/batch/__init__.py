"""Batch runs on Dask: millions of raw postings parsed, deduplicated and written as Parquet.

    from jobsieve.batch import BatchOptions, dask_client, run_batch
    with dask_client(workers=2) as client:          # or dask_client("tcp://scheduler:8786")
        summary = run_batch([Path("postings/")], Path("out/"), client, BatchOptions())

The output folder's layout and Parquet schemas are described in ``docs/batch.md``.
"""

from .client import dask_client
from .load import load_batch
from .runner import BatchError, BatchOptions, BatchSummary, Prepared, Reporter, prepare, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchSummary", "Prepared", "Reporter", "dask_client", "load_batch",
           "prepare", "run_batch"]
