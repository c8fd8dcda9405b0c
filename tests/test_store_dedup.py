"""Ingest groups duplicates as it writes: one search result per vacancy with all its sources
(store, CLI, API, posting page), re-clustering of changed postings, deterministic clusters
whatever the order and batch boundaries, and a killed ingest that resumes to the same clusters."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobsieve.config import ParseConfig
from jobsieve.dedup.index import DedupIndex
from jobsieve.store import SearchQuery, Store
from jobsieve.store import dedupe as store_dedupe

from conftest import shared_path
from store_records import kill_mid_ingest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ParseConfig(today=__import__("datetime").date(2026, 2, 1))

# One vacancy written by us, published as plain text on one board and as an HTML page on another.
AD_LINES = [
    "Notre laiterie coopérative transforme chaque jour le lait de cent vingt exploitations de montagne.",
    "Rattaché au responsable maintenance, vous dépannez les lignes de conditionnement et les pasteurisateurs.",
    "Vous réalisez les plans de maintenance préventive, tenez à jour la GMAO et proposez des améliorations.",
    "Vous intervenez en mécanique, en pneumatique et en électricité, dans le respect de l'hygiène alimentaire.",
    "Titulaire d'un BTS maintenance, vous avez deux ans d'expérience en industrie agroalimentaire.",
    "Travail en deux-huit, une astreinte un week-end sur quatre, prime d'équipe et treizième mois.",
]
AD_TITLE = "Technicien de maintenance industrielle (H/F)"
AD_HEAD = ["Laiterie des Trois Vallées - Annecy", "CDI - Temps plein", "Salaire : 2 300 € à 2 600 € brut par mois"]

OTHER_LINES = [
    "Le cabinet accompagne des artisans et des commerçants dans leur gestion depuis vingt ans.",
    "Vous tenez la comptabilité d'un portefeuille de dossiers et préparez les bilans annuels.",
    "Vous établissez les déclarations de TVA et conseillez les clients sur leur trésorerie.",
    "Diplômé d'un DCG, vous maîtrisez les logiciels de saisie et aimez le contact client.",
    "Poste à temps plein, tickets restaurant et intéressement aux résultats du cabinet.",
]


def ad_text() -> str:
    return "\n".join([AD_TITLE, *AD_HEAD, "", *AD_LINES]) + "\n"


def ad_html() -> str:
    paras = "".join(f"<p>{x}</p>" for x in AD_LINES)
    return ("<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Offre</title></head><body>"
            "<nav><a href='/'>Accueil</a> | <a href='/offres'>Toutes les offres</a></nav><main>"
            f"<h1>{AD_TITLE}</h1><p><strong>Laiterie des Trois Vallées</strong> - Annecy</p>"
            f"<ul><li>{AD_HEAD[1]}</li><li>{AD_HEAD[2]}</li></ul>{paras}</main>"
            "<footer><p>Emplois des Alpes - mentions légales</p></footer></body></html>")


def other_text() -> str:
    return "\n".join(["Comptable (H/F)", "Cabinet Martel - Nantes", "CDI", "", *OTHER_LINES]) + "\n"


def write_pair(root: Path) -> Path:
    """The ad as text on board ``alpes-emploi`` and as HTML on board ``jobs-savoie``, plus another job."""
    (root / "alpes-emploi").mkdir(parents=True, exist_ok=True)
    (root / "jobs-savoie").mkdir(parents=True, exist_ok=True)
    (root / "alpes-emploi" / "technicien.txt").write_text(ad_text(), encoding="utf-8")
    (root / "jobs-savoie" / "offre-8812.html").write_text(ad_html(), encoding="utf-8")
    (root / "alpes-emploi" / "comptable.txt").write_text(other_text(), encoding="utf-8")
    return root


def clusters(store: Store) -> dict[str, str]:
    """Posting id -> cluster id of every stored posting."""
    return dict(store._conn().execute("SELECT id, cluster_id FROM postings").fetchall())


def partition(assign: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for pid, cid in assign.items():
        groups.setdefault(cid, set()).add(pid)
    return {frozenset(g) for g in groups.values()}


def index_agrees(store: Store) -> None:
    """The deduplication index holds exactly the stored postings, in the same clusters."""
    conn = store._conn()
    stored = dict(conn.execute("SELECT id, cluster_id FROM postings").fetchall())
    indexed = dict(conn.execute("SELECT posting_id, cluster_id FROM dedup_postings").fetchall())
    assert indexed == stored


@pytest.fixture
def pair(tmp_path):
    return write_pair(tmp_path / "in")


def test_the_same_ad_as_text_and_html_is_one_result_with_both_sources(tmp_path, pair):
    with Store(tmp_path / "s.db") as store:
        report = store.ingest([pair], CONFIG)
        assert report.added == 3 and not report.failed
        assert report.dedup["recluster"]["clusters"] == 2
        result = store.search(SearchQuery(q="maintenance"))
        assert result.total == 1
        hit = result.items[0]
        assert sorted(hit.boards) == ["alpes-emploi", "jobs-savoie"]
        assert len({s.posting_id for s in hit.sources}) == 2
        assert store.search(SearchQuery(q="comptabilité")).total == 1
        assert store.search(SearchQuery()).total == 2
        index_agrees(store)


def test_cli_api_and_page_show_the_sources(tmp_path, pair):
    run = Path(sys.executable).parent / "jobsieve"
    if not run.exists():
        pytest.skip("the jobsieve script is not installed next to this Python")
    db = tmp_path / "c.db"
    out = subprocess.run([str(run), "ingest", str(pair), "--db", str(db), "--today", "2026-02-01"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "3 postings in 2 vacancies, 1 seen more than once" in out.stderr
    out = subprocess.run([str(run), "search", "maintenance", "--db", str(db)], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    assert "1 postings for maintenance" in out.stdout and "also posted on 1 other board" in out.stdout
    out = subprocess.run([str(run), "search", "maintenance", "--db", str(db), "--json", "--no-text"],
                         capture_output=True, text=True)
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(lines) == 1 and {s["board"] for s in lines[0]["sources"]} == {"alpes-emploi", "jobs-savoie"}

    from fastapi.testclient import TestClient

    from jobsieve.web import create_app

    with TestClient(create_app(db)) as client:
        body = client.get("/api/postings", params={"q": "maintenance"}).json()
        assert body["total"] == 1
        item = body["items"][0]
        assert sorted(s["board"] for s in item["sources"]) == ["alpes-emploi", "jobs-savoie"]
        page = client.get(f"/postings/{item['id']}").text
        assert "also posted on 1 other board" in page
        assert page.count('data-board="') == 2 and "offre-8812.html" in page and "technicien.txt" in page


def test_the_seed_postings_stay_three_vacancies(tmp_path):
    seeds = shared_path("examples", "seeds")
    files = [next(seeds.glob(f"{n}_*")) for n in ("001", "002", "004")]
    folder = tmp_path / "seeds"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    with Store(tmp_path / "s.db") as store:
        store.ingest([folder], CONFIG)
        assert store.count() == 3
        assert store.search(SearchQuery()).total == 3
        assert len(set(clusters(store).values())) == 3


def test_a_changed_posting_is_clustered_again_and_the_old_one_leaves(tmp_path, pair):
    ad = pair / "alpes-emploi" / "technicien.txt"
    with Store(tmp_path / "s.db") as store:
        store.ingest([pair], CONFIG)
        old = partition(clusters(store))
        assert len(old) == 2
        old_ids = set(clusters(store))
        # The text board now shows another job at the same uri: it leaves the cluster.
        ad.write_text(other_text().replace("Nantes", "Angers").replace("Martel", "Lebrun")
                      .replace("artisans", "associations"), encoding="utf-8")
        report = store.ingest([pair], CONFIG)
        assert report.updated == 1 and store.count() == 3
        now = clusters(store)
        assert len(old_ids - set(now)) == 1  # the old version is gone, from the index too
        assert len(set(now.values())) == 3
        index_agrees(store)
        hits = store.search(SearchQuery(q="maintenance")).items
        assert len(hits) == 1 and hits[0].boards == ["jobs-savoie"]
        # ... and back: one vacancy again.
        ad.write_text(ad_text(), encoding="utf-8")
        store.ingest([pair], CONFIG)
        assert partition(clusters(store)) == old
        index_agrees(store)


def test_no_dedupe_then_dedupe_command(tmp_path, pair):
    from jobsieve.dedup.storedb import dedupe_store

    db = tmp_path / "s.db"
    with Store(db) as store:
        report = store.ingest([pair], CONFIG, dedupe=False)
        assert report.dedup == {} and store.search(SearchQuery()).total == 3
    summary = dedupe_store(db)
    assert summary["indexed_now"] == 3 and summary["clusters"] == 2
    with Store(db) as store:
        assert store.search(SearchQuery()).total == 2
        index_agrees(store)


def test_clusters_do_not_depend_on_order_or_batches(tmp_path, pair, monkeypatch):
    # A second copy of the ad (an agency's excerpt) so that clusters have three members.
    (pair / "agence").mkdir()
    (pair / "agence" / "copie.txt").write_text(
        "\n".join([AD_TITLE, AD_HEAD[0], AD_HEAD[1], "", *AD_LINES[1:5], "Agence Interim Plus, réf. 4471."]) + "\n",
        encoding="utf-8")
    files = sorted(pair.rglob("*.*"))
    with Store(tmp_path / "all.db") as store:
        store.ingest([pair], CONFIG)
        reference = clusters(store)
    assert len(set(reference.values())) == 2

    # Files one at a time in reverse order, one posting per batch: the same cluster ids.
    with Store(tmp_path / "rev.db") as store:
        for f in reversed(files):
            store.ingest([f], CONFIG, batch_size=1)
        assert clusters(store) == reference
        index_agrees(store)

    # A store too large for a full pass at the end: the incremental index alone groups the
    # same postings, and a recluster gives the reference ids back.
    monkeypatch.setattr(store_dedupe, "RECLUSTER_MAX", 0)
    monkeypatch.setattr(store_dedupe, "RECLUSTER_SHARE", 10.0)
    with Store(tmp_path / "inc.db") as store:
        for f in reversed(files):
            report = store.ingest([f], CONFIG, batch_size=1)
            assert "catch_up" in report.dedup
        assert partition(clusters(store)) == partition(reference)
        index_agrees(store)
        store.recluster()
        assert clusters(store) == reference
        index_agrees(store)


def test_the_api_clusters_what_it_receives(tmp_path):
    from fastapi.testclient import TestClient

    from jobsieve.web import create_app

    db = tmp_path / "a.db"
    with TestClient(create_app(db, api_key="k")) as client:
        first = client.post("/api/postings", params={"uri": "https://alpes-emploi.example/o/1"},
                            content=ad_text().encode(), headers={"X-API-Key": "k"})
        second = client.post("/api/postings", params={"uri": "https://www.jobs-savoie.example/offre/8812"},
                             content=ad_html().encode(), headers={"X-API-Key": "k"})
        assert first.status_code == second.status_code == 201
        body = client.get("/api/postings").json()
        assert body["total"] == 1
        assert sorted(s["board"] for s in body["items"][0]["sources"]) == ["alpes-emploi.example",
                                                                           "jobs-savoie.example"]


def test_index_log_and_checkpoint_reload_the_same_counts(tmp_path, monkeypatch):
    import numpy as np

    from jobsieve.dedup import index as index_mod
    from jobsieve.model import Record

    monkeypatch.setattr(index_mod, "CHECKPOINT_DOCS", 3)
    path = tmp_path / "d.db"
    index = DedupIndex.open(path)
    lines = AD_LINES + OTHER_LINES
    for i in range(7):
        index.add(Record(id=f"p{i}", language="fr", text="\n".join(lines[i:] + lines[:i]) + f"\nréf {i}"))
        index.commit()
    docs, rows = index.df.docs, index.df.rows.copy()
    logged = index.conn.execute("SELECT count(*) FROM dedup_df_log").fetchone()[0]
    assert logged == 1 and index.conn.execute("SELECT docs FROM dedup_df").fetchone()[0] == 6
    index.close()
    again = DedupIndex.open(path)
    assert again.df.docs == docs and np.array_equal(again.df.rows, rows)
    again.close()


KILLABLE = """
import sys, time
from jobsieve.store import Store
store = Store(sys.argv[1])
store.ingest([sys.argv[2]], batch_size=2, workers=1, on_file=lambda n: time.sleep(0.15))
"""


def _copies(root: Path, n: int) -> None:
    """``n`` vacancies of two postings each (an ad and its excerpt on another board)."""
    import random

    words = ("four presse vanne pompe moteur capteur automate courroie roulement réglage soudure câblage "
             "armoire variateur vérin filtre joint huile rapport équipe client sécurité qualité audit planning "
             "stock commande pièce outil plan schéma norme quai atelier ligne magasin").split()
    for i in range(n):
        rng = random.Random(100 + i)
        body = [" ".join(rng.choice(words) for _ in range(14)) + "." for _ in range(6)]
        head = [f"Technicien {rng.choice(words)} {i} (H/F)", "Usine Delta - Grenoble", "CDI", ""]
        for board, lines in (("board-a", body), ("board-b", body[:5])):
            (root / board).mkdir(parents=True, exist_ok=True)
            (root / board / f"offre_{i:02d}.txt").write_text("\n".join(head + lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_kill_9_during_a_deduplicating_ingest_then_rerun_gives_the_clean_clusters(tmp_path):
    _copies(tmp_path / "in", 12)
    with Store(tmp_path / "clean.db") as store:
        store.ingest([tmp_path / "in"], workers=1)
        clean = clusters(store)
    assert len(clean) == 24 and len(set(clean.values())) == 12

    db = tmp_path / "k.db"
    kill_mid_ingest(KILLABLE, db, tmp_path / "in", cwd=ROOT)
    with Store(db) as store:
        # what was committed is whole: postings, their clusters and the index agree
        assert 8 <= store.count() < 24
        index_agrees(store)
        store.ingest([tmp_path / "in"], workers=1)
        assert clusters(store) == clean
        index_agrees(store)
