"""Batch runs: the same records and clusters from ``ingest``, the library, ``batch`` on threads and
``batch`` on a two-process local cluster; restarts; ``load``; the DuckDB queries of the docs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jobsieve.batch import BatchError, BatchOptions, Reporter, dask_client, load_batch, run_batch
from jobsieve.batch.schema import record_from_row
from jobsieve.config import ParseConfig
from jobsieve.dedup import cluster
from jobsieve.pipeline import Failure, parse_files

from batch_corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
JOBSIEVE = Path(sys.executable).with_name("jobsieve")
TODAY = date(2026, 1, 15)
OPTS = BatchOptions(partition_size=4, today=TODAY)
# dask reads Parquet with a pandas call that pandas deprecates (not ours to fix)
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")


def batch_output(out: Path) -> tuple[list[dict], list[str]]:
    """Records (as dicts) in input order and each one's cluster id, read from a batch folder."""
    recs: list[tuple[int, dict]] = []
    for f in sorted((out / "records").glob("part-*.parquet")):
        t = pq.read_table(f, columns=["partition", "index", "record_json", "text"]).to_pydict()
        recs += [((p, i), record_from_row(j, x).to_dict())
                 for p, i, j, x in zip(t["partition"], t["index"], t["record_json"], t["text"])]
    recs.sort(key=lambda r: r[0])
    rows = []
    for f in sorted((out / "clusters").glob("part-*.parquet")):
        rows += pq.read_table(f).to_pylist()
    rows.sort(key=lambda r: r["row"])
    assert [(r["partition"], r["index"]) for r in rows] == [k for k, _ in recs]
    return [d for _, d in recs], [r["cluster_id"] for r in rows]


def partition_of(ids: list[str], cluster_ids: list[str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for pid, cid in zip(ids, cluster_ids):
        groups.setdefault(cid, set()).add(pid)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="module")
def library(corpus) -> tuple[list[dict], list[str]]:
    """What the library gives: parse_files then dedup.cluster."""
    items = list(parse_files([corpus], ParseConfig(today=TODAY)))
    recs = [r for r in items if not isinstance(r, Failure)]
    assert len(recs) == len(items) == 21
    result = cluster(recs)
    return [r.to_dict() for r in recs], [result.cluster_id(i) for i in range(len(recs))]


@pytest.fixture(scope="module")
def threads_client():
    with dask_client(workers=2, processes=False, dashboard=False) as client:
        yield client


@pytest.fixture(scope="module")
def threads_run(corpus, threads_client, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("threads") / "out"
    summary = run_batch([corpus], out, threads_client, OPTS)
    assert summary.complete and summary.postings == 21 and summary.failures == 0
    return out


def test_library_finds_the_planted_duplicates(library):
    recs, cids = library
    groups = partition_of([r["source"]["uri"].split("postings/")[1] for r in recs], cids)
    assert len(groups) == 9
    assert frozenset({"board_a/welder_other_city.txt"}) in groups  # same text, another city
    assert frozenset({"board_a/data.txt", "board_d/data_repost.txt"}) in groups


def test_batch_on_threads_equals_library(threads_run, library):
    recs, cids = batch_output(threads_run)
    assert [r["id"] for r in recs] == [r["id"] for r in library[0]]
    assert recs == library[0]
    assert cids == library[1]


@pytest.mark.slow
def test_batch_on_two_processes_equals_library(corpus, library, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(JOBSIEVE), "batch", str(corpus), "--out", str(out), "--workers", "2", "--partition-size", "4",
         "--today", TODAY.isoformat(), "--json"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["workers"] == 2 and summary["scheduler"].startswith("tcp://")
    assert summary["postings"] == 21 and summary["partitions"] == 6
    recs, cids = batch_output(out)
    assert recs == library[0]
    assert cids == library[1]


def test_store_ingest_equals_batch(corpus, threads_run, tmp_path):
    from jobsieve.dedup.storedb import dedupe_store
    from jobsieve.store import Store

    db = tmp_path / "s.db"
    with Store(db) as store:
        report = store.ingest([corpus], ParseConfig(today=TODAY))
        assert report.postings == 21 and not report.failed
    dedupe_store(db)
    recs, cids = batch_output(threads_run)
    with Store(db, readonly=True) as store:
        stored = {r["id"]: store.get(r["id"]) for r in recs}
    assert {k: h.record.to_dict() for k, h in stored.items()} == {r["id"]: r for r in recs}
    ids = [r["id"] for r in recs]
    assert partition_of(ids, [stored[i].cluster_id for i in ids]) == partition_of(ids, cids)


# ------------------------------------------------------------------------ restart

class _StopAfter(Reporter):
    """Interrupts the run (as Ctrl-C would) once ``n`` partitions are parsed."""

    def __init__(self, n: int) -> None:
        self.n = n

    def stage(self, label, total):
        seen = [0]

        def advance(k=1):
            seen[0] += k
            if label == "parsing" and seen[0] >= self.n:
                raise KeyboardInterrupt
        return advance


def test_interrupted_run_resumes_without_redoing_partitions(corpus, threads_client, threads_run, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch([corpus], out, threads_client, OPTS, _StopAfter(1))
    assert not (out / "summary.json").exists()
    done = {p.name for p in (out / "records").glob("part-*.parquet")}
    assert done
    # a partition a killed worker was writing
    (out / "records" / "part-00005.parquet.tmp").write_bytes(b"half a file")
    summary = run_batch([corpus], out, threads_client, OPTS)
    assert summary.partitions_skipped >= len(done)
    assert summary.partitions_parsed == 6 - summary.partitions_skipped
    assert not list(out.rglob("*.tmp"))
    assert batch_output(out) == batch_output(threads_run)


@pytest.mark.slow
def test_killed_run_resumes(corpus, library, tmp_path):
    """``kill -9`` of the command, its scheduler and its workers in the middle of parsing."""
    import signal
    import time

    import psutil

    out = tmp_path / "out"
    cmd = [str(JOBSIEVE), "batch", str(corpus), "--out", str(out), "--workers", "2", "--partition-size", "1",
           "--today", TODAY.isoformat(), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not list((out / "records").glob("part-*.parquet")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the run wrote nothing in 5 minutes"
        time.sleep(0.02)
    family = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
    os.killpg(proc.pid, signal.SIGKILL)
    for child in family:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait()
    done = len(list((out / "records").glob("part-*.parquet")))
    assert not (out / "summary.json").exists() or done == 21

    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["partitions"] == 21 and summary["partitions_skipped"] >= done
    assert summary["partitions_parsed"] == 21 - summary["partitions_skipped"]
    assert not list(out.rglob("*.tmp"))
    recs, cids = batch_output(out)
    assert recs == library[0]
    assert cids == library[1]


def test_rerun_parses_only_the_missing_partition(corpus, threads_client, threads_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(threads_run, out)
    (out / "records" / "part-00002.parquet").unlink()
    summary = run_batch([corpus], out, threads_client, OPTS)
    assert (summary.partitions_parsed, summary.partitions_skipped) == (1, 5)
    assert summary.clusters == 9
    assert batch_output(out) == batch_output(threads_run)
    again = run_batch([corpus], out, threads_client, OPTS)
    assert (again.partitions_parsed, again.clusters) == (0, 9)


def test_changed_input_is_noticed(corpus, threads_client, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(corpus, src)
    out = tmp_path / "out"
    run_batch([src], out, threads_client, OPTS)
    (src / "board_a" / "baker.txt").write_text("Boulanger (H/F)\nCDI à Brest.\n", encoding="utf-8")
    with pytest.raises(BatchError, match="input files changed"):
        run_batch([src], out, threads_client, OPTS)
    run_batch([corpus], tmp_path / "out2", threads_client, BatchOptions(partition_size=4, today=TODAY, dedupe=False))
    with pytest.raises(BatchError, match=r"other options \(today\)"):
        run_batch([corpus], tmp_path / "out2", threads_client, BatchOptions(partition_size=4, today=date(2026, 2, 1)))
    summary = run_batch([src], out, threads_client, BatchOptions(partition_size=4, today=TODAY, force=True))
    assert summary.partitions_parsed == 6


def test_failures_are_quarantined_per_posting(threads_client, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Magasinier (H/F)\nCDI à Tours, préparation des commandes.\n", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    (src / "feed.jsonl").write_text('{"text": "Serveur (H/F) - Extra le week-end a Nice"}\n{not json\n\n'
                                    '{"title": "no posting here"}\n', encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([src, tmp_path / "missing"], out, threads_client, OPTS)
    assert summary.postings == 2
    fails = pq.read_table(out / "failures").to_pylist()
    reasons = {Path(f["uri"]).name: f["reason"] for f in fails}
    assert reasons["empty.txt"].startswith("empty input")
    assert reasons["scan.txt"].startswith("binary file")
    assert reasons["feed.jsonl:2"].startswith("invalid JSON")
    assert reasons["feed.jsonl:4"].startswith("no job posting found")
    assert reasons["missing"] == "no such file or directory"
    assert summary.failures == len(fails) == 5


# ------------------------------------------------------------------------ load and queries

def test_load_puts_records_and_clusters_in_the_store(threads_run, tmp_path):
    from jobsieve.store import Store

    db = tmp_path / "b.db"
    report = load_batch(threads_run, db)
    assert (report.postings, report.added, report.store_postings) == (21, 21, 21)
    recs, cids = batch_output(threads_run)
    with Store(db, readonly=True) as store:
        for r, cid in zip(recs, cids):
            hit = store.get(r["id"])
            assert hit.record.to_dict() == r
            assert hit.cluster_id == cid
    again = load_batch(threads_run, db)
    assert (again.added, again.unchanged, again.store_postings) == (0, 21, 21)


def test_load_refuses_an_unfinished_run(tmp_path):
    with pytest.raises(BatchError, match="not a batch output folder"):
        load_batch(tmp_path, tmp_path / "x.db")


def test_cli_load_and_errors(threads_run, tmp_path):
    from typer.testing import CliRunner

    from jobsieve.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["load", str(threads_run), "--db", str(tmp_path / "c.db")])
    assert res.exit_code == 0, res.output
    assert "21 postings from 6 partitions (21 added" in " ".join(res.output.split())
    # a bad input fails at once, naming it, before any cluster starts
    res = runner.invoke(app, ["batch", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "no such file or directory" in res.output
    res = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "c.db")])
    assert res.exit_code == 2 and "not a batch output folder" in " ".join(res.output.split())


def _doc_queries() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert blocks, "docs/batch.md shows no DuckDB query"
    return [(b.strip().splitlines()[0], b) for b in blocks]


@pytest.mark.parametrize("query", [q for _, q in _doc_queries()], ids=[i for i, _ in _doc_queries()])
def test_docs_duckdb_queries_run(query, threads_run, tmp_path, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    os.symlink(threads_run, tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    rows = duckdb.sql(query).fetchall()
    if "failures" not in query:  # the test output has none
        assert rows, "the documented query returns nothing on the test output"
