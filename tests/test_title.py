"""Title extraction: the case tables (tests/cases/title.*.yaml), title cleaning and the
vocabulary checks shared by the title, employer and locations extractors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jobsieve import vocab
from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import employer, locations, title
from jobsieve.extract.triggers import Finder, LabelFinder, literal_forms
from jobsieve.model import Record

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list:
    rows = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    out = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


def _check(row: dict, lang: str) -> None:
    doc = make_doc(row["text"], lang)
    rec, trace = Record(text=row["text"]), Trace()
    title.resolve_title(title.extract_title(doc), doc, rec, trace)
    assert rec.title == row["expect"]
    shown = [row["text"][s:e] for s, e in trace.evidence.get("title", [])]
    for piece in row.get("evidence", []):
        assert piece in shown, f"evidence {shown} lacks {piece!r}"
    if row["expect"] is not None:
        assert shown, "a title needs evidence"


@pytest.mark.parametrize("row", _rows("title.fr.yaml"))
def test_title_fr(row):
    _check(row, "fr")


@pytest.mark.parametrize("row", _rows("title.en.yaml"))
def test_title_en(row):
    _check(row, "en")


@pytest.mark.parametrize("line, want, place", [
    ("Coordinateur Programme (F/H), basé à Paris", "Coordinateur Programme", "Paris"),
    ("Data Engineer (h/f/x) - Lyon", "Data Engineer", "Lyon"),
    ("Cloud Engineer (H/F/NB)", "Cloud Engineer", None),
    ("Consultant SAP - Confirmé - Toulouse (H/F)", "Consultant SAP - Confirmé", "Toulouse"),
    ("Account Executive, Remote", "Account Executive", "Remote"),
    ("Sales Manager - Marketing", "Sales Manager - Marketing", None),
    ("Chef de projet - Support", "Chef de projet - Support", None),
    ("Analyste comptableApprenticeshipNanterre, France", "Analyste comptable", "Nanterre, France"),
])
def test_split_title(line, want, place):
    parts = title.split_title(line)
    assert parts.title == want
    if place is None:
        assert parts.place_start is None
    else:
        assert line[parts.place_start:].startswith(place)
    assert line[parts.start:parts.end].startswith(want.split()[0])


def test_hint_title_is_cleaned_and_wins():
    text = "Magasinier (H/F)\n\nNotre dépôt recrute un préparateur de commandes."
    doc = make_doc(text, "fr")
    hint = Candidate("title", "Magasinier cariste (H/F)", (0, 16), text[:16], "hint.jsonld.title")
    rec, trace = Record(text=text), Trace()
    title.resolve_title(title.extract_title(doc) + [hint], doc, rec, trace)
    assert rec.title == "Magasinier cariste"
    assert trace.rejected, "the text's other titles are kept as rejected candidates"


@pytest.mark.parametrize("text", ["", "\n\n\n", "(H/F)", "???", "a" * 5000, "Lieu :\n:\n::"])
def test_odd_content_never_raises(text):
    doc = make_doc(text, "fr")
    for mod, name in ((title, "title"), (employer, "employer"), (locations, "locations")):
        cands = getattr(mod, f"extract_{name}")(doc)
        getattr(mod, f"resolve_{name}")(cands, doc, Record(text=text), Trace())


# -- vocabularies of the three fields -------------------------------------------------------

FIELDS = ("title", "employer", "locations")
CONTEXT_KEYS = {
    "title": ("intro", "as_role"),
    "employer": ("recruits", "describes", "after", "client", "temporary"),
    "locations": ("based", "country_context"),
}
LABEL_KEYS = {"title": ("label",), "locations": ("label",)}


@pytest.mark.parametrize("field", FIELDS)
def test_vocab_label_parity(field):
    assert set(vocab.load("fr", field)) == set(vocab.load("en", field))


@pytest.mark.parametrize("field", FIELDS)
def test_vocab_patterns_compile(field):
    for lang in vocab.LANGS:
        for key, forms in vocab.load(lang, field).items():
            for form in forms:
                re.compile(form, re.I)


@pytest.mark.parametrize("field", FIELDS)
def test_context_forms_use_the_fast_path(field):
    """Every context form starts with a literal word, so it is searched by prefix."""
    for lang in vocab.LANGS:
        data = vocab.load(lang, field)
        for key in CONTEXT_KEYS[field]:
            finder = Finder(data.get(key, []))
            slow = [finder.regexes[i].pattern for i in finder.slow]
            assert not slow, f"{lang}/{field}.{key}: no literal prefix in {slow}"
        for key in LABEL_KEYS.get(field, ()):
            for form in data.get(key, []):
                assert literal_forms(form), f"{lang}/{field}.{key}: {form!r} is not plain text"
            LabelFinder(data.get(key, []))
