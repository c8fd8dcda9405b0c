"""Run a batch on Dask: parse partitions in parallel, deduplicate across the whole input, write Parquet.

    listing -> partitions (manifest) -> parse (one task per partition, skipped when done)
      -> document frequencies (a chain of tasks following the parse, in input order)
      -> signatures (one task per partition) -> (band key, posting) rows
      -> shuffle by band key -> candidate pairs per bucket -> unique pairs -> decisions
      -> connected components over the accepted pairs (client; chaining guard)
      -> clusters (one task per partition) -> summary.json

The client only holds the plan, the accepted pairs and a few integers per posting (its
union-find parent and its cluster's canonical posting, some 32 bytes); records stay in
the workers and the output folder.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .. import __version__
from ..config import DEFAULT_MAX_BYTES, ParseConfig
from ..dedup.config import DEFAULT_DEDUP, DedupConfig
from . import fpstore, tasks
from .inputs import Partition, list_inputs, plan
from .link import link
from .schema import SCHEMA_VERSION, failures_table

MANIFEST = "manifest.json"
SUMMARY = "summary.json"


class BatchError(Exception):
    """A batch that cannot run; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to run a batch."""

    partition_size: int = 2000
    """Files, lines or rows per partition (one task each)."""
    today: date | None = None
    """Reference date for relative dates; fixed in the manifest at the first run."""
    max_bytes: int = DEFAULT_MAX_BYTES
    dedupe: bool = True
    keep_work: bool = False
    """Keep the intermediate files (``_work``) after a finished run."""
    force: bool = False
    """Start again from nothing when the folder holds the output of another input."""
    dedup: DedupConfig = DEFAULT_DEDUP


@dataclass(slots=True)
class BatchSummary:
    """What a run did (also written to ``summary.json``)."""

    out: str
    inputs: list[str]
    partitions: int = 0
    partitions_parsed: int = 0
    partitions_skipped: int = 0
    postings: int = 0
    failures: int = 0
    clusters: int | None = None
    multi_member_clusters: int | None = None
    duplicates: int | None = None
    candidate_pairs: int | None = None
    accepted_pairs: int | None = None
    chain_guard_rejects: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    task_seconds: dict[str, float] = field(default_factory=dict)
    workers: int = 0
    scheduler: str = ""
    dashboard: str | None = None
    complete: bool = False

    @property
    def postings_per_s(self) -> float | None:
        """Postings per second of wall time (whole run)."""
        total = self.seconds.get("total")
        return round(self.postings / total, 1) if total else None

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {**asdict(self), "postings_per_s": self.postings_per_s}


class Reporter:
    """Progress callbacks (the CLI shows Rich bars; the default shows nothing)."""

    def info(self, message: str) -> None:
        """A line for the user."""

    def stage(self, label: str, total: int | None) -> Callable[[int], None]:
        """Start a stage of ``total`` steps; returns ``advance(n)``."""
        return lambda n=1: None

    def done(self, label: str) -> None:
        """The stage ended."""


# ------------------------------------------------------------------------ manifest

def _options_key(opts: BatchOptions, today: date) -> dict:
    return {"partition_size": opts.partition_size, "today": today.isoformat(), "max_bytes": opts.max_bytes,
            "dedup": asdict(opts.dedup), "schema": SCHEMA_VERSION}


def _wipe(root: Path) -> None:
    for d in ("records", "failures", "clusters", tasks.WORK):
        shutil.rmtree(root / d, ignore_errors=True)
    for f in (MANIFEST, SUMMARY):
        (root / f).unlink(missing_ok=True)


def _clean_tmp(root: Path) -> None:
    """Files a killed run was writing (never complete, never read)."""
    for d in ("records", "failures", "clusters", f"{tasks.WORK}/fp", f"{tasks.WORK}/fpc", f"{tasks.WORK}/bands",
              tasks.WORK):
        folder = root / d
        if folder.is_dir():
            for f in folder.glob("*.tmp"):
                f.unlink(missing_ok=True)


@dataclass(slots=True)
class Prepared:
    """A run's plan: its partitions, parse configuration and manifest."""

    inputs: list[Path]
    root: Path
    opts: BatchOptions
    parts: list[Partition]
    config: ParseConfig
    manifest: dict


def prepare(inputs: list[Path], out: Path, opts: BatchOptions = BatchOptions()) -> Prepared:
    """The partitions of this input in ``out``: planned now (and saved in the manifest), or
    read back from the manifest of an earlier run over the same input.

    Raises :class:`BatchError` when there is nothing to read, or when ``out`` holds the
    output of another input or other options (unless ``opts.force``). Cheap: call it before
    starting a cluster to fail early.
    """
    root = Path(out).absolute()
    listing = list_inputs(inputs)
    if not listing.files:
        reasons = "; ".join(f"{u}: {r}" for u, r in listing.errors) or "nothing to read"
        raise BatchError(f"no input files ({reasons})")
    names = [str(Path(p).absolute()) for p in inputs]
    mpath = root / MANIFEST
    if mpath.exists():
        try:
            old = json.loads(mpath.read_text())
        except (OSError, ValueError):
            old = None
        today = opts.today or (date.fromisoformat(old["options"]["today"]) if old else date.today())
        same = (old is not None and old.get("inputs") == names and old.get("listing") == listing.fingerprint()
                and old.get("options") == _options_key(opts, today))
        if same:
            parts = [Partition.from_dict(p) for p in old["partitions"]]
            return Prepared(inputs, root, opts, parts, ParseConfig(today=today, max_bytes=opts.max_bytes), old)
        if not opts.force:
            if old is None:
                what = "its manifest cannot be read"
            elif old.get("inputs") != names:
                what = "it was made from other inputs"
            elif old.get("listing") != listing.fingerprint():
                what = "the input files changed since"
            else:
                changed = [k for k, v in _options_key(opts, today).items() if old.get("options", {}).get(k) != v]
                what = f"with other options ({', '.join(changed)})"
            raise BatchError(f"{root} holds the output of an earlier run, but {what}; "
                             "rerun with --force to start again, or choose another --out")
        _wipe(root)
    elif opts.force:
        _wipe(root)
    today = opts.today or date.today()
    parts = plan(listing, opts.partition_size)
    manifest = {
        "version": 1, "jobsieve": __version__, "inputs": names, "listing": listing.fingerprint(),
        "listing_errors": listing.errors, "options": _options_key(opts, today),
        "partitions": [p.to_dict() for p in parts],
    }
    root.mkdir(parents=True, exist_ok=True)
    fpstore.atomic_write(mpath, json.dumps(manifest, indent=1).encode())
    return Prepared(inputs, root, opts, parts, ParseConfig(today=today, max_bytes=opts.max_bytes), manifest)


# ------------------------------------------------------------------------ the run

def _finished_dedup(root: Path) -> bool:
    try:
        return json.loads((root / SUMMARY).read_text()).get("clusters") is not None
    except (OSError, ValueError):
        return False


def _gather_all(client, futures: list, advance: Callable[[int], None]) -> list:
    """Results of ``futures`` in submission order, advancing as each finishes."""
    from distributed import as_completed

    index = {f.key: i for i, f in enumerate(futures)}
    out: list = [None] * len(futures)
    for fut in as_completed(futures):
        try:
            out[index[fut.key]] = fut.result()
        except Exception as exc:  # a task's own failure (a full disk, a lost worker), not a posting's
            client.cancel(futures)
            raise BatchError(f"task {fut.key} failed: {type(exc).__name__}: {exc}; the partitions "
                             "already written are kept, run the same command again to resume") from exc
        advance(1)
    return out


def run_batch(inputs: list[Path], out: Path, client, opts: BatchOptions = BatchOptions(),
              reporter: Reporter | None = None, prepared: Prepared | None = None) -> BatchSummary:
    """Parse and deduplicate ``inputs`` on the Dask ``client``; write the output folder ``out``.

    ``prepared`` is :func:`prepare`'s result for the same arguments, when the caller
    checked the input before starting the cluster.
    """
    rep = reporter or Reporter()
    t_start = time.perf_counter()
    prep = prepared or prepare(inputs, out, opts)
    root, parts, config, manifest = prep.root, prep.parts, prep.config, prep.manifest
    lay = tasks.Layout(root)
    lay.make_dirs()
    _clean_tmp(root)
    summ = BatchSummary(out=str(root), inputs=manifest["inputs"], partitions=len(parts),
                        scheduler=str(getattr(client.scheduler, "address", "") or ""),
                        dashboard=getattr(client, "dashboard_link", None))
    summ.workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    sroot = str(root)
    cfg = opts.dedup
    # inputs that could not even be listed (a missing path) are failures of the whole run
    tasks.write_table(failures_table([tuple(e) for e in manifest.get("listing_errors", [])], -1),
                      root / "failures" / "listing.parquet")

    todo = [p for p in parts if not lay.records(p.name).exists()]
    summ.partitions_parsed, summ.partitions_skipped = len(todo), len(parts) - len(todo)
    dedup_valid = not todo and opts.dedupe and _finished_dedup(root)
    if todo:
        (root / SUMMARY).unlink(missing_ok=True)
        for d in ("clusters", f"{tasks.WORK}/fpc", f"{tasks.WORK}/bands"):
            for f in (root / d).glob("*"):
                f.unlink()
        lay.df.unlink(missing_ok=True)
    rep.info(f"{len(parts)} partitions ({len(todo)} to parse, {len(parts) - len(todo)} already done), "
             f"{summ.workers} workers" + (f"; dashboard: {summ.dashboard}" if summ.dashboard else ""))

    # -- parse, with the document-frequency chain following partition by partition
    t0 = time.perf_counter()
    parse_futs = {p.index: client.submit(tasks.parse_partition, p, sroot, config, cfg,
                                         key=f"parse-{p.name}-{os.getpid()}-{t0}", pure=False) for p in todo}
    chain = None
    need_df = opts.dedupe and not dedup_valid and not lay.df.exists()
    if need_df:
        for p in parts:
            dep = parse_futs.get(p.index)
            chain = client.submit(tasks.count_shingles, chain, sroot, p.name, cfg, dep,
                                  key=f"df-{p.name}-{os.getpid()}-{t0}", pure=False, priority=10)
        chain = client.submit(tasks.save_docfreq, chain, sroot, key=f"df-save-{os.getpid()}-{t0}", pure=False)
    advance = rep.stage("parsing", len(parts))
    advance(len(parts) - len(todo))
    stats = _gather_all(client, list(parse_futs.values()), advance)
    del parse_futs
    rep.done("parsing")
    t1 = time.perf_counter()
    summ.seconds["parse"] = round(t1 - t0, 2)
    for k in ("parse_s", "fingerprint_s", "write_s"):
        summ.task_seconds[k] = round(sum(s[k] for s in stats), 2)
    counts = client.gather([client.submit(tasks.partition_counts, sroot, p.name, pure=False) for p in parts])
    summ.postings = sum(c[0] for c in counts)
    summ.failures = sum(c[1] for c in counts) + len(manifest.get("listing_errors", []))
    starts = np.zeros(len(parts) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([c[0] for c in counts])

    if opts.dedupe and not dedup_valid:
        _dedupe(client, lay, parts, starts, chain, cfg, summ, rep)
    elif dedup_valid:
        old = json.loads((root / SUMMARY).read_text())
        for k in ("clusters", "multi_member_clusters", "duplicates", "candidate_pairs", "accepted_pairs",
                  "chain_guard_rejects"):
            setattr(summ, k, old.get(k))
    summ.seconds["total"] = round(time.perf_counter() - t_start, 2)
    summ.complete = True
    if not opts.keep_work:
        shutil.rmtree(lay.work, ignore_errors=True)
    fpstore.atomic_write(root / SUMMARY, json.dumps(summ.to_dict(), indent=1).encode())
    return summ


def _dedupe(client, lay: tasks.Layout, parts: list[Partition], starts: np.ndarray, chain,
            cfg: DedupConfig, summ: BatchSummary, rep: Reporter) -> None:
    import dask
    import dask.dataframe as dd
    import pandas as pd

    sroot = str(lay.root)
    names = [p.name for p in parts]
    t0 = time.perf_counter()
    if chain is not None:
        rep.stage("counting shingles", None)
        try:
            chain.result()
        except Exception as exc:
            raise BatchError(f"counting shingles failed: {type(exc).__name__}: {exc}; the partitions "
                             "already written are kept, run the same command again to resume") from exc
        del chain
        rep.done("counting shingles")
    t1 = time.perf_counter()
    summ.seconds["docfreq_after_parse"] = round(t1 - t0, 2)

    todo = [i for i, p in enumerate(parts)
            if not (fpstore.exists(lay.fpc(p.name)) and lay.bands(p.name).exists())]
    advance = rep.stage("signing", len(parts))
    advance(len(parts) - len(todo))
    _gather_all(client, [client.submit(tasks.sign_partition, sroot, names[i], int(starts[i]), cfg, pure=False)
                         for i in todo], advance)
    rep.done("signing")
    t2 = time.perf_counter()
    summ.seconds["sign"] = round(t2 - t1, 2)

    total = int(starts[-1])
    edges = None
    if total > 1:
        files = [str(lay.bands(n)) for n in names]
        bands = dd.read_parquet(files, columns=["key", "owner"])
        nout = max(1, min(len(parts), total // 50_000 + 1))
        pairs = bands.shuffle("key", npartitions=nout).map_partitions(
            tasks.bucket_pairs, cfg.max_bucket, meta=tasks.PAIRS_META)
        # a pair sharing several bands comes out of several buckets: keep one
        pairs = pairs.drop_duplicates(split_out=nout)
        decide_block = dask.delayed(tasks.decide_pairs, pure=True)
        starts_l = [int(s) for s in starts[:-1]]
        blocks = [decide_block(piece, sroot, starts_l, names, cfg) for piece in pairs.to_delayed()]
        advance = rep.stage("pairs and decisions", len(blocks))
        results = _gather_all(client, client.compute(blocks), advance)
        rep.done("pairs and decisions")
        summ.candidate_pairs = sum(r[0] for r in results)
        edges = pd.concat([r[1] for r in results], ignore_index=True) if results else None
    t3 = time.perf_counter()
    summ.seconds["pairs_decide"] = round(t3 - t2, 2)

    rep.info("linking accepted pairs into clusters")
    starts_l = [int(s) for s in starts[:-1]]
    with fpstore.FingerprintReader(lay.work / "fpc", np.asarray(starts_l, dtype=np.int64), names) as reader:
        result = link(total, edges, reader, lambda: tasks.load_docfreq(sroot), cfg)
    t4 = time.perf_counter()
    summ.seconds["link"] = round(t4 - t3, 2)
    summ.accepted_pairs = result.accepted
    summ.chain_guard_rejects = result.guard_rejects
    summ.clusters = result.clusters
    summ.multi_member_clusters = result.multi_member
    summ.duplicates = total - result.clusters

    advance = rep.stage("writing clusters", len(parts))
    futs = []
    for i, name in enumerate(names):
        a, b = int(starts[i]), int(starts[i + 1])
        canon, sizes = result.canon[a:b], result.sizes[a:b]
        ids = {int(c): result.canon_ids[int(c)] for c in np.unique(canon[sizes > 1]).tolist()}
        futs.append(client.submit(tasks.write_clusters, sroot, name, a, canon, sizes, ids, pure=False))
    _gather_all(client, futs, advance)
    rep.done("writing clusters")
    summ.seconds["clusters"] = round(time.perf_counter() - t4, 2)
    summ.seconds["dedup"] = round(time.perf_counter() - t0, 2)
