"""Parse every posting under the given paths and write (or compare) a snapshot of the records.

A refactor that must not change behaviour (speed work, consolidation) is checked with it:

    python scripts/record_snapshot.py write before.jsonl PATH...
    python scripts/record_snapshot.py compare before.jsonl PATH...

``compare`` prints the records whose JSON differs, key by key, and exits 1 if any does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jobsieve.config import ParseConfig
from jobsieve.pipeline import Failure, parse_files


def snapshot(paths: list[Path]) -> dict[str, dict]:
    """Records keyed by source uri and id (the same file may hold several postings)."""
    out = {}
    config = ParseConfig(today=None)
    for item in parse_files(paths, config):
        if isinstance(item, Failure):
            out[f"{item.uri}#failure"] = {"reason": item.reason}
        else:
            out[f"{item.source.uri}#{item.id}"] = item.to_dict()
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("write", "compare"):
        print(__doc__)
        return 2
    mode, file, paths = argv[0], Path(argv[1]), [Path(p) for p in argv[2:]]
    now = snapshot(paths)
    if mode == "write":
        file.write_text("\n".join(json.dumps({"key": k, "record": v}, ensure_ascii=False, sort_keys=True)
                                  for k, v in sorted(now.items())) + "\n")
        print(f"{len(now)} records written to {file}")
        return 0
    before = {}
    for line in file.read_text().splitlines():
        d = json.loads(line)
        before[d["key"]] = d["record"]
    diffs = 0
    for key in sorted(set(before) | set(now)):
        a, b = before.get(key), now.get(key)
        if a == b:
            continue
        diffs += 1
        if a is None or b is None:
            print(f"{key}: {'new' if a is None else 'missing'}")
            continue
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k) and k != "text":
                print(f"{key}: {k}: {str(a.get(k))[:200]!r} -> {str(b.get(k))[:200]!r}")
            elif k == "text" and a.get(k) != b.get(k):
                print(f"{key}: text changed")
    print(f"{len(now)} records, {diffs} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
