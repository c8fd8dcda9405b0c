"""The HTTP API: search, one posting, JSON-LD, adding postings, and the one error shape."""

from __future__ import annotations

import warnings
from datetime import date

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx versions
    from fastapi.testclient import TestClient

from jobsieve.store import Store
from jobsieve.web import create_app

from store_records import sample_records

KEY = "s3cret-key-for-tests"
POSTING = ("Boulanger (H/F)\nFournil des Halles - Dijon\nCDI, temps plein\n\n"
           "Vous préparez le pain et les viennoiseries du magasin du mardi au samedi.\n").encode()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.db"
    with Store(path) as s:
        s.add(sample_records())
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, api_key=KEY, today=date(2026, 1, 15))) as c:
        yield c


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_search_answer_shape(client):
    r = client.get("/api/postings", params={"q": "plaidoyer", "contract": "fixed_term", "city": "Paris"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 20
    item = body["items"][0]
    assert item["title"] == "Référent plaidoyer (H/F)"
    assert "text" not in item and item["evidence"]["title"]
    assert item["sources"][0]["board"] == "emplois.example.fr"
    assert item["cluster_id"] == item["id"] and item["score"] > 0
    assert {"contract", "remote", "city", "country", "language", "min_salary", "experience", "open",
            "posted_since"} <= set(body["facets"])


def test_repeated_parameters(client):
    r = client.get("/api/postings?contract=internship&contract=permanent&sort=date")
    assert r.json()["total"] == 3


def test_per_page_capped(client):
    assert client.get("/api/postings", params={"per_page": 5000}).json()["per_page"] == 100


@pytest.mark.parametrize("params,code,param", [
    ({"q": '"plaidoyer'}, "bad_query", "q"),
    ({"q": "-stage"}, "bad_query", "q"),
    ({"contract": "cdi"}, "bad_parameter", "contract"),
    ({"min_salary": "a lot"}, "bad_parameter", "min_salary"),
    ({"page": "-1"}, "bad_parameter", "page"),
    ({"sort": "salary; DROP TABLE postings"}, "bad_parameter", "sort"),
])
def test_bad_input_is_a_400_with_the_error_shape(client, params, code, param):
    err = assert_error(client.get("/api/postings", params=params), 400, code)
    assert err["param"] == param
    assert err["message"].startswith(param + ":")


def test_one_posting(client):
    rid = sample_records()[2].id
    body = client.get(f"/api/postings/{rid}").json()
    assert body["id"] == rid and body["text"].startswith("Développeur back-end Python")
    assert_error(client.get("/api/postings/ffffffffffffffff"), 404, "not_found")


def test_jsonld(client):
    rid = sample_records()[0].id
    r = client.get(f"/api/postings/{rid}/jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert doc["@type"] == "JobPosting" and doc["hiringOrganization"]["name"] == "Association Horizons Solidaires"


def test_jsonld_with_unknown_required_value_is_a_422(client):
    # A posting that says neither when it was published nor who hires.
    r = client.post("/api/postings", content=b"Quelques lignes sans titre ni lieu ni date de publication.",
                    headers={"X-API-Key": KEY})
    assert r.status_code == 201
    new_id = r.json()["ids"][0]
    err = assert_error(client.get(f"/api/postings/{new_id}/jsonld"), 422, "incomplete_jsonld")
    assert any(m.startswith("datePosted") for m in err["missing"])
    assert err["jsonld"]["@type"] == "JobPosting"


def test_post_needs_the_key(client):
    assert_error(client.post("/api/postings", content=POSTING), 401, "unauthorized")
    assert_error(client.post("/api/postings", content=POSTING, headers={"X-API-Key": "wrong"}), 401, "unauthorized")


def test_post_stores_and_is_idempotent(client):
    r = client.post("/api/postings", content=POSTING, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["added"] == 1 and len(body["ids"]) == 1
    again = client.post("/api/postings", content=POSTING, headers={"Authorization": f"Bearer {KEY}"}).json()
    assert again["unchanged"] == 1 and again["ids"] == body["ids"]
    got = client.get(f"/api/postings/{body['ids'][0]}").json()
    assert got["sources"][0]["board"] == "api"
    assert client.get("/api/postings", params={"q": "viennoiseries"}).json()["total"] == 1


def test_post_with_a_uri_updates_that_posting(client):
    uri = "https://emplois.example.fr/offres/900"
    h = {"X-API-Key": KEY}
    posting = POSTING.replace(b"Boulanger", b"Patissier")
    first = client.post("/api/postings", params={"uri": uri}, content=posting, headers=h).json()
    second = client.post("/api/postings", params={"uri": uri}, content=posting.replace(b"mardi", b"lundi"),
                         headers=h).json()
    assert first["added"] == 1 and second["updated"] == 1
    assert client.get(f"/api/postings/{first['ids'][0]}").status_code == 404
    hit = client.get(f"/api/postings/{second['ids'][0]}").json()
    assert hit["sources"][0]["board"] == "emplois.example.fr"


def test_post_refuses_empty_and_too_large_bodies(db):
    app = create_app(db, api_key=KEY)
    app.state.max_body = 1000
    with TestClient(app) as c:
        assert_error(c.post("/api/postings", content=b"  ", headers={"X-API-Key": KEY}), 400, "empty_body")
        assert_error(c.post("/api/postings", content=b"x" * 2000, headers={"X-API-Key": KEY}), 413, "too_large")


def test_post_disabled_without_a_key(db, monkeypatch):
    monkeypatch.delenv("JOBSIEVE_API_KEY", raising=False)
    with TestClient(create_app(db)) as c:
        err = assert_error(c.post("/api/postings", content=POSTING, headers={"X-API-Key": ""}), 403, "forbidden")
        assert "--api-key" in err["message"]


def test_key_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("JOBSIEVE_API_KEY", "from-env")
    with TestClient(create_app(db)) as c:
        assert c.post("/api/postings", content=POSTING, headers={"X-API-Key": "from-env"}).status_code == 201


@pytest.mark.parametrize("method,path,status,code", [
    ("get", "/api/nothing-here", 404, "not_found"),
    ("delete", "/api/postings", 405, "method_not_allowed"),
    ("put", "/api/postings/abc", 405, "method_not_allowed"),
])
def test_every_error_has_the_same_shape(client, method, path, status, code):
    assert_error(getattr(client, method)(path), status, code)


def test_openapi_documents_every_endpoint(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/postings", "/api/postings/{posting_id}", "/api/postings/{posting_id}/jsonld"} <= set(paths)
    assert {"get", "post"} <= set(paths["/api/postings"])
    for p in paths.values():
        for op in p.values():
            assert op.get("description") or op.get("summary")
