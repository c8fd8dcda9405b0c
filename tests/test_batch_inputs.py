"""Batch inputs: JSON Lines lines (table), deterministic partitions, Parquet rows, the record columns."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from jobsieve.batch import inputs
from jobsieve.batch.inputs import list_inputs, plan, read_partition
from jobsieve.batch.schema import RECORDS, record_from_row, record_row, records_table
from jobsieve.config import ParseConfig
from jobsieve.model import (
    Apply, Benefit, Contract, Dates, Education, Employer, Experience, LanguageRequirement, Location, Record,
    Related, Remote, Salary, Section, Source, WorkingTime,
)
from jobsieve.pipeline import Failure, parse_files

from batch_corpus import write_corpus
from conftest import CASES

CONFIG = ParseConfig(today=date(2026, 1, 15))
LINE_CASES = yaml.safe_load((CASES / "batch.jsonl.yaml").read_text(encoding="utf-8"))


def read_all(paths: list[Path], size: int = 1000) -> list[Record | Failure]:
    return [x for part in plan(list_inputs(paths), size) for x in read_partition(part, CONFIG)]


@pytest.mark.parametrize("case", LINE_CASES, ids=[c["id"] for c in LINE_CASES])
def test_jsonl_line(case, tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(case["line"] + "\n", encoding="utf-8")
    out = read_all([f])
    assert len(out) == 1
    item = out[0]
    if case["expect"] in ("raw", "json"):
        assert isinstance(item, Record), item
        assert item.source.format == case["format"]
        if "uri" in case:
            assert item.source.uri == case["uri"].format(file=f)
        if case["expect"] == "json":
            # exactly what the JSON Lines reader gives for the same line
            assert [r.to_dict() for r in parse_files([f], CONFIG)] == [item.to_dict()]
    else:
        assert isinstance(item, Failure)
        assert item.uri == f"{f}:1"
        assert item.reason.startswith(case["expect"]), item.reason


@pytest.mark.parametrize("content, size, expected", [
    ("a\nb\nc\nd\ne\nf\ng\n", 3, [(1, 3), (4, 3), (7, 1)]),
    ("a\nb\nc\nd\ne\nf\ng", 3, [(1, 3), (4, 3), (7, 1)]),      # no newline at the end
    ("a\nb\nc\nd\ne\nf\n", 3, [(1, 3), (4, 3)]),
    ("a\n\nb\n", 2, [(1, 2), (3, 1)]),                          # a blank line still counts
    ("only one line", 5, [(1, 1)]),
], ids=["seven_by_three", "no_final_newline", "exact_multiple", "blank_line", "single_line"])
@pytest.mark.parametrize("chunk", [1 << 24, 3], ids=["one_chunk", "tiny_chunks"])
def test_line_ranges(content, size, expected, chunk, tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "_CHUNK", chunk)
    f = tmp_path / "x.jsonl"
    f.write_bytes(content.encode())
    segs = list(inputs._line_ranges(f, size))
    assert [(s.first, s.units) for s in segs] == expected
    assert segs[0].start == 0 and segs[-1].end == len(content)
    assert b"".join(content.encode()[s.start:s.end] for s in segs) == content.encode()


def test_partitions_pack_files_lines_and_rows(tmp_path):
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text("Magasinier (H/F) à Tours", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("".join(json.dumps({"text": f"Serveur {i} à Nice"}) + "\n" for i in range(7)),
                                      encoding="utf-8")
    pq.write_table(pa.table({"text": [f"Vendeur {i} à Brest" for i in range(4)]}), tmp_path / "c.parquet")
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    listing = list_inputs([tmp_path])
    assert [f.name for f in listing.files] == ["a0.txt", "a1.txt", "a2.txt", "a3.txt", "a4.txt", "b.jsonl", "c.parquet"]
    parts = plan(listing, 3)
    assert [p.units for p in parts] == [3, 2, 3, 3, 1, 3, 1]
    assert [[s.kind for s in p.segments] for p in parts][1:3] == [["files"], ["lines"]]
    assert plan(list_inputs([tmp_path]), 3) == parts  # the same listing gives the same partitions
    out = [x for p in parts for x in read_partition(p, CONFIG)]
    assert all(isinstance(x, Record) for x in out)
    uris = [Path(r.source.uri).name for r in out]
    assert uris == [f"a{i}.txt" for i in range(5)] + [f"b.jsonl:{i}" for i in range(1, 8)] + \
        [f"c.parquet:{i}" for i in range(1, 5)]


def test_parquet_rows_across_row_groups(tmp_path):
    f = tmp_path / "dump.parquet"
    texts = [f"Chauffeur livreur {i} (H/F)\nCDD à Metz, tournée numéro {i}." for i in range(10)]
    pq.write_table(pa.table({"uri": [f"https://jobs.example.net/{i}" for i in range(10)], "text": texts}),
                   f, row_group_size=3)
    for size in (1, 4, 10):
        out = read_all([f], size)
        assert [r.source.uri for r in out] == [f"https://jobs.example.net/{i}" for i in range(10)]


def test_parquet_without_text_column_fails_with_reason(tmp_path):
    f = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"body": ["x"]}), f)
    (out,) = read_all([f])
    assert isinstance(out, Failure) and "no text, html or content column" in out.reason


def test_raw_jsonl_and_parquet_give_the_records_of_the_files(tmp_path):
    folder = write_corpus(tmp_path)
    files = [f for f in list_inputs([folder]).files if f.suffix in (".txt", ".md", ".html")]
    expected = [r.to_dict() for r in parse_files(files, CONFIG)]
    rows = [{"uri": str(f), "text": f.read_text(encoding="utf-8")} for f in files]
    jl = tmp_path / "raw.jsonl"
    jl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    pqf = tmp_path / "raw.parquet"
    pq.write_table(pa.Table.from_pylist(rows), pqf)
    for source in (jl, pqf):
        assert [r.to_dict() for r in read_all([source], 4)] == expected


def test_missing_and_empty_inputs_are_named():
    listing = list_inputs([Path("/nonexistent/postings")])
    assert listing.files == [] and listing.errors == [("/nonexistent/postings", "no such file or directory")]


def _full_record() -> Record:
    text = "Cheffe de cuisine (H/F)\nMaison Verlaine - Dijon\nCDD 6 mois\n..."
    return Record(
        id="abc", source=Source(uri="https://jobs.example.org/1", format="markdown"), language="fr",
        title="Cheffe de cuisine", employer=Employer("Maison Verlaine"),
        locations=[Location("Dijon", "Bourgogne-Franche-Comté", "FR"), Location("Beaune", None, "FR")],
        contract=Contract("fixed_term", 6.0, True), working_time=WorkingTime("full_time", 39.0),
        salary=Salary("EUR", "month", 2800.0, 3100.0, 13, 36400.0, 40300.0),
        dates=Dates("2026-01-02", None, True, "2026-02-01", "2026-08-01"),
        remote=Remote("on_site", None, None), experience=Experience(3.0, 5.0), education=Education(4),
        languages=[LanguageRequirement("en", "B2", False)], benefits=[Benefit("meal_vouchers", 9.0, 0.6)],
        apply=Apply(["rh@example.org"], ["https://example.org/apply"], "CUI-26", ["cv"]),
        sections=[Section("mission", 10, 40)], related=[Related("Commis", "Maison Verlaine", None)],
        evidence={"title": [(0, 17)], "locations[0]": [(35, 40)]}, warnings=["two salaries"], text=text,
    )


def test_record_row_rebuilds_the_record_exactly():
    rec = _full_record()
    row = record_row(rec, 3, 7)
    assert set(row) == set(RECORDS.names)
    assert record_from_row(row["record_json"], row["text"]).to_dict() == rec.to_dict()
    table = records_table([rec, Record(id="empty")], 3)
    assert table.schema == RECORDS
    first = table.to_pylist()[0]
    assert (first["city"], first["salary_annual_max"], first["posted"]) == ("Dijon", 40300.0, date(2026, 1, 2))
    assert json.loads(first["evidence"]) == {"title": [[0, 17]], "locations[0]": [[35, 40]]}


def test_a_date_outside_the_spec_stays_in_record_json():
    rec = Record(id="x", dates=Dates(posted="sometime in May"))
    row = record_row(rec, 0, 0)
    assert row["posted"] is None
    assert record_from_row(row["record_json"], row["text"]).dates.posted == "sometime in May"
