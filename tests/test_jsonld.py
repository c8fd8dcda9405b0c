"""schema.org JobPosting export: Google for Jobs' required and recommended properties, present
with the right types when the record knows them, reported missing (never invented) when not."""

from __future__ import annotations

import json

import pytest

from jobsieve.jsonld import RECOMMENDED, REQUIRED, check_jsonld, description_html, jsonld_script, to_jsonld
from jobsieve.model import Record

from store_records import make_record, sample_records


def validate(doc: dict) -> None:
    """Property presence and types, as Google for Jobs checks them."""
    assert doc["@context"].startswith("https://schema.org") and doc["@type"] == "JobPosting"
    assert isinstance(doc["title"], str) and doc["title"]
    assert isinstance(doc["description"], str) and doc["description"].startswith("<p>")
    assert isinstance(doc["datePosted"], str) and len(doc["datePosted"]) == 10
    assert doc["hiringOrganization"]["@type"] == "Organization" and doc["hiringOrganization"]["name"]
    if doc.get("jobLocationType") == "TELECOMMUTE":
        assert doc.get("jobLocation") or doc["applicantLocationRequirements"][0]["@type"] == "Country"
    else:
        locs = doc["jobLocation"] if isinstance(doc["jobLocation"], list) else [doc["jobLocation"]]
        for loc in locs:
            assert loc["@type"] == "Place" and loc["address"]["@type"] == "PostalAddress"
    if "baseSalary" in doc:
        s = doc["baseSalary"]
        assert s["@type"] == "MonetaryAmount" and len(s["currency"]) == 3
        v = s["value"]
        assert v["@type"] == "QuantitativeValue" and v["unitText"] in ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
        assert all(isinstance(v[k], (int, float)) for k in ("value", "minValue", "maxValue") if k in v)
    if "employmentType" in doc:
        et = doc["employmentType"] if isinstance(doc["employmentType"], list) else [doc["employmentType"]]
        assert set(et) <= {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}
    assert isinstance(doc["directApply"], bool)
    assert doc["identifier"]["@type"] == "PropertyValue" and doc["identifier"]["value"]


@pytest.mark.parametrize("rec", sample_records(), ids=lambda r: r.title)
def test_complete_records_pass(rec):
    doc = to_jsonld(rec)
    validate(doc)
    problems = check_jsonld(doc)
    assert problems["required"] == []
    json.dumps(doc)  # serialisable as it is


def test_every_property_of_a_full_record():
    rec = sample_records()[3]
    doc = to_jsonld(rec)
    assert set(REQUIRED) <= set(doc) and set(RECOMMENDED) <= set(doc)
    assert check_jsonld(doc) == {"required": [], "recommended": []}
    assert doc["validThrough"] == "2026-02-15"
    assert doc["employmentType"] == "TEMPORARY"
    assert doc["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "YEAR",
                                          "minValue": 48000, "maxValue": 55000}
    assert doc["jobLocation"]["address"] == {"@type": "PostalAddress", "addressLocality": "London",
                                             "addressCountry": "GB"}


def test_fully_remote_job_uses_telecommute():
    rec = make_record("Support engineer\nAnywhere Ltd\nRemote within Ireland\nPosted on 2026-01-03\nWe help.",
                      lang="en", title="Support engineer", employer="Anywhere Ltd", country="IE",
                      remote="remote", posted="2026-01-03")
    doc = to_jsonld(rec)
    assert doc["jobLocationType"] == "TELECOMMUTE"
    assert doc["applicantLocationRequirements"] == [{"@type": "Country", "name": "IE"}]
    assert check_jsonld(doc)["required"] == []


@pytest.mark.parametrize("drop,missing", [
    ("title", "title"), ("employer", "hiringOrganization"), ("posted", "datePosted"), ("city", "jobLocation"),
])
def test_unknown_required_values_are_reported_not_invented(drop, missing):
    kw = dict(title="Magasinier", employer="Dépôt Central", city="Reims", country="FR", posted="2026-01-04")
    kw[drop] = None
    if drop == "city":
        kw["country"] = None
    rec = make_record("Magasinier\nDépôt Central - Reims\nPublié le 2026-01-04\nRéception des livraisons.", **kw)
    doc = to_jsonld(rec)
    assert missing not in doc
    assert [p.split(":")[0] for p in check_jsonld(doc)["required"]] == [missing]


def test_empty_record():
    problems = check_jsonld(to_jsonld(Record(id="x")))
    assert {p.split(":")[0] for p in problems["required"]} == {
        "title", "description", "datePosted", "hiringOrganization", "jobLocation"}
    assert {p.split(":")[0] for p in problems["recommended"]} == {"validThrough", "employmentType", "baseSalary"}


def test_validator_catches_wrong_types():
    doc = to_jsonld(sample_records()[0])
    doc["datePosted"] = "05/01/2026"
    doc["employmentType"] = "CDD"
    doc["directApply"] = "no"
    problems = check_jsonld(doc)
    assert [p.split(":")[0] for p in problems["required"]] == ["datePosted"]
    assert {p.split(":")[0] for p in problems["recommended"]} >= {"employmentType", "directApply"}


def test_description_is_escaped_paragraphs():
    html = description_html("Titre <b>gras</b>\nligne deux\n\nSecond & dernier paragraphe")
    assert html == "<p>Titre &lt;b&gt;gras&lt;/b&gt;<br>ligne deux</p><p>Second &amp; dernier paragraphe</p>"


def test_script_embedding_cannot_close_the_element():
    rec = make_record("Poste </script><script>alert(1)</script>\nÉquipe & co\nDescription.",
                      title="Poste </script><script>alert(1)</script>", employer="Équipe & co")
    out = jsonld_script(to_jsonld(rec))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out)["title"] == rec.title
