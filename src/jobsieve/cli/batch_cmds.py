"""``jobsieve batch`` and ``jobsieve load``: thin layers over :mod:`jobsieve.batch`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..config import DEFAULT_MAX_BYTES
from . import app
from .common import err_console, fail_line
from .parse_cmds import _today


class _RichReporter:
    """Rich bars on stderr when it is a terminal, else one line per stage."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.progress = Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err_console, disable=not self.live)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _RichReporter:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def info(self, message: str) -> None:
        err_console.print(f"jobsieve batch: {escape(message)}", soft_wrap=True)

    def stage(self, label: str, total: int | None) -> Callable[[int], None]:
        if not self.live:
            err_console.print(f"jobsieve batch: {label}" + (f" ({total})" if total else "") + "...")
        task = self.progress.add_task(label, total=total)
        self.tasks[label] = task
        return lambda n=1: self.progress.advance(task, n)

    def done(self, label: str) -> None:
        task = self.tasks.get(label)
        if task is not None:
            t = self.progress.tasks[task]
            self.progress.update(task, total=t.total if t.total is not None else 1, completed=t.total or 1)


@app.command("batch")
def batch_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Folders of posting files, JSON Lines or Parquet files of raw postings.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (Parquet records, clusters, failures, summary.json).")],
    scheduler: Annotated[str | None, typer.Option(
        help="Address of a running Dask scheduler (tcp://host:8786); default: start a local cluster.",
        envvar="JOBSIEVE_SCHEDULER")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes of the local cluster (default: one per CPU).")] = None,
    partition_size: Annotated[int, typer.Option(min=1, help="Files, lines or rows per partition (one task each).")] = 2000,
    today: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD for relative dates (default: today, kept for reruns).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse postings larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    dedupe: Annotated[bool, typer.Option("--dedupe/--no-dedupe", help="Cluster duplicates across the whole input.")] = True,
    keep_work: Annotated[bool, typer.Option("--keep-work", help="Keep the intermediate files (_work/) after the run.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Start again when --out holds the output of another input.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
) -> None:
    """Parse and de-duplicate many postings in parallel on Dask, writing Parquet.

    Without --scheduler a local cluster is started (its dashboard link is printed). A rerun
    of the same command skips the partitions already written, so an interrupted run
    resumes; postings that cannot be parsed are listed in failures/. Exit status 1 if any
    posting failed, 2 if the run could not start.
    """
    from ..batch import BatchError, BatchOptions, dask_client, prepare, run_batch

    opts = BatchOptions(partition_size=partition_size, today=_today(today), max_bytes=max_bytes,
                        dedupe=dedupe, keep_work=keep_work, force=force)
    if scheduler and workers:
        err_console.print("jobsieve batch: --workers is ignored with --scheduler (the cluster has its own workers)")
    try:
        prepared = prepare(inputs, out, opts)  # a bad input or --out fails before a cluster starts
        with _RichReporter() as rep, dask_client(scheduler, workers=workers) as client:
            summary = run_batch(inputs, out, client, opts, rep, prepared)
    except BatchError as exc:
        fail_line(str(out), str(exc).removeprefix(f"{out.absolute()} "))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err_console.print("interrupted: finished partitions are kept; run the same command to resume")
        raise typer.Exit(130) from None
    except OSError as exc:
        fail_line(scheduler or str(out), f"{type(exc).__name__}: {exc}")
        raise typer.Exit(2) from None
    s = summary
    rate = f", {s.postings_per_s} postings/s" if s.postings_per_s else ""
    dup = (f"; {s.clusters} vacancies ({s.multi_member_clusters} seen more than once, {s.duplicates} duplicates)"
           if s.clusters is not None else "")
    err_console.print(f"{escape(s.out)}: {s.postings} postings from {s.partitions} partitions "
                      f"({s.partitions_skipped} already done){dup} [{s.seconds.get('total', 0):.1f} s{rate}]",
                      soft_wrap=True)
    if as_json:
        sys.stdout.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
    if s.failures:
        err_console.print(f"[red]{s.failures} inputs or postings failed[/red]: see {escape(s.out)}/failures/")
        raise typer.Exit(1)


@app.command("load")
def load_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder of `jobsieve batch`.")],
    db: Annotated[Path, typer.Option("--db", help="The store file (created when missing).", envvar="JOBSIEVE_DB")] = Path("jobsieve.db"),
) -> None:
    """Put the records and duplicate clusters of a batch output folder into the store."""
    from ..batch import BatchError, load_batch
    from ..store import StoreError

    progress = Progress(TextColumn("Loading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err_console, transient=True, disable=not sys.stderr.isatty())
    task = progress.add_task("load", total=None)
    try:
        with progress:
            report = load_batch(folder, db, on_start=lambda n: progress.update(task, total=n),
                                on_partition=lambda n: progress.advance(task, n))
    except BatchError as exc:
        fail_line(str(folder), str(exc).removeprefix(f"{folder}: "))
        raise typer.Exit(2) from None
    except StoreError as exc:
        fail_line(str(db), str(exc).removeprefix(f"{db}: "))
        raise typer.Exit(2) from None
    err_console.print(f"{escape(str(db))}: {report.postings} postings from {report.partitions} partitions "
                      f"({report.added} added, {report.updated} updated, {report.unchanged} unchanged); "
                      f"{report.cluster_rows} cluster ids set; {report.store_postings} postings in the store",
                      soft_wrap=True)
