"""Instructions per posting of the parse, counted by valgrind's callgrind: a repeatable
measure where wall and CPU time vary by ±20 % from run to run (shared virtual machines).

Every distinct bench posting (see ``bench_parse.py``) is parsed once first, uncounted (lazy
imports, data loads, patterns compiled on first use); then ``--n`` postings are parsed with
counting switched on. The count is the same, to about 0.5 %, whatever else the machine runs,
so two versions of the code compare in one run each. It needs valgrind
(``apt-get install valgrind``) and takes about a minute.

    python bench/count_instructions.py [--n 62]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _inner(n: int) -> None:
    sys.path.insert(0, str(HERE))
    from bench_parse import load_postings

    from jobsieve.config import ParseConfig
    from jobsieve.pipeline import parse_source
    from jobsieve.readers import read_text

    texts, _ = load_postings()
    config = ParseConfig()
    docs = [read_text(t, uri=f"bench-{i}.txt", format="text")[0] for i, t in enumerate(texts)]
    for d in docs:
        parse_source(d, config)
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=True)
    for i in range(n):
        parse_source(docs[i % len(docs)], config)
    subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=62, help="postings parsed while counting")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        _inner(args.n)
        return 0
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("count_instructions: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        # A fixed hash seed: set and dict orders, and so some work, depend on it.
        env = dict(os.environ, PYTHONHASHSEED="0")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                            sys.executable, __file__, "--inner", "--n", str(args.n)],
                           capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        print(f"count_instructions: the counted run failed:\n{r.stderr[-2000:]}", file=sys.stderr)
        return 1
    print(f"{int(m.group(1)) / args.n / 1e6:.3f} M instructions per posting ({args.n} postings, counted by callgrind)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
