"""Untrusted posting text in the UI and the API: escaped everywhere, inert links, safe JSON-LD,
security headers, parameters that reach SQLite only as values, and evidence highlighting."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from datetime import date

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from jobsieve.store import Store
from jobsieve.web import create_app
from jobsieve.web.highlight import highlight

from store_records import make_record, sample_records

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
HANDLER = '" onmouseover="window.__pwned=3'


def hostile_record():
    title = f"Chef {SCRIPT} de rang"
    employer = f"Bistro {IMG}"
    city = f"Lyon{HANDLER}"
    text = (f"{title}\n{employer} - {city}\nPublié le 2026-01-06\n\n"
            f"Service en salle. </textarea></pre></div>{SCRIPT}\nContact: javascript:alert(1)\n")
    return make_record(text, title=title, employer=employer, city=city, country="FR", posted="2026-01-06",
                       contract="permanent", emails=['x@example.org"><script>alert(1)</script>'],
                       urls=["javascript:alert(1)", "https://jobs.example.org/apply?a=1&b=<2>"])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("sec") / "sec.db"
    with Store(db) as s:
        s.add([hostile_record(), *sample_records()])
    with TestClient(create_app(db, api_key="k", today=date(2026, 1, 15))) as c:
        yield c


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """Parsed as a browser would: no element, attribute or link came from the payloads."""
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    p = _Tags()
    p.feed(html)
    for tag, attrs in p.tags:
        assert tag != "img", attrs
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for a in ("href", "src", "action"):
            assert not (attrs.get(a) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":
            # Only our own scripts: the app's file and the JSON-LD data block.
            assert attrs in ({"src": "/static/app.js", "defer": None},
                             {"type": "application/ld+json", "id": "jsonld"}), attrs


def test_search_page_escapes_posting_text(client):
    r = client.get("/", params={"q": "rang"})
    assert r.status_code == 200
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in r.text
    assert_inert(r.text)


def test_posting_page_escapes_text_card_and_jsonld(client):
    rid = hostile_record().id
    r = client.get(f"/postings/{rid}")
    assert r.status_code == 200
    assert_inert(r.text)
    assert "&lt;/textarea&gt;&lt;/pre&gt;" in r.text
    # The JSON-LD block cannot be closed from inside.
    block = re.search(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', r.text, re.S).group(1)
    assert "<" not in block and ">" not in block
    # javascript: URLs are shown as text, not links; http(s) ones are links.
    assert 'href="https://jobs.example.org/apply?a=1&amp;b=&lt;2&gt;"' in r.text


def test_query_echo_is_escaped(client):
    r = client.get("/", params={"q": f'"{SCRIPT}'})
    assert r.status_code == 400
    assert_inert(r.text)
    r = client.get("/", params={"city": IMG})
    assert_inert(r.text)


def test_security_headers(client):
    for path in ("/", f"/postings/{hostile_record().id}", "/api/postings", "/api/nothing"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"


def test_api_returns_text_as_data(client):
    body = client.get("/api/postings", params={"q": "rang"}).json()
    assert body["items"][0]["title"] == hostile_record().title  # JSON keeps it as it was; JSON is not HTML
    r = client.get("/api/postings", params={"q": "rang"})
    assert r.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("params", [
    {"city": "Paris' OR '1'='1"},
    {"city": "x\"); DROP TABLE postings; --"},
    {"q": "plaidoyer\"); DROP TABLE postings; --"},
    {"country": "FR' --"},
    {"language": "fr;--"},
])
def test_parameters_are_values_not_sql(client, params):
    r = client.get("/api/postings", params=params)
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        assert r.json()["total"] == 0
    # Nothing was dropped or changed.
    assert client.get("/api/postings", params={"sort": "date"}).json()["total"] == 6


def test_fts_syntax_errors_are_400_never_500(client):
    for q in ['"', 'a"b', "OR", "-x", "*", "NEAR(", "a OR OR b", "(((", "\x00", "é" * 600]:
        r = client.get("/api/postings", params={"q": q})
        assert r.status_code in (200, 400), (q, r.text)
        if r.status_code == 400:
            assert r.json()["error"]["code"] == "bad_query"


def test_serve_binds_to_localhost_by_default():
    import typer.main

    from jobsieve.cli import app

    cmd = typer.main.get_command(app).commands["serve"]
    host = next(p for p in cmd.params if p.name == "host")
    assert host.default == "127.0.0.1"


# ------------------------------------------------------------------ highlighting

@pytest.mark.parametrize("text,evidence,html", [
    ("Salaire 3 000 €", {"salary": [[8, 15]]},
     'Salaire <mark data-field="salary" title="salary">3 000 €</mark>'),
    # Nested: the remote evidence inside the conditions line that is the contract evidence.
    ("CDI, télétravail 2 jours", {"contract.type": [[0, 24]], "remote.days_per_week": [[5, 24]]},
     '<mark data-field="contract.type" title="contract type">CDI, </mark>'
     '<mark data-field="contract.type remote.days_per_week" title="contract type, remote days per week">'
     'télétravail 2 jours</mark>'),
    # Overlapping, not nested.
    ("abcdef", {"title": [[0, 4]], "employer": [[2, 6]]},
     '<mark data-field="title" title="title">ab</mark><mark data-field="employer title" '
     'title="employer, title">cd</mark><mark data-field="employer" title="employer">ef</mark>'),
    # Text is escaped inside and outside marks; spans out of range are clipped or ignored.
    ("<b>x</b> & y", {"title": [[3, 4]], "bad": [[50, 60], [4, 2]]},
     '&lt;b&gt;<mark data-field="title" title="title">x</mark>&lt;/b&gt; &amp; y'),
    ("Lieu : Lyon, Paris", {"locations[1]": [[13, 18]], "locations[0]": [[7, 11]]},
     'Lieu : <mark data-field="locations[0]" title="location 1">Lyon</mark>, '
     '<mark data-field="locations[1]" title="location 2">Paris</mark>'),
    ("no evidence <i>", {}, "no evidence &lt;i&gt;"),
])
def test_highlight(text, evidence, html):
    assert str(highlight(text, evidence)) == html


def test_highlight_field_names_cannot_inject():
    out = str(highlight("abc", {'"><script>x</script>': [[0, 3]]}))
    assert "<script>" not in out and "&lt;script&gt;" in out
