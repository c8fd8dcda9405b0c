"""Parse throughput on postings of realistic size (~10 KB), in one process, per stage.

Postings: the shared seed, dev and dedup-corpus postings when ../shared is present (each
shorter one is joined with the next so that every benchmark posting is 8-14 KB, as scraped
pages are), otherwise the project's own demo posting, repeated into postings of the same size.
The more distinct postings, the less the parse's small caches (city names, title lines) hit
more often than they would on a real stream.

    python bench/bench_parse.py [--n 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from jobsieve.config import ParseConfig
from jobsieve.pipeline import StageTimer, parse_source
from jobsieve.readers import read_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JOBSIEVE_SHARED", ROOT.parent / "shared"))
TARGET = 10_000


def load_postings() -> tuple[list[str], str]:
    """Texts of 8-14 KB each, and a note saying where they came from."""
    files = [f for folder in ("examples/seeds", "corpus/texts", "corpus/dedup/texts")
             for f in sorted((SHARED / folder).glob("*.txt"))]
    if files:
        raw = [f.read_text(encoding="utf-8") for f in files]
        note = f"{len(raw)} shared postings from {SHARED}"
    else:
        raw = [(ROOT / "examples" / "demo_posting.txt").read_text(encoding="utf-8")]
        note = "the demo posting (shared sets not found)"
    out, buf = [], ""
    for text in raw * (1 if len(raw) > 10 else 12):
        buf = f"{buf}\n\n{text}" if buf else text
        if len(buf) >= TARGET * 0.8:
            out.append(buf)
            buf = ""
    return out or [buf], note


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="postings to parse (cycled over the set)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    texts, note = load_postings()
    config = ParseConfig()
    docs = [read_text(t, uri=f"bench-{i}.txt", format="text")[0] for i, t in enumerate(texts)]

    # First pass over every distinct posting: lazy imports, data loads and the patterns each
    # field compiles on first use. A long run pays this once; it is reported apart.
    t0 = time.perf_counter()
    parse_source(docs[0], config)
    first_call = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs[1:]:
        parse_source(d, config)
    first_pass = time.perf_counter() - t0

    # Stages are timed in CPU seconds: other work on a shared machine inflates wall time.
    timer = StageTimer(clock=time.process_time)
    n_bytes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(args.n):
        d = docs[i % len(docs)]
        n_bytes += len(d.text.encode("utf-8"))
        parse_source(d, config, timer)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0

    stages = sorted(timer.seconds.items(), key=lambda kv: -kv[1])
    result = {
        "postings": args.n,
        "source": note,
        "mean_kb": round(n_bytes / args.n / 1024, 1),
        "seconds": round(elapsed, 2),
        "postings_per_s": round(args.n / elapsed, 1),
        "postings_per_cpu_s": round(args.n / cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "mb_per_s": round(n_bytes / elapsed / 1e6, 2),
        "first_call_s": round(first_call, 2),
        "first_pass_postings_per_s": round((len(docs) - 1) / first_pass, 1) if len(docs) > 1 else None,
        "cpu_ms_per_posting_by_stage": {k: round(v / args.n * 1000, 3) for k, v in stages},
        "slowest_stage": stages[0][0] if stages else None,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "parse.json").write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"parse: {result['postings']} postings of {result['mean_kb']} KB on average ({note})")
    print(f"  {result['postings_per_s']} postings/s wall, {result['postings_per_cpu_s']} postings per CPU-second, "
          f"{result['mb_per_s']} MB/s in one process, after a first pass over the {len(docs)} distinct postings "
          f"(first call {result['first_call_s']} s, then {result['first_pass_postings_per_s']}/s while patterns compile; "
          f"load average {result['load_average_1min']}: other work on the machine slows the wall figure)")
    print("  CPU ms per posting by stage (slowest first):")
    for k, v in result["cpu_ms_per_posting_by_stage"].items():
        print(f"    {k:14s} {v:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
