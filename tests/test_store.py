"""The store: idempotent ingest, updates, sources and boards, quarantine, duplicate clusters,
and resuming after a ``kill -9``."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jobsieve.store import SearchQuery, Store, StoreError
from jobsieve.store.ingest import board_of, city_key, record_json, source_uris

from store_records import kill_mid_ingest, make_record, sample_records

ROOT = Path(__file__).resolve().parent.parent


def fts_ok(store: Store) -> None:
    """The FTS index agrees with its content table (what the triggers must keep true)."""
    conn = store._conn()
    conn.execute("INSERT INTO postings_fts(postings_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


def test_roundtrip_keeps_the_record(store):
    recs = sample_records()
    store.add(recs)
    for r in recs:
        hit = store.get(r.id)
        assert hit is not None
        assert hit.record.to_dict() == r.to_dict()
        assert hit.cluster_id == r.id
    assert store.get("0000000000000000") is None


def test_record_json_is_to_dict(store):
    for r in sample_records():
        d = r.to_dict()
        d.pop("text")
        assert json.loads(record_json(r)[0]) == json.loads(json.dumps(d))


def test_same_posting_twice_is_one_row(store):
    recs = sample_records()
    first = store.add(recs)
    again = store.add(recs)
    assert (first.added, again.added, again.unchanged) == (5, 0, 5)
    assert store.count() == 5
    fts_ok(store)


def test_same_text_at_two_places_is_one_posting_with_two_sources(store):
    text = "Comptable (H/F)\nCabinet Martel - Nantes\nTenue de la comptabilité de nos clients artisans."
    a = make_record(text, title="Comptable (H/F)", uri="https://www.emplois.example.fr/o/1")
    b = make_record(text, title="Comptable (H/F)", uri="https://jobs.example.org/o/77")
    store.add([a, b])
    assert store.count() == 1
    hit = store.get(a.id)
    assert sorted(s.uri for s in hit.sources) == sorted([a.source.uri, b.source.uri])
    assert sorted(hit.boards) == ["emplois.example.fr", "jobs.example.org"]


def test_changed_posting_at_the_same_uri_is_updated_in_place(store):
    uri = "https://emplois.example.fr/o/42"
    old = make_record("Serveur (H/F)\nBrasserie du Port\nService du midi, contrat de 20 heures.",
                      title="Serveur (H/F)", uri=uri)
    new = make_record("Serveur (H/F)\nBrasserie du Port\nService du soir, contrat de 35 heures.",
                      title="Serveur (H/F)", uri=uri)
    store.add([old])
    pk = store._conn().execute("SELECT pk FROM postings").fetchone()[0]
    report = store.add([new])
    assert report.updated == 1 and store.count() == 1
    assert store.get(old.id) is None and store.get(new.id) is not None
    assert store._conn().execute("SELECT pk FROM postings").fetchone()[0] == pk
    assert store.search(SearchQuery(q="soir")).total == 1
    assert store.search(SearchQuery(q="midi")).total == 0
    fts_ok(store)


def test_changed_posting_still_shown_elsewhere_keeps_the_old_version(store):
    text = "Cariste\nEntrepôt Nord\nConduite de chariots élévateurs en équipe de jour."
    a = make_record(text, title="Cariste", uri="https://a.example.org/1")
    b = make_record(text, title="Cariste", uri="https://b.example.org/1")
    store.add([a, b])
    changed = make_record(text + "\nPrime de nuit.", title="Cariste", uri="https://a.example.org/1")
    assert store.add([changed]).added == 1
    assert store.count() == 2
    assert [s.uri for s in store.get(a.id).sources] == ["https://b.example.org/1"]


def test_a_newer_parse_of_the_same_text_refreshes_the_record(store):
    text = "Plombier\nArtisans Réunis - Rennes\nInstallation sanitaire en maisons neuves."
    store.add([make_record(text, title="Plombier", uri="file-a")])
    report = store.add([make_record(text, title="Plombier", city="Rennes", country="FR", uri="file-a")])
    assert report.updated == 1
    assert store.search(SearchQuery(city=("rennes",))).total == 1


@pytest.mark.parametrize("uri,board", [
    ("https://www.welcometothejungle.example/fr/jobs/1", "welcometothejungle.example"),
    ("http://Emplois.Example.FR/offre?id=3", "emplois.example.fr"),
    ("/data/boards/indeed-fr/2026/offre-12.html", "2026"),
    ("exports/linkedin/post.txt#2", "linkedin"),
    ("api:0bf4c1d045779bc6", "api"),
    ("offre.txt", "local"),
    (None, "unknown"),
])
def test_board_of(uri, board):
    assert board_of(uri) == board


def test_source_uris_number_postings_sharing_one_file():
    recs = [make_record(f"Poste {i}\nTexte du poste numéro {i}.", uri="feed.json") for i in range(3)]
    assert source_uris(recs, "x") == ["feed.json#1", "feed.json#2", "feed.json#3"]
    recs[1].source.uri = "https://example.org/job/2"
    assert source_uris(recs, "x") == ["feed.json#1", "https://example.org/job/2", "feed.json#3"]


@pytest.mark.parametrize("name,key", [("Saint-Étienne", "saint etienne"), ("PARIS", "paris"),
                                      ("  L'Haÿ-les-Roses ", "l hay les roses"), ("", None), ("--", None)])
def test_city_key(name, key):
    assert city_key(name) == key


# ------------------------------------------------------------------ files

_WORDS = ("presse convoyeur four robot compresseur pompe broyeur étuve chaudière palettiseur tour fraiseuse "
          "atelier magasin quai laboratoire entrepôt ligne bâtiment vanne moteur capteur automate courroie "
          "roulement graissage réglage soudure câblage armoire variateur vérin filtre joint huile rapport "
          "équipe client sécurité qualité audit planning stock commande pièce outil plan schéma norme").split()


def write_postings(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` distinct vacancies (their bodies share no run of five words), one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        rng = random.Random(i)
        body = " ".join(rng.choice(_WORDS) for _ in range(60))
        p = folder / f"offre_{i:03d}.txt"
        p.write_text(
            f"Technicien de maintenance {i} (H/F)\nUsine Delta - Grenoble\nCDI\n\n"
            f"Vous assurez la maintenance préventive des lignes de production numéro zq{i}x.\n{body}\n"
            "Poste en horaires de journée, à pourvoir rapidement.\n", encoding="utf-8")
        out.append(p)
    return out


def test_ingest_files_is_idempotent_and_quarantines_failures(tmp_path, store):
    write_postings(tmp_path / "in" / "boardname", 3)
    (tmp_path / "in" / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    report = store.ingest([tmp_path / "in"])
    assert (report.added, report.files_done) == (3, 5)
    failed = dict(report.failed)
    assert set(Path(u).name for u in failed) == {"empty.txt", "blob.txt"}
    assert any("empty" in r for r in failed.values())
    assert {Path(u).name for u, _, _ in store.quarantine()} == {"empty.txt", "blob.txt"}
    hit = store.search(SearchQuery(q="zq1x")).items[0]
    assert hit.boards == ["boardname"]

    again = store.ingest([tmp_path / "in"])
    assert (again.files_skipped, again.postings, again.failed) == (5, 0, [])

    # Touched without change: skipped. Changed: updated in place.
    p = tmp_path / "in" / "boardname" / "offre_001.txt"
    os.utime(p, None)
    assert store.ingest([tmp_path / "in"]).files_skipped == 5
    p.write_text(p.read_text(encoding="utf-8").replace("journée", "nuit"), encoding="utf-8")
    changed = store.ingest([tmp_path / "in"])
    assert (changed.updated, changed.files_skipped) == (1, 4)
    assert store.count() == 3
    assert store.search(SearchQuery(q="nuit")).total == 1
    fts_ok(store)


def test_ingest_names_missing_paths(tmp_path, store):
    report = store.ingest([tmp_path / "nowhere"])
    assert report.failed and "no such file" in report.failed[0][1]


def test_not_a_store_is_a_clear_error(tmp_path):
    p = tmp_path / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="other.db: holds other tables"):
        Store(p)
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="garbage.db"):
        Store(bad)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.db", readonly=True)


# ------------------------------------------------------------------ clusters

def test_search_returns_one_result_per_cluster_with_all_sources(store):
    recs = sample_records()
    store.add(recs)
    head, member = recs[0], recs[1]
    store.set_cluster(member.id, head.id)
    r = store.search(SearchQuery(sort="date"))
    assert r.total == 4
    ids = [h.record.id for h in r.items]
    assert head.id in ids and member.id not in ids
    hit = next(h for h in r.items if h.record.id == head.id)
    assert sorted(s.posting_id for s in hit.sources) == sorted([head.id, member.id])
    assert hit.boards == ["emplois.example.fr"]
    # A member's own words find its cluster, shown by the canonical posting, only when the
    # canonical posting matches too: search matches canonical rows (see docs/store.md).
    assert store.search(SearchQuery(q="refonte")).total == 0
    assert store.search(SearchQuery(contract=("permanent",))).total == 1
    assert store.get(member.id).cluster_id == head.id


# ------------------------------------------------------------------ kill -9 and resume

KILLABLE = """
import sys, time
from jobsieve.store import Store
store = Store(sys.argv[1])
# Slow each file down so that the parent can kill the process in the middle of the run.
store.ingest([sys.argv[2]], batch_size=4, on_file=lambda n: time.sleep(0.05))
"""


@pytest.mark.slow
def test_kill_9_then_rerun_resumes_without_loss(tmp_path):
    files = write_postings(tmp_path / "in", 40)
    db = tmp_path / "k.db"
    kill_mid_ingest(KILLABLE, db, tmp_path / "in", cwd=ROOT)
    with Store(db) as s:
        committed = s._conn().execute("SELECT count(*) FROM ingested_files").fetchone()[0]
        assert committed >= 8 and committed % 4 == 0 and committed < 40
        # What was committed is whole: each finished file has its posting.
        assert s.count() == committed
        fts_ok(s)
        report = s.ingest([tmp_path / "in"])
        assert report.files_skipped == committed
        assert report.added == 40 - committed
        assert s.count() == 40
        for i in range(40):
            assert s.search(SearchQuery(q=f"zq{i}x")).total == 1, i
        fts_ok(s)
    assert len(files) == 40


def test_cli_ingest_then_search(tmp_path):
    write_postings(tmp_path / "in", 3)
    db = tmp_path / "c.db"
    run = [str(Path(sys.executable).parent / "jobsieve")]
    if not Path(run[0]).exists():
        pytest.skip("the jobsieve script is not installed next to this Python")
    out = subprocess.run([*run, "ingest", str(tmp_path / "in"), "--db", str(db)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "3 postings from 3 files" in out.stderr
    out = subprocess.run([*run, "search", "zq2x", "--db", str(db), "--json", "--no-text"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(lines) == 1 and "text" not in lines[0] and lines[0]["sources"][0]["board"] == "in"
    out = subprocess.run([*run, "search", '"zq2x', "--db", str(db)], capture_output=True, text=True)
    assert out.returncode == 2 and "unbalanced double quote" in out.stderr
    out = subprocess.run([*run, "search", "x", "--db", str(tmp_path / "none.db")], capture_output=True, text=True)
    assert out.returncode == 2 and "none.db" in out.stderr and "no such store" in out.stderr


def test_worker_processes_store_the_same_thing(tmp_path):
    write_postings(tmp_path / "in", 12)
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        a = one.ingest([tmp_path / "in"], workers=1)
        b = two.ingest([tmp_path / "in"], workers=2)
        assert (a.added, b.added) == (12, 12)
        assert a.ids == b.ids
        assert [h.record.to_dict() for h in map(one.get, a.ids)] == [h.record.to_dict() for h in map(two.get, b.ids)]
        fts_ok(two)
    with Store(tmp_path / "three.db") as three:
        assert three.add(sample_records() * 3, workers=2, batch_size=4).added == 5
        assert three.count() == 5


def test_deleting_the_head_of_a_cluster_keeps_the_cluster(store):
    recs = sample_records()
    store.add(recs)
    head, a, b = recs[0].id, recs[1].id, recs[2].id
    store.set_cluster(a, head)
    store.set_cluster(b, head)
    with store._conn() as conn:
        conn.execute("DELETE FROM postings WHERE id = ?", (head,))
    new_head = min(a, b)
    assert {store.get(a).cluster_id, store.get(b).cluster_id} == {new_head}
    r = store.search(SearchQuery())
    assert r.total == 3 and new_head in [h.record.id for h in r.items]
    fts_ok(store)
