"""``jobsieve eval-dedup`` and ``jobsieve dedupe`` (files and --db), on postings written here."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from jobsieve.cli import app
from jobsieve.dedup.storedb import dedupe_store

runner = CliRunner()

BODY = """Nous recherchons un ou une chef de rang pour notre brasserie du centre-ville, ouverte
midi et soir, cent vingt couverts. Vous accueillez les clients, prenez les commandes,
conseillez les vins du moment et encadrez deux commis de salle. Vous veillez à la mise en
place, au rythme du service et à l'encaissement en fin de repas. Expérience de deux ans
en restauration traditionnelle, anglais courant apprécié. Contrat de 39 heures, deux jours
de repos consécutifs, repas pris sur place et pourboires partagés entre toute l'équipe.
"""
OTHER = """Le laboratoire d'analyses médicales recrute un technicien pour son plateau de
biochimie : réception et préparation des échantillons, passage sur automates, contrôle
qualité quotidien, maintenance de premier niveau et traçabilité dans le système
informatique du laboratoire. Diplôme de technicien de laboratoire exigé, travail un samedi
sur trois, prime de fin d'année et mutuelle d'entreprise.
"""


def _write(tmp_path):
    files = {
        "a.txt": f"Chef de rang (H/F)\nBrasserie du Port - Sète\n\n{BODY}",
        "b.txt": f"Chef de rang H/F\nSÈTE (34)\n\n{BODY}\nOffre publiée sur un site partenaire.\n",
        "c.txt": f"Technicien de laboratoire (H/F)\nLabo Santé Plus - Sète\n\n{OTHER}",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    pairs = [{"a": "a.txt", "b": "b.txt", "same": True, "kind": "cross_board"},
             {"a": "a.txt", "b": "c.txt", "same": False, "kind": "same_city_other_job"}]
    (tmp_path / "pairs.jsonl").write_text("\n".join(json.dumps(p) for p in pairs) + "\n", encoding="utf-8")
    return tmp_path


def test_eval_dedup_json(tmp_path) -> None:
    _write(tmp_path)
    res = runner.invoke(app, ["eval-dedup", str(tmp_path / "pairs.jsonl"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["pairs"] == 2 and out["precision"] == 1.0 and out["recall"] == 1.0
    assert out["mistakes"] == []


def test_eval_dedup_names_missing_files_and_bad_lines(tmp_path) -> None:
    (tmp_path / "p.jsonl").write_text('{"a": "nope.txt", "b": "gone.txt", "same": true}\n', encoding="utf-8")
    res = runner.invoke(app, ["eval-dedup", str(tmp_path / "p.jsonl"), "--json"])
    assert res.exit_code == 0
    assert "nope.txt: file not found" in res.stderr
    (tmp_path / "bad.jsonl").write_text('{"a": "x.txt"}\n', encoding="utf-8")
    res = runner.invoke(app, ["eval-dedup", str(tmp_path / "bad.jsonl")])
    assert res.exit_code == 2 and "line 1" in res.stderr


def test_dedupe_files_prints_clusters(tmp_path) -> None:
    _write(tmp_path)
    res = runner.invoke(app, ["dedupe", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt")])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 1 and lines[0]["size"] == 2
    assert {s["uri"].rsplit("/", 1)[-1] for s in lines[0]["sources"]} == {"a.txt", "b.txt"}


def test_dedupe_db_sets_cluster_ids_incrementally(tmp_path) -> None:
    store_mod = pytest.importorskip("jobsieve.store")
    from jobsieve.pipeline import parse

    _write(tmp_path)
    db = tmp_path / "jobs.db"
    recs = [parse((tmp_path / n).read_text(encoding="utf-8"), source=f"https://board{i}.example/{n}")
            for i, n in enumerate(("a.txt", "c.txt"))]
    with store_mod.Store(db) as s:
        s.add(recs)
    first = dedupe_store(db)
    assert first["indexed_now"] == 2 and first["clusters"] == 2
    late = parse((tmp_path / "b.txt").read_text(encoding="utf-8"), source="https://board9.example/b.txt")
    with store_mod.Store(db) as s:
        s.add([late])
    second = dedupe_store(db)
    assert second["indexed_now"] == 1 and second["clusters"] == 2 and second["clusters_seen_more_than_once"] == 1
    with store_mod.Store(db) as s:
        a, b, c = (s.get(r.id) for r in (recs[0], late, recs[1]))
        assert a.cluster_id == b.cluster_id != c.cluster_id
        assert a.cluster_id in (recs[0].id, late.id)
    res = runner.invoke(app, ["dedupe", "--db", str(db), "--rebuild"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["clusters"] == 2


def test_dedupe_db_refuses_a_missing_store(tmp_path) -> None:
    res = runner.invoke(app, ["dedupe", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no such store" in res.stderr


def test_parallel_clustering_matches_one_process() -> None:
    from jobsieve.dedup import cluster
    from jobsieve.model import Employer, Location, Record, Source

    rng = random.Random(3)
    words = BODY.split() + OTHER.split()
    recs = []
    for i in range(400):
        body = " ".join(rng.choice(words) for _ in range(120))
        recs.append(Record(id=f"p{i}", source=Source(uri=f"https://b.example/{i}"), language="fr",
                           title=f"Poste {i % 50}", employer=Employer("Acme"),
                           locations=[Location(city="Sète")], text=f"Poste {i % 50}\n{body}\n"))
    for i in range(0, 400, 7):  # copies
        recs.append(Record(id=f"c{i}", source=Source(uri=f"https://c.example/{i}"), language="fr",
                           title=recs[i].title, text=recs[i].text + "\nPostulez vite.\n"))
    one = cluster(recs)
    two = cluster(recs, workers=2)
    assert one.labels == two.labels
