"""`jobsieve parse` on bad input, in a subprocess, table-driven from readers.cli.yaml.

Each failed input gives one stderr line naming it and the reason, never a traceback; the
other inputs are still parsed; the exit status is 1 when any input failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import CASES

ROWS = yaml.safe_load((CASES / "readers.cli.yaml").read_text(encoding="utf-8"))
CLI = [sys.executable, "-c", "from jobsieve.cli import main; main()", "parse"]


def _write(root, name: str, spec) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif "hex" in spec:
        path.write_bytes(bytes.fromhex(spec["hex"]))
    elif "latin1" in spec:
        path.write_bytes(spec["latin1"].encode("latin-1"))
    elif "repeat" in spec:
        path.write_text(spec["repeat"] * spec["times"], encoding="utf-8")
    else:
        path.write_text(spec["text"], encoding="utf-8")
    if isinstance(spec, dict) and "mode" in spec:
        path.chmod(spec["mode"])


@pytest.mark.parametrize("row", [pytest.param(r, id=r["id"]) for r in ROWS])
def test_parse_bad_input(row, tmp_path):
    if row.get("needs_permissions") and os.geteuid() == 0:
        pytest.skip("file permissions do not apply to root")
    for d in row.get("dirs", []):
        (tmp_path / d).mkdir(parents=True)
    for name, spec in (row.get("files") or {}).items():
        _write(tmp_path, name, spec)
    proc = subprocess.run([*CLI, *row["args"]], cwd=tmp_path, input=row.get("stdin", "").encode("utf-8"),
                          capture_output=True, timeout=120)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert proc.returncode == row["rc"], err
    lines = [l for l in err.splitlines() if l.strip()]
    assert all(l.startswith("jobsieve: error: ") for l in lines), err
    for piece in row.get("stderr", []):
        assert piece in err, f"{piece!r} not in stderr:\n{err}"
    assert len(lines) == row.get("failures", 1 if row["rc"] else 0), err
    records = [json.loads(l) for l in out.splitlines() if l.strip()]
    assert len(records) == row["records"]
    if "uris" in row:
        assert [r["source"]["uri"] for r in records] == row["uris"]
    for piece in row.get("text_contains", []):
        assert any(piece in r["text"] for r in records), piece
