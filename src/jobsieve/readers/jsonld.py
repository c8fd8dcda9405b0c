"""schema.org JobPosting (JSON-LD or microdata) to a header of labelled lines plus hints.

The header is what a board shows above a posting (title, employer, place, contract, pay,
dates); every value the JobPosting states becomes a hint (rule ``hint.jsonld.<prop>``,
score 1.0) pointing at its place in the header. The posting's text is still parsed for
everything the JobPosting lacks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from ..model import Location, Salary
from .header import HeaderBuilder
from .htmltext import html_to_text
from .values import city_name, country_code, fmt_number, fold, iso_date, number, title_span

LABELS = {
    "fr": {"employer": "Entreprise : ", "location": "Lieu : ", "employment": "Type de contrat : ",
           "hours": "Horaires : ", "salary": "Salaire : ", "posted": "Date de publication : ",
           "deadline": "Date limite de candidature : ", "start": "Date de début : ",
           "experience": "Expérience : ", "education": "Formation : ", "remote": "Télétravail : ",
           "remote_yes": "télétravail complet", "contact": "Contact : ", "language": "Langue : ",
           "from": "à partir de ", "upto": "jusqu'à ", "per": " par ",
           "units": {"hour": "heure", "day": "jour", "week": "semaine", "month": "mois", "year": "an"},
           "months": "{} mois d'expérience", "years": "{} ans d'expérience",
           "extra": {"responsibilities": "Responsabilités", "qualifications": "Qualifications",
                     "skills": "Compétences", "jobBenefits": "Avantages"}},
    "en": {"employer": "Company: ", "location": "Location: ", "employment": "Employment type: ",
           "hours": "Working hours: ", "salary": "Salary: ", "posted": "Date posted: ",
           "deadline": "Apply before: ", "start": "Start date: ", "experience": "Experience: ",
           "education": "Education: ", "remote": "Remote: ", "remote_yes": "fully remote",
           "contact": "Contact: ", "language": "Language: ", "from": "from ", "upto": "up to ",
           "per": " per ",
           "units": {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"},
           "months": "{} months of experience", "years": "{} years of experience",
           "extra": {"responsibilities": "Responsibilities", "qualifications": "Qualifications",
                     "skills": "Skills", "jobBenefits": "Benefits"}},
}
# schema.org employmentType codes, and the words boards put there instead.
_EMPLOYMENT = {
    "full time": ("working_time.type", "full_time"), "fulltime": ("working_time.type", "full_time"),
    "temps plein": ("working_time.type", "full_time"), "temps complet": ("working_time.type", "full_time"),
    "part time": ("working_time.type", "part_time"), "parttime": ("working_time.type", "part_time"),
    "temps partiel": ("working_time.type", "part_time"),
    "contractor": ("contract.type", "freelance"), "freelance": ("contract.type", "freelance"),
    "independant": ("contract.type", "freelance"),
    "intern": ("contract.type", "internship"), "internship": ("contract.type", "internship"),
    "stage": ("contract.type", "internship"),
    "volunteer": ("contract.type", "volunteer"), "benevolat": ("contract.type", "volunteer"),
    "volontariat": ("contract.type", "volunteer"),
    "cdi": ("contract.type", "permanent"), "permanent": ("contract.type", "permanent"),
    "cdd": ("contract.type", "fixed_term"), "fixed term": ("contract.type", "fixed_term"),
    "interim": ("contract.type", "temporary"),
    "apprenticeship": ("contract.type", "apprenticeship"), "alternance": ("contract.type", "apprenticeship"),
    "apprentissage": ("contract.type", "apprenticeship"),
}
# schema.org's TEMPORARY covers both fixed-term and agency work: shown, not hinted.
_EMPLOYMENT_WORDS = {
    "fr": {"full time": "Temps plein", "part time": "Temps partiel", "contractor": "Indépendant",
           "temporary": "Temporaire", "intern": "Stage", "volunteer": "Bénévolat",
           "per diem": "À la journée", "other": "Autre"},
    "en": {"full time": "Full-time", "part time": "Part-time", "contractor": "Contractor",
           "temporary": "Temporary", "intern": "Internship", "volunteer": "Volunteer",
           "per diem": "Per diem", "other": "Other"},
}
_UNITS = {"hour": "hour", "hourly": "hour", "day": "day", "daily": "day", "week": "week",
          "weekly": "week", "month": "month", "monthly": "month", "year": "year", "yearly": "year",
          "annual": "year", "annually": "year"}
# credentialCategory values (schema.org / Google) to EQF levels.
_CREDENTIALS = {"high school": 4, "associate degree": 5, "bachelor degree": 6,
                "postgraduate degree": 7, "master degree": 7, "doctoral degree": 8}
# Words boards put where a place should be.
_NOT_PLACES = {"remote", "teletravail", "anywhere", "worldwide", "hybrid", "hybride", "full remote",
               "a distance", "home office", "various locations", "multiple locations"}
_TYPE_JOB = re.compile(r"(?:^|[/#:])JobPosting$", re.I)


def _is_type(obj: dict, pattern: re.Pattern[str]) -> bool:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and pattern.search(x) for x in types)


def find_postings(data: Any, depth: int = 0) -> Iterator[dict]:
    """JobPosting objects anywhere in parsed JSON-LD (lists, ``@graph``, ItemList items)."""
    if depth > 12:
        return
    if isinstance(data, list):
        for x in data:
            yield from find_postings(x, depth + 1)
    elif isinstance(data, dict):
        if _is_type(data, _TYPE_JOB):
            yield data
            return
        for key, value in data.items():
            if isinstance(value, (dict, list)) and key not in ("@context",):
                yield from find_postings(value, depth + 1)


def plain(value: Any) -> str:
    """A JSON-LD text value without HTML tags or entities, on one line."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or ""
    if isinstance(value, list):
        return ", ".join(p for p in (plain(v) for v in value) if p)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    s = html.unescape(str(value))
    if "<" in s:
        s = html_to_text(s)[0]
    return " ".join(s.split())


def _locations(jp: dict) -> Iterator[tuple[str, Location]]:
    places = jp.get("jobLocation")
    for place in places if isinstance(places, list) else [places]:
        if isinstance(place, str):
            addr: Any = place
        elif isinstance(place, dict):
            addr = place.get("address", place)
        else:
            continue
        if isinstance(addr, list):
            addr = addr[0] if addr else None
        if isinstance(addr, str):
            text = plain(addr)
            if text and fold(text) not in _NOT_PLACES:
                parts = [p.strip() for p in text.split(",") if p.strip()]
                country = country_code(parts[-1]) if len(parts) > 1 else None
                city = city_name(parts[0]) if parts and not country_code(parts[0]) else None
                yield text, Location(city=city, country=country or (country_code(parts[0]) if parts else None))
            continue
        if not isinstance(addr, dict):
            continue
        locality, region = plain(addr.get("addressLocality")), plain(addr.get("addressRegion"))
        country_raw = plain(addr.get("addressCountry"))
        shown = ", ".join(x for x in (locality, region, country_raw) if x)
        if not shown:
            continue
        yield shown, Location(city=city_name(locality) if locality else None, region=region or None,
                              country=country_code(country_raw))


def _salary(jp: dict, lab: dict) -> tuple[str, Salary] | None:
    base = jp.get("baseSalary") or jp.get("estimatedSalary")
    if isinstance(base, list):
        base = base[0] if base else None
    if base is None:
        return None
    currency = None
    unit = None
    value: Any = base
    if isinstance(base, dict):
        currency = plain(base.get("currency")) or None
        value = base.get("value", base)
        unit = base.get("unitText")
    lo = hi = None
    if isinstance(value, dict):
        unit = value.get("unitText", unit)
        currency = currency or plain(value.get("currency")) or None
        lo, hi = number(value.get("minValue")), number(value.get("maxValue"))
        single = number(value.get("value"))
        if single is not None and lo is None and hi is None:
            lo = hi = single
    else:
        lo = hi = number(value)
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    period = _UNITS.get(fold(unit)) if isinstance(unit, str) else None
    cur = f" {currency}" if currency else ""
    if lo is not None and hi is not None and lo != hi:
        amount = f"{fmt_number(lo)} – {fmt_number(hi)}{cur}"
    elif lo is not None and hi is not None:
        amount = f"{fmt_number(lo)}{cur}"
    elif lo is not None:
        amount = f"{lab['from']}{fmt_number(lo)}{cur}"
    else:
        amount = f"{lab['upto']}{fmt_number(hi)}{cur}"
    if period:
        amount += lab["per"] + lab["units"][period]
    return amount, Salary(currency=currency.upper() if currency else None, period=period, min=lo, max=hi)


def render_posting(jp: dict, lang: str, out: HeaderBuilder) -> None:
    """Append the header lines of JobPosting ``jp`` to ``out``, with their hints."""
    lab = LABELS.get(lang, LABELS["en"])
    rule = "hint.jsonld."
    title = plain(jp.get("title") or jp.get("name"))
    if title:
        span = out.line(title, heading=True)
        out.hint("title", title[slice(*title_span(title))], span, rule + "title", sub=title_span(title))
    org = jp.get("hiringOrganization")
    name = plain(org.get("name") if isinstance(org, dict) else org)
    if name:
        out.hint("employer", name, out.line(name, lab["employer"]), rule + "hiringOrganization")
    for shown, loc in _locations(jp):
        out.hint("locations", loc, out.line(shown, lab["location"]), rule + "jobLocation")
    if fold(plain(jp.get("jobLocationType"))) == "telecommute":
        out.hint("remote.policy", "remote", out.line(lab["remote_yes"], lab["remote"]), rule + "jobLocationType")
    kinds = jp.get("employmentType")
    kinds = [plain(k) for k in (kinds if isinstance(kinds, list) else [kinds]) if plain(k)]
    if len(kinds) == 1 and "," in kinds[0]:
        kinds = [k.strip() for k in kinds[0].split(",") if k.strip()]
    if kinds:
        words = [_EMPLOYMENT_WORDS[lang if lang in _EMPLOYMENT_WORDS else "en"].get(fold(k), k) for k in kinds]
        span = out.line(", ".join(words), lab["employment"])
        pos = 0
        for k, w in zip(kinds, words):
            mapped = _EMPLOYMENT.get(fold(k))
            if mapped:
                out.hint(mapped[0], mapped[1], span, rule + "employmentType", sub=(pos, pos + len(w)))
            pos += len(w) + 2
    hours = plain(jp.get("workHours"))
    if hours:
        out.line(hours, lab["hours"])
    sal = _salary(jp, lab)
    if sal:
        out.hint("salary", sal[1], out.line(sal[0], lab["salary"]), rule + "baseSalary")
    for prop, key, label in (("datePosted", "dates.posted", "posted"), ("jobStartDate", "dates.start", "start"),
                             ("validThrough", "dates.deadline", "deadline")):
        raw = jp.get(prop)
        day = iso_date(raw)
        if day:
            out.hint(key, day, out.line(day, lab[label]), rule + prop)
        elif isinstance(raw, str) and plain(raw):
            out.line(plain(raw), lab[label])
    exp = jp.get("experienceRequirements")
    if isinstance(exp, dict) and number(exp.get("monthsOfExperience")) is not None:
        months = number(exp.get("monthsOfExperience"))
        shown = lab["years"].format(fmt_number(months / 12)) if months % 12 == 0 and months >= 12 \
            else lab["months"].format(fmt_number(months))
        span = out.line(shown, lab["experience"])
        out.hint("experience.min_years", round(months / 12, 2), span, rule + "experienceRequirements")
    elif plain(exp):
        out.line(plain(exp), lab["experience"])
    edu = jp.get("educationRequirements")
    edus = edu if isinstance(edu, list) else [edu]
    for e in edus:
        category = plain(e.get("credentialCategory")) if isinstance(e, dict) else ""
        level = _CREDENTIALS.get(fold(category))
        shown = category or plain(e)
        if shown:
            span = out.line(shown, lab["education"])
            if level:
                out.hint("education.min_eqf_level", level, span, rule + "educationRequirements")
    contact = jp.get("applicationContact")
    if isinstance(contact, dict):
        email = plain(contact.get("email"))
        if "@" in email:
            out.hint("apply.emails", email.removeprefix("mailto:"), out.line(email.removeprefix("mailto:"), lab["contact"]),
                     rule + "applicationContact")


def description(jp: dict, lang: str) -> tuple[str, list, list]:
    """The posting's own text from JSON-LD: description, then its other text properties."""
    text, headings, links = html_to_text(str(jp.get("description") or ""))
    extra = LABELS.get(lang, LABELS["en"])["extra"]
    for prop, heading in extra.items():
        value = jp.get(prop)
        body = html_to_text(value)[0] if isinstance(value, str) else plain(value)
        if body and fold(body[:60]) not in fold(text):
            text = f"{text}\n\n{heading}\n" if text else f"{heading}\n"
            headings.append((len(text) - len(heading) - 1, len(text) - 1))
            text += body
    return text, headings, links
