"""schema.org ``JobPosting`` export of a record (the JSON-LD Google for Jobs reads).

Only what the record knows goes in: an unknown required value is left out and reported by
:func:`check_jsonld`, never invented. Google for Jobs requires ``title``, ``description``,
``datePosted``, ``hiringOrganization`` and ``jobLocation`` (or, for fully remote jobs,
``jobLocationType: TELECOMMUTE`` with ``applicantLocationRequirements``); it recommends
``validThrough``, ``employmentType``, ``baseSalary``, ``identifier`` and ``directApply``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import escape
from typing import Any

from .model import Record

REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")
RECOMMENDED = ("validThrough", "employmentType", "baseSalary", "identifier", "directApply")

# Contract types and working time to schema.org employmentType values.
_EMPLOYMENT = {
    "fixed_term": "TEMPORARY", "temporary": "TEMPORARY", "internship": "INTERN",
    "freelance": "CONTRACTOR", "volunteer": "VOLUNTEER", "apprenticeship": "OTHER", "other": "OTHER",
}
_WORKING_TIME = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
_UNIT = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
_BLANK_LINES = re.compile(r"\n\s*\n")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def description_html(text: str) -> str:
    """The cleaned text as escaped HTML paragraphs (single line breaks kept as ``<br>``)."""
    paras = [p.strip() for p in _BLANK_LINES.split(text or "") if p.strip()]
    return "".join("<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>" for p in paras)


def _employment_type(rec: Record) -> list[str]:
    out = []
    wt = _WORKING_TIME.get(rec.working_time.type or "")
    if wt:
        out.append(wt)
    ct = _EMPLOYMENT.get(rec.contract.type or "")
    if ct and ct not in out:
        out.append(ct)
    return out


def _salary(rec: Record) -> dict[str, Any] | None:
    s = rec.salary
    if (s.min is None and s.max is None) or not s.currency or s.period not in _UNIT:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": _UNIT[s.period]}
    if s.min is not None and s.max is not None and s.min != s.max:
        value["minValue"], value["maxValue"] = s.min, s.max
    else:
        value["value"] = s.min if s.min is not None else s.max
    return {"@type": "MonetaryAmount", "currency": s.currency, "value": value}


def _places(rec: Record) -> list[dict[str, Any]]:
    out = []
    for loc in rec.locations:
        addr = {"@type": "PostalAddress"}
        for key, v in (("addressLocality", loc.city), ("addressRegion", loc.region), ("addressCountry", loc.country)):
            if v:
                addr[key] = v
        if len(addr) > 1:
            out.append({"@type": "Place", "address": addr})
    return out


def to_jsonld(rec: Record) -> dict[str, Any]:
    """The record as a schema.org JobPosting (unknown values left out; see :func:`check_jsonld`)."""
    doc: dict[str, Any] = {"@context": "https://schema.org/", "@type": "JobPosting"}
    if rec.title:
        doc["title"] = rec.title
    if rec.text:
        doc["description"] = description_html(rec.text)
    if rec.dates.posted:
        doc["datePosted"] = rec.dates.posted
    if rec.dates.deadline:
        doc["validThrough"] = rec.dates.deadline
    if rec.employer.name:
        doc["hiringOrganization"] = {"@type": "Organization", "name": rec.employer.name}
    places = _places(rec)
    if places:
        doc["jobLocation"] = places if len(places) > 1 else places[0]
    if rec.remote.policy == "remote":
        doc["jobLocationType"] = "TELECOMMUTE"
        countries = list(dict.fromkeys(loc.country for loc in rec.locations if loc.country))
        if countries:
            doc["applicantLocationRequirements"] = [{"@type": "Country", "name": c} for c in countries]
    emp = _employment_type(rec)
    if emp:
        doc["employmentType"] = emp if len(emp) > 1 else emp[0]
    sal = _salary(rec)
    if sal:
        doc["baseSalary"] = sal
    doc["identifier"] = {"@type": "PropertyValue", "name": rec.employer.name or "jobsieve",
                         "value": rec.apply.reference or rec.id}
    # The application happens elsewhere (the employer's e-mail or site), not on this page.
    doc["directApply"] = False
    if rec.experience.min_years is not None:
        doc["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements",
                                         "monthsOfExperience": round(rec.experience.min_years * 12)}
    if rec.language:
        doc["inLanguage"] = rec.language
    return doc


def _is_date(v: Any) -> bool:
    if not isinstance(v, str) or not _ISO_DATE.match(v):
        return False
    try:
        date.fromisoformat(v[:10])
    except ValueError:
        return False
    return True


def check_jsonld(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Problems of a JobPosting for Google for Jobs: ``{"required": [...], "recommended": [...]}``.

    Each entry names a property that is missing or of the wrong type; empty lists mean the
    document passes.
    """
    req: list[str] = []
    rec_: list[str] = []
    if doc.get("@type") != "JobPosting" or "schema.org" not in str(doc.get("@context", "")):
        req.append("@type/@context: not a schema.org JobPosting")
    for key in ("title", "description"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            req.append(f"{key}: missing or not a non-empty string")
    if not _is_date(doc.get("datePosted")):
        req.append("datePosted: missing or not an ISO 8601 date")
    org = doc.get("hiringOrganization")
    if not isinstance(org, dict) or not isinstance(org.get("name"), str) or not org["name"].strip():
        req.append("hiringOrganization: missing or without a name")
    remote = doc.get("jobLocationType") == "TELECOMMUTE"
    locs = doc.get("jobLocation")
    locs = [locs] if isinstance(locs, dict) else locs
    good_locs = isinstance(locs, list) and locs and all(
        isinstance(x, dict) and x.get("@type") == "Place" and isinstance(x.get("address"), dict)
        and any(k in x["address"] for k in ("addressLocality", "addressRegion", "addressCountry"))
        for x in locs)
    if remote:
        alr = doc.get("applicantLocationRequirements")
        if not good_locs and not (isinstance(alr, list) and alr and all(
                isinstance(x, dict) and x.get("name") for x in alr)):
            req.append("applicantLocationRequirements: a remote job needs the countries it hires from")
    elif not good_locs:
        req.append("jobLocation: missing or without an address")
    if not _is_date(doc.get("validThrough")):
        rec_.append("validThrough: missing or not an ISO 8601 date")
    emp = doc.get("employmentType")
    emp = [emp] if isinstance(emp, str) else emp
    allowed = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}
    if not isinstance(emp, list) or not emp or not all(e in allowed for e in emp):
        rec_.append("employmentType: missing or not a Google for Jobs value")
    sal = doc.get("baseSalary")
    val = sal.get("value") if isinstance(sal, dict) else None
    if not (isinstance(sal, dict) and isinstance(sal.get("currency"), str) and isinstance(val, dict)
            and val.get("unitText") in _UNIT.values()
            and any(isinstance(val.get(k), (int, float)) for k in ("value", "minValue", "maxValue"))):
        rec_.append("baseSalary: missing or incomplete (currency, amount, unit)")
    ident = doc.get("identifier")
    if not (isinstance(ident, dict) and ident.get("value")):
        rec_.append("identifier: missing")
    if not isinstance(doc.get("directApply"), bool):
        rec_.append("directApply: missing or not a boolean")
    return {"required": req, "recommended": rec_}


def jsonld_script(doc: dict[str, Any]) -> str:
    """The JSON to put inside ``<script type="application/ld+json">``: ``<``, ``>`` and ``&``
    escaped so that posting text can never close the script element."""
    return (json.dumps(doc, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
