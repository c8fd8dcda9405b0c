"""France Travail "Offres d'emploi v2" offers, rendered as the offer page shows them.

Title, place, "Publié le <date>", company, the description, then labelled lines
("Type de contrat : CDD - 6 Mois", "Salaire : Mensuel de 1801.8 Euros sur 12.0 mois").
The API's structured fields become hints pointing into those lines, so the record's
evidence shows the words a reader of the offer page sees.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model import LanguageRequirement, Location, Salary
from . import SourceDoc
from .header import HeaderBuilder
from .htmltext import html_to_text
from .values import city_name, country_code, fold, french_department, iso_date, number, title_span

RULE = "hint.francetravail."
# typeContrat codes of the France Travail referential ("typesContrats").
CONTRACT_CODES = {
    "CDI": "permanent",    # Contrat à durée indéterminée
    "DIN": "permanent",    # CDI intérimaire: a permanent contract with a temp agency
    "CDD": "fixed_term",   # Contrat à durée déterminée
    "DDI": "fixed_term",   # CDD insertion
    "DDT": "fixed_term",   # CDD tremplin
    "SAI": "fixed_term",   # Contrat travail saisonnier (a seasonal CDD)
    "MIS": "temporary",    # Mission intérimaire
    "TTI": "temporary",    # Contrat travail temporaire insertion
    "LIB": "freelance",    # Profession libérale
    "FRA": "freelance",    # Franchise
    "CCE": "other",        # Profession commerciale
    "REP": "other",        # Reprise d'entreprise
}
# natureContrat labels that make the contract an apprenticeship (E1, E2).
_ALTERNANCE = re.compile(r"apprentissage|professionnalisation", re.I)
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
_DURATION = re.compile(r"-\s*(\d+(?:[.,]\d+)?)\s*(Mois|Ans?(?:\(s\))?)(?!\w)", re.I)
_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(An|Mois)(?:\(s\))?", re.I)
_HOURS = re.compile(r"^\s*(\d{1,2})\s*H(?:\s*(\d{2}))?", re.I)
_PLACE = re.compile(r"^\s*(\d[\dAB]|\d{3}|2[AB])\s*-\s*(.+?)\s*$", re.I)
_EQF = re.compile(r"bac\s*\+\s*(\d)|(doctorat)|\b(bac)\b|\b(cap|bep)\b", re.I)


def is_offer(obj: Any) -> bool:
    """Whether a JSON object is a France Travail offer."""
    return isinstance(obj, dict) and "intitule" in obj and (
        "lieuTravail" in obj or "typeContrat" in obj or "description" in obj)


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def french_date(day: str) -> str:
    """"2024-08-21" as the offer page writes it: "21 août 2024"."""
    y, m, d = (int(x) for x in day.split("-"))
    return f"{'1er' if d == 1 else d} {_MONTHS_FR[m - 1]} {y}"


def location(libelle: str) -> Location | None:
    """``lieuTravail.libelle`` ("75 - PARIS 14", "92 - Hauts de Seine", "France") as a place."""
    m = _PLACE.match(libelle)
    if not m:
        code = country_code(libelle)
        return Location(country=code) if code else None
    dept, name = m.group(1), m.group(2)
    info = french_department(dept)
    region = info[1] if info else None
    # A département named instead of a commune ("92 - Hauts de Seine"); Paris is both.
    if info and fold(name) == fold(info[0]) and dept != "75":
        return Location(region=region, country="FR")
    return Location(city=city_name(name), region=region, country="FR")


def parse_salary(libelle: str) -> tuple[Salary, int] | None:
    """("Mensuel de 1801.8 Euros sur 12.0 mois") -> (Salary, end of the part read), with
    the project's one salary parser."""
    from ..extract.salary import parse_salary_span

    found = parse_salary_span(libelle, "fr")
    if found is None or found[1][0] != 0:  # the hint's text starts where the field does
        return None
    return found[0], found[1][1]


def eqf_level(niveau: str) -> int | None:
    """EQF level of a France Travail diploma level ("Bac+5 et plus ou équivalents" -> 7)."""
    levels = []
    for m in _EQF.finditer(niveau):
        if m.group(1):
            n = int(m.group(1))
            levels.append(5 if n <= 2 else 6 if n <= 4 else 7 if n <= 7 else 8)
        elif m.group(2):
            levels.append(8)
        elif m.group(3):
            levels.append(4)
        else:
            levels.append(3)
    return min(levels) if levels else None


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    import gettext

    import pycountry

    names: dict[str, str] = {}
    try:
        tr = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:
        tr = None
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if code:
            names.setdefault(fold(lang.name), code)
            if tr:
                names.setdefault(fold(tr(lang.name)), code)
    return names


def language_code(name: str) -> str | None:
    """ISO 639-1 code of a language named in French or English ("Anglais" -> "en")."""
    return _language_names().get(fold(name))


def _contract(o: dict, out: HeaderBuilder) -> None:
    libelle = _text(o.get("typeContratLibelle")) or _text(o.get("typeContrat"))
    if not libelle:
        return
    span = out.line(libelle, "Type de contrat : ")
    nature = _text(o.get("natureContrat"))
    kind = CONTRACT_CODES.get(_text(o.get("typeContrat")).upper())
    if nature:
        nspan = out.line(nature)
        if _ALTERNANCE.search(nature):
            out.hint("contract.type", "apprenticeship", nspan, RULE + "natureContrat")
            kind = None
    if kind:
        out.hint("contract.type", kind, span, RULE + "typeContrat")
    m = _DURATION.search(libelle)
    if m:
        n = number(m.group(1)) or 0
        months = n * 12 if m.group(2).lower().startswith("an") else n
        if months:
            out.hint("contract.duration_months", months, span, RULE + "typeContratLibelle",
                     sub=(m.start(1), m.end()))


def _working_time(o: dict, out: HeaderBuilder) -> None:
    duree = _text(o.get("dureeTravailLibelle"))
    converti = _text(o.get("dureeTravailLibelleConverti"))
    if not duree and not converti:
        return
    shown = " - ".join(x for x in (duree, converti) if x)
    span = out.line(shown, "Durée du travail : ")
    m = _HOURS.match(duree)
    if m:
        hours = int(m.group(1)) + (int(m.group(2)) / 60 if m.group(2) else 0)
        if 1 <= hours <= 60:
            out.hint("working_time.hours_per_week", round(hours, 2), span,
                     RULE + "dureeTravailLibelle", sub=(m.start(1), m.end()))
    kind = {"temps plein": "full_time", "temps partiel": "part_time"}.get(fold(converti))
    if kind:
        at = len(shown) - len(converti)
        out.hint("working_time.type", kind, span, RULE + "dureeTravailLibelleConverti",
                 sub=(at, len(shown)))


def _salary(o: dict, out: HeaderBuilder) -> None:
    s = o.get("salaire")
    if not isinstance(s, dict):
        return
    libelle = _text(s.get("libelle"))
    extras = [_text(s.get(k)) for k in ("complement1", "complement2")]
    comment = _text(s.get("commentaire"))
    meaningful = comment if comment.strip(" .-") else ""
    parts = [p for p in (libelle or meaningful, *extras) if p]
    if not parts:
        return
    span = out.line(" - ".join(parts), "Salaire : ")
    parsed = parse_salary(libelle) if libelle else None
    if parsed:
        out.hint("salary", parsed[0], span, RULE + "salaire", sub=(0, parsed[1]))
    if libelle and meaningful:
        out.line(meaningful, "Précisions salaire : ")


def _experience(o: dict, out: HeaderBuilder) -> None:
    libelle = _text(o.get("experienceLibelle"))
    if not libelle:
        return
    comment = _text(o.get("experienceCommentaire"))
    span = out.line(libelle if not comment or comment in libelle else f"{libelle} - {comment}", "Expérience : ")
    m = _YEARS.search(libelle)
    # "Débutant accepté" states no minimum: no value rather than a guessed zero.
    if m:
        n = number(m.group(1)) or 0
        years = n if m.group(2).lower() == "an" else round(n / 12, 2)
        out.hint("experience.min_years", years, span, RULE + "experienceLibelle", sub=(m.start(), m.end()))


def _education(o: dict, out: HeaderBuilder) -> None:
    for f in o.get("formations") or []:
        if not isinstance(f, dict):
            continue
        niveau = _text(f.get("niveauLibelle"))
        shown = " ".join(x for x in (niveau, _text(f.get("domaineLibelle"))) if x)
        if not shown:
            continue
        need = {"E": "exigé", "S": "souhaité"}.get(_text(f.get("exigence")).upper())
        span = out.line(f"{shown} - {need}" if need else shown, "Formation : ")
        level = eqf_level(niveau)
        if level:
            out.hint("education.min_eqf_level", level, span, RULE + "formations",
                     1.0 if need != "souhaité" else 0.9, sub=(0, len(niveau)))


def _languages(o: dict, out: HeaderBuilder) -> None:
    for lg in o.get("langues") or []:
        if not isinstance(lg, dict):
            continue
        name = _text(lg.get("libelle"))
        if not name:
            continue
        exigence = _text(lg.get("exigence")).upper()
        need = {"E": "Exigé", "S": "souhaité"}.get(exigence)
        span = out.line(f"{name} {need}" if need else name, "Langue : ")
        code = language_code(name)
        if code:
            out.hint("languages", LanguageRequirement(code=code, level=None, required=exigence != "S"),
                     span, RULE + "langues")


def _lists(o: dict, out: HeaderBuilder) -> None:
    for key, heading in (("competences", "Compétences"), ("qualitesProfessionnelles", "Savoir-être professionnels")):
        items = [_text(x.get("libelle")) for x in o.get(key) or [] if isinstance(x, dict)]
        items = [x for x in items if x]
        if items:
            out.blank()
            out.line(heading, heading=True)
            for x in items:
                out.line(x, "- ")


def read_offer(o: dict, uri: str | None) -> SourceDoc:
    """One France Travail offer as the offer page shows it, with hints."""
    out = HeaderBuilder()
    title = _text(o.get("intitule"))
    if title:
        ts = title_span(title)
        out.hint("title", title[ts[0]:ts[1]], out.line(title, heading=True), RULE + "intitule", sub=ts)
    lieu = o.get("lieuTravail") if isinstance(o.get("lieuTravail"), dict) else {}
    place = _text(lieu.get("libelle"))
    if place:
        loc = location(place)
        span = out.line(place)
        if loc:
            sub = None
            m = _PLACE.match(place)
            if loc.city and m:
                sub = (m.start(2), len(place))
            out.hint("locations", loc, span, RULE + "lieuTravail", sub=sub)
    posted = iso_date(o.get("dateCreation"))
    if posted:
        shown = french_date(posted)
        out.hint("dates.posted", posted, out.line(shown, "Publié le "), RULE + "dateCreation")
    company = o.get("entreprise") if isinstance(o.get("entreprise"), dict) else {}
    name = _text(company.get("nom"))
    if name:
        out.hint("employer", name, out.line(name), RULE + "entreprise")
    desc, headings, _ = html_to_text(o.get("description") or "") if isinstance(o.get("description"), str) else ("", [], [])
    if desc.strip():
        out.block(desc, headings)
    out.blank()
    _contract(o, out)
    _working_time(o, out)
    _salary(o, out)
    _experience(o, out)
    _education(o, out)
    _languages(o, out)
    for p in o.get("permis") or []:
        if isinstance(p, dict) and _text(p.get("libelle")):
            need = {"E": " Exigé", "S": " souhaité"}.get(_text(p.get("exigence")).upper(), "")
            out.line(_text(p.get("libelle")) + need, "Permis : ")
    for key, label in (("qualificationLibelle", "Qualification : "), ("secteurActiviteLibelle", "Secteur d'activité : ")):
        if _text(o.get(key)):
            out.line(_text(o.get(key)), label)
    _lists(o, out)
    about = _text(company.get("description"))
    if about:
        out.blank()
        out.line("Présentation de l'entreprise", heading=True)
        out.line(about)
    return SourceDoc(text=out.text().rstrip("\n") + "\n", format="json", uri=uri, hints=out.hints,
                     headings=out.headings)

