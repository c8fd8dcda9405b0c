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

import casefiles

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


INPUTS = {"files", "dirs", "args", "stdin", "needs_permissions"}
EXPECT = {"rc", "stderr", "failures", "records", "uris", "text_contains"}


@pytest.mark.parametrize("case", casefiles.params("readers.cli", inputs=INPUTS, expect=EXPECT))
def test_parse_bad_input(case, tmp_path):
    exp = case.expect
    if case.get("needs_permissions") and os.geteuid() == 0:
        pytest.skip("file permissions do not apply to root")
    for d in case.get("dirs", []):
        (tmp_path / d).mkdir(parents=True)
    for name, spec in (case.get("files") or {}).items():
        _write(tmp_path, name, spec)
    proc = subprocess.run([*CLI, *case["args"]], cwd=tmp_path, input=case.get("stdin", "").encode("utf-8"),
                          capture_output=True, timeout=120)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert proc.returncode == exp["rc"], err
    lines = [l for l in err.splitlines() if l.strip()]
    assert all(l.startswith("jobsieve: error: ") for l in lines), err
    for piece in exp.get("stderr", []):
        assert piece in err, f"{piece!r} not in stderr:\n{err}"
    assert len(lines) == exp.get("failures", 1 if exp["rc"] else 0), err
    records = [json.loads(l) for l in out.splitlines() if l.strip()]
    assert len(records) == exp["records"]
    if "uris" in exp:
        assert [r["source"]["uri"] for r in records] == exp["uris"]
    for piece in exp.get("text_contains", []):
        assert any(piece in r["text"] for r in records), piece
