"""Search text: folding and stemming, and the query language, table-driven from
``tests/cases/search.fold.yaml`` and ``tests/cases/search.query.yaml``."""

from __future__ import annotations

import pytest
import yaml

from jobsieve.store.fts import MAX_QUERY_CHARS, QueryError, fold, index_text, to_fts

from conftest import CASES


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(r, id=r["id"], marks=[pytest.mark.xfail(strict=True, reason=r["xfail"])]
                         if r.get("xfail") else []) for r in rows]


@pytest.mark.parametrize("row", _rows("search.fold.yaml"))
def test_index_text(row):
    assert index_text(row["text"], row["lang"]) == row["index"]


@pytest.mark.parametrize("row", _rows("search.query.yaml"))
def test_query_translation(row):
    q = "a" * (MAX_QUERY_CHARS + 1) if row["q"] == "LONG" else row["q"]
    langs = tuple(row["langs"])
    if "error" in row:
        with pytest.raises(QueryError) as exc:
            to_fts(q, langs)
        assert row["error"] in str(exc.value)
    else:
        assert to_fts(q, langs) == row["fts"]


def test_fold_keeps_non_latin_letters():
    assert fold("Ingénieur 工程师 Инженер") == "ingenieur 工程师 инженер"


def test_query_and_index_meet_without_accents():
    # A word typed without its accents finds the accented word (the point of folding after stemming).
    doc = index_text("Référent qualité", "fr").split()
    assert to_fts("referent", ("fr",)).strip('"') in doc
    assert to_fts("qualite", ("fr",)).strip('"') in doc
