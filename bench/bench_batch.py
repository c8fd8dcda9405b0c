"""Batch benchmark: ``jobsieve batch`` end to end (parse + deduplicate) on N generated raw postings.

Postings come from ``gen_postings.generate`` (real postings' bodies and fields under a
board-style header) with duplicates and near misses planted by ``bench_dedup.Planter``;
they are written once to a Parquet file of raw postings (columns ``uri``, ``text``, and the
planted truth, which the batch ignores: ``group``, ``kind`` and ``source``, the row of the
posting a copy or near miss was made from) and cached for later runs. The batch then
runs on a local Dask cluster (one single-threaded worker process per core), as
``jobsieve batch FILE --out DIR`` would. Measured: wall time per stage (parse, then
deduplication), postings/s, the peak memory of the whole process tree (client, scheduler,
nannies and workers; psutil, sampled every half second) per stage, and pairwise precision
and recall of the clusters against the planted truth, with per planted kind how often the
copy (or the near miss) landed in its source's cluster.

    python bench/bench_batch.py                 # 100,000 postings (what `make bench` runs)
    python bench/bench_batch.py --n 1000000     # the million (or: make bench BATCH_N=1000000)
    python bench/bench_batch.py --n 2000 --workers 2 --keep

Results go to ``bench/results/batch-N.json``; when the 100k and 1M results are both there,
the growth of time and memory from one to the other is printed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memwatch import MemoryWatch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHUNK = 5_000
_BASES = None
_SCHEMA = pa.schema([("uri", pa.string()), ("text", pa.string()), ("group", pa.int64()),
                     ("kind", pa.string()), ("source", pa.int64())])


# ------------------------------------------------------------------------ input

def _chunk(args: tuple[int, int, int]) -> pa.Table:
    """One chunk of planted postings (its own seeds, uris and truth groups)."""
    from bench_dedup import Planter
    from gen_postings import generate, load_bases

    global _BASES
    k, n, seed = args
    if _BASES is None:
        _BASES = load_bases()
    s = seed * 100_003 + k
    planter = Planter(_BASES, s, 0.25, 0.25, 0.08)
    uris, texts, groups, kinds, sources = [], [], [], [], []
    for rec, group, kind, src in planter.stream(generate(10 * n, seed=s, bases=_BASES), n):
        uris.append(f"{rec.source.uri}?c={k}")
        texts.append(rec.text)
        groups.append(k * 10_000_000 + group)
        kinds.append(kind)
        # row of the posting it was made from, in the whole file (chunks are CHUNK rows)
        sources.append(k * CHUNK + src)
    return pa.table({"uri": uris, "text": texts, "group": pa.array(groups, pa.int64()),
                     "kind": kinds, "source": pa.array(sources, pa.int64())})


def make_input(n: int, seed: int, folder: Path, procs: int) -> Path:
    """The Parquet file of ``n`` raw postings (generated once, then reused)."""
    path = folder / f"postings-{n}-{seed}.parquet"
    if path.exists() and pq.read_metadata(path).num_rows == n:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    jobs = [(k, min(CHUNK, n - k * CHUNK), seed) for k in range((n + CHUNK - 1) // CHUNK)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(procs) as pool, \
            pq.ParquetWriter(tmp, _SCHEMA, compression="zstd") as writer:
        for i, table in enumerate(pool.imap(_chunk, jobs), 1):
            writer.write_table(table, row_group_size=CHUNK)
            print(f"\r  generating postings: {min(i * CHUNK, n):,}/{n:,} [{time.perf_counter() - t0:.0f} s]",
                  end="", file=sys.stderr)
    print(file=sys.stderr)
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------------ memory

def _reporter(mem: MemoryWatch):
    from jobsieve.batch import Reporter

    class Progress(Reporter):
        def info(self, message: str) -> None:
            print(f"  {message}", file=sys.stderr)

        def stage(self, label: str, total: int | None):
            mem.mark(label)
            t0 = time.perf_counter()
            done = [0]

            def advance(k: int = 1) -> None:
                done[0] += k
                if total:
                    print(f"\r  {label}: {done[0]}/{total} [{time.perf_counter() - t0:.0f} s]", end="",
                          file=sys.stderr)
            return advance

        def done(self, label: str) -> None:
            print(file=sys.stderr)

    return Progress()


# ------------------------------------------------------------------------ quality

def pairwise(labels: list[int], truth: list[int]) -> dict:
    """Pairwise precision and recall of "same" (pairs inside predicted vs. true clusters)."""
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())
    both, pred, true = pairs(Counter(zip(labels, truth))), pairs(Counter(labels)), pairs(Counter(truth))
    return {"true_pairs": true, "predicted_pairs": pred, "correct_pairs": both,
            "precision": round(both / pred, 4) if pred else 1.0, "recall": round(both / true, 4) if true else 1.0}


def planted_quality(input_path: Path, out: Path) -> dict:
    """Pairwise precision and recall of the clusters against the planted groups, and per
    planted kind how often a copy (or a near miss) landed with the posting it was made from."""
    names = set(pq.read_schema(input_path).names)
    per_kind = "kind" in names and "source" in names  # inputs cached before these columns: no per-kind report
    truth = pq.read_table(input_path, columns=["uri", "group"] + (["kind", "source"] if per_kind else [])).to_pydict()
    group_of = dict(zip(truth["uri"], truth["group"]))
    clusters = pq.read_table(out / "clusters", columns=["uri", "cluster_row"]).to_pydict()
    labels = clusters["cluster_row"]
    groups = [group_of.get(u, -1 - i) for i, u in enumerate(clusters["uri"])]
    quality = pairwise(labels, groups)
    if per_kind:
        cluster_of = dict(zip(clusters["uri"], labels))
        uris = truth["uri"]
        hits: dict[str, list[int]] = {}
        for u, kind, src in zip(uris, truth["kind"], truth["source"]):
            if kind == "distinct":
                continue
            h = hits.setdefault(kind, [0, 0])
            a, b = cluster_of.get(u), cluster_of.get(uris[src])
            h[0] += a is not None and a == b
            h[1] += 1
        from bench_dedup import NEG_KINDS
        quality["merged_with_source"] = {k: f"{h}/{t}" for k, (h, t) in sorted(hits.items())}
        # a copy should be merged (recall); a near miss should not (precision of that kind)
        quality["recall_by_kind"] = {k: round(h / t, 4) for k, (h, t) in sorted(hits.items())
                                     if k not in NEG_KINDS and t}
        quality["kept_apart_by_negative_kind"] = {k: round(1 - h / t, 4) for k, (h, t) in sorted(hits.items())
                                                  if k in NEG_KINDS and t}
    return quality


# ------------------------------------------------------------------------ main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=int(os.environ.get("BATCH_N") or 100_000),
                    help="postings to generate and run (default: $BATCH_N, else 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--partition-size", type=int, default=2000)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "jobsieve-bench",
                    help="where the generated input and the batch output go")
    ap.add_argument("--keep", action="store_true", help="keep the batch output folder")
    args = ap.parse_args()

    from jobsieve.batch import BatchOptions, dask_client, run_batch

    print(f"batch: {args.n:,} postings, {args.workers} workers", file=sys.stderr)
    input_path = make_input(args.n, args.seed, args.data, args.workers)
    out = args.data / f"out-{args.n}"
    shutil.rmtree(out, ignore_errors=True)
    mem = MemoryWatch()
    mem.mark("start cluster")
    t0 = time.perf_counter()
    with dask_client(workers=args.workers) as client:
        t1 = time.perf_counter()
        summary = run_batch([input_path], out, client,
                            BatchOptions(partition_size=args.partition_size, keep_work=False), _reporter(mem))
        mem.mark("stop cluster")
    t2 = time.perf_counter()
    mem.stop()
    quality = planted_quality(input_path, out)
    s = summary.to_dict()
    chars = pq.read_table(out / "records", columns=["text"]).column("text")
    mean_kb = round(sum(len(x) for x in chars.to_pylist()) / max(1, len(chars)) / 1024, 1) if args.n <= 200_000 else None
    del chars
    result = {
        "postings": s["postings"], "failures": s["failures"], "workers": s["workers"],
        "partitions": s["partitions"], "cpus": os.cpu_count(),
        "mean_kb": mean_kb,
        "wall_seconds": round(t2 - t0, 1), "run_seconds": s["seconds"]["total"],
        "cluster_start_seconds": round(t1 - t0, 1),
        "postings_per_s": round(s["postings"] / (t2 - t0), 1),
        "parse_postings_per_s": round(s["postings"] / s["seconds"]["parse"], 1) if s["seconds"].get("parse") else None,
        "stage_seconds": s["seconds"], "task_cpu_seconds": s["task_seconds"],
        "peak_rss_mb_total": round(max(mem.peaks.values()) / 2**20),
        "peak_rss_mb_by_stage": {k: round(v / 2**20) for k, v in mem.peaks.items()},
        "largest_process_mb": round(mem.largest_process / 2**20),
        "clusters": s["clusters"], "multi_member_clusters": s["multi_member_clusters"],
        "candidate_pairs": s["candidate_pairs"], "accepted_pairs": s["accepted_pairs"],
        "chain_guard_rejects": s["chain_guard_rejects"], "planted_quality": quality,
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
    }
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"batch-{args.n}.json").write_text(json.dumps(result, indent=2))

    st = result["stage_seconds"]
    print(f"batch: {result['postings']:,} postings ({result['mean_kb'] or '?'} KB on average) in "
          f"{result['wall_seconds']} s on {result['workers']} workers -> {result['postings_per_s']} postings/s")
    print(f"  parse {st.get('parse')} s ({result['parse_postings_per_s']} postings/s), dedup after parse "
          f"{st.get('dedup')} s: " + ", ".join(f"{k} {st[k]}" for k in
                                               ("docfreq_after_parse", "sign", "pairs_decide", "link", "clusters")
                                               if k in st))
    print(f"  task CPU seconds: {result['task_cpu_seconds']}")
    print(f"  peak RSS of the process tree {result['peak_rss_mb_total']} MB (largest process "
          f"{result['largest_process_mb']} MB); by stage: {result['peak_rss_mb_by_stage']}")
    q = quality
    print(f"  {result['clusters']:,} clusters, {result['candidate_pairs']:,} candidate pairs, "
          f"{result['accepted_pairs']:,} accepted; planted pairs: precision {q['precision']}, recall {q['recall']}")
    if "merged_with_source" in q:
        print("  recall by kind (copy merged with its source): "
              + ", ".join(f"{k} {v} ({q['merged_with_source'][k]})" for k, v in q["recall_by_kind"].items()))
        apart = q["kept_apart_by_negative_kind"]
        print("  near misses kept apart from their source: "
              + ", ".join(f"{k} {v} ({q['merged_with_source'][k]})" for k, v in apart.items()))
    small, big = RESULTS / "batch-100000.json", RESULTS / "batch-1000000.json"
    if small.exists() and big.exists():
        a, b = json.loads(small.read_text()), json.loads(big.read_text())
        print(f"  100k -> 1M: postings x{b['postings'] / a['postings']:.1f}, time x{b['wall_seconds'] / a['wall_seconds']:.2f}, "
              f"peak RSS x{b['peak_rss_mb_total'] / a['peak_rss_mb_total']:.2f} "
              f"({a['postings_per_s']} -> {b['postings_per_s']} postings/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
