"""Search over hand-made postings: matching, filters, sorting (table-driven from
``tests/cases/search.match.yaml``), parameters (``search.params.yaml``) and facet counts."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from jobsieve.store import BadParameter, QueryError, SearchQuery, Store

from conftest import CASES
from store_records import make_record, sample_records

TODAY = date(2026, 1, 15)


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(r, id=r["id"], marks=[pytest.mark.xfail(strict=True, reason=r["xfail"])]
                         if r.get("xfail") else []) for r in rows]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("search") / "t.db")
    s.add(sample_records())
    yield s
    s.close()


def titles(result) -> list[str]:
    return [h.record.title for h in result.items]


@pytest.mark.parametrize("row", _rows("search.match.yaml"))
def test_search_cases(store, row):
    result = store.search(SearchQuery.from_params(row["params"], today=TODAY))
    got = titles(result)
    assert result.total == len(row["titles"])
    if row.get("ordered"):
        assert got == row["titles"]
    else:
        assert sorted(got) == sorted(row["titles"])


@pytest.mark.parametrize("row", _rows("search.params.yaml"))
def test_params(row):
    if "error" in row:
        with pytest.raises(BadParameter) as exc:
            SearchQuery.from_params(row["params"], today=TODAY)
        assert exc.value.param == row["error"]
        assert str(exc.value).startswith(row["error"] + ":")
        return
    q = SearchQuery.from_params(row["params"], today=TODAY)
    for k, v in row["expect"].items():
        got = getattr(q, k)
        if isinstance(got, tuple):
            got = list(got)
        if isinstance(got, date):
            got = got.isoformat()
        assert got == v, k


def facet(result, name: str) -> dict:
    return {f["value"]: f["count"] for f in result.facets[name]}


def test_facets_count_with_the_other_filters(store):
    r = store.search(SearchQuery(contract=("permanent",), today=TODAY))
    assert r.total == 2
    # The contract facet ignores the contract filter (to offer the other choices)...
    assert facet(r, "contract") == {"permanent": 2, "fixed_term": 2, "internship": 1}
    # ...every other facet counts within it.
    assert facet(r, "remote") == {"hybrid": 1, "remote": 1}
    assert facet(r, "city") == {"Lyon": 1, "Saint-Étienne": 1}
    assert facet(r, "open") == {"true": 1, "false": 1}


def test_facets_of_a_text_search(store):
    r = store.search(SearchQuery(q="équipe", today=TODAY))
    assert facet(r, "language") == {"fr": 2}
    assert facet(r, "min_salary") == {20000: 1, 30000: 1, 40000: 1, 50000: 1}
    assert {f["value"]: (f["min"], f["max"]) for f in r.facets["experience"]} == {"1-2": (1, 2), "3-5": (3, 5)}
    assert facet(r, "posted_since") == {"7d": 1, "30d": 2, "90d": 2}


def test_paging(store):
    pages = [store.search(SearchQuery(sort="date", page=p, per_page=2, today=TODAY)) for p in (1, 2, 3, 4)]
    assert [len(p.items) for p in pages] == [2, 2, 1, 0]
    assert pages[0].pages == 3
    seen = [t for p in pages for t in titles(p)]
    assert len(set(seen)) == 5


def test_per_page_capped_in_the_library(store):
    r = store.search(SearchQuery(per_page=10_000, today=TODAY))
    assert r.per_page == 100


def test_malformed_query_is_a_clear_error(store):
    with pytest.raises(QueryError, match="unbalanced double quote"):
        store.search(SearchQuery(q='"plaidoyer'))


def test_scores_only_with_words(store):
    assert all(h.score is None for h in store.search(SearchQuery(today=TODAY)).items)
    r = store.search(SearchQuery(q="plaidoyer", today=TODAY))
    assert r.items[0].score is not None and r.items[0].score > 0


def test_large_match_sets_rank_title_matches_first(tmp_path, monkeypatch):
    # Over BM25_CAP matches, relevance is "title matches first, then newest".
    from jobsieve.store import search as search_mod

    monkeypatch.setattr(search_mod, "BM25_CAP", 2)
    with Store(tmp_path / "t.db") as s:
        s.add([
            make_record("Aide à domicile\nPublié le 2026-01-10\nNous cherchons une personne pour du jardinage le samedi.",
                        title="Aide à domicile", posted="2026-01-10"),
            make_record("Jardinier paysagiste\nPublié le 2025-10-01\nEntretien des espaces verts de la commune.",
                        title="Jardinier paysagiste", posted="2025-10-01"),
            make_record("Agent polyvalent\nPublié le 2026-01-12\nMénage, petits travaux et jardinage dans nos résidences.",
                        title="Agent polyvalent", posted="2026-01-12"),
        ])
        r = s.search(SearchQuery(q="jardin*", today=TODAY))
        assert titles(r) == ["Jardinier paysagiste", "Agent polyvalent", "Aide à domicile"]
        assert all(h.score is None for h in r.items)
