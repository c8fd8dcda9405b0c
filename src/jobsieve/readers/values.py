"""Small conversions shared by the structured readers: titles, places, dates, numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import Span

# "(H/F)", "H/F", "- F/H", "(m/w/d)", "(M/F)": gender markers boards add to titles.
_GENDER = re.compile(
    r"[\s\-–—,]*[(\[]?\s*\b(?:[HFMWX]\s*/\s*[HFMWX](?:\s*/\s*[HFMWXD])?|[mwfd]\s*/\s*[mwfd]\s*/\s*[mwfdx])\b\s*[)\]]?\s*$",
    re.I)
_ARRONDISSEMENT = re.compile(r"\s+(?:0?[1-9]|1[0-9]|20)(?:\s*(?:e|er|ème|eme))?(?:\s+arrondissement)?\s*$", re.I)
_POSTCODE = re.compile(r"^\s*\d{4,5}\s+|\s+\(?\d{4,5}\)?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# Words written in lower case inside French place names ("Villebon-sur-Yvette").
_PARTICLES = {"sur", "sous", "les", "le", "la", "en", "de", "du", "des", "lès", "lez", "et", "aux", "au"}
_ELIDED = {"l", "d"}


def fold(s: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w]+|_", " ", s).split())


def title_span(title: str) -> Span:
    """Span of ``title`` without the gender markers boards append ("(H/F)", "H/F")."""
    end = len(title.rstrip())
    while True:
        m = _GENDER.search(title, 0, end)
        if not m or m.start() == 0:
            break
        end = len(title[:m.start()].rstrip(" -–—,"))
    start = len(title) - len(title.lstrip())
    return (start, max(end, start))


def place_case(name: str) -> str:
    """An all-capitals French place name in its usual case ("ST MAIXENT L ECOLE")."""
    if not name.isupper():
        return name
    words = re.split(r"([\s\-']+)", name.lower())
    out: list[str] = []
    for w in words:
        if not w.strip(" -'"):
            continue
        if w == "st":
            w = "saint"
        elif w == "ste":
            w = "sainte"
        elided = w in _ELIDED
        word = w if out and (w in _PARTICLES or elided) else w[:1].upper() + w[1:]
        if out and not out[-1].endswith("'"):
            # A leading article stays apart ("Les Sables"); the other words are hyphenated.
            sep = " " if len(out) == 1 and fold(out[0]) in ("le", "la", "les") else "-"
            out.append(sep)
        out.append(word + "'" if elided else word)
    return "".join(out)


def city_name(raw: str) -> str | None:
    """A city as boards write it, without postcode or arrondissement ("Paris 15e" -> "Paris")."""
    name = _POSTCODE.sub("", raw).strip(" ,-")
    name = _ARRONDISSEMENT.sub("", name).strip(" ,-")
    return place_case(name) or None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import gettext

    import pycountry

    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        tr = fr.gettext
    except OSError:
        def tr(s: str) -> str:
            return s
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), tr(c.name)):
            if n:
                names.setdefault(fold(n), c.alpha_2)
        names.setdefault(fold(c.alpha_3), c.alpha_2)
    for alias, code in (("uk", "GB"), ("usa", "US"), ("etats unis", "US"), ("angleterre", "GB")):
        names.setdefault(alias, code)
    return names


def country_code(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country written as a code or a name (French or English)."""
    if not value:
        return None
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        import pycountry

        return v.upper() if pycountry.countries.get(alpha_2=v.upper()) else None
    names = _country_names()
    key = fold(v)
    if key in names:
        return names[key]
    # "Principauté de Monaco", "Republic of Ireland": the name after the form of state.
    m = re.match(r"^(?:principaute|royaume|republique|grand duche|republic|kingdom|principality|state|etat)s?\s+(?:de la|de l|de|du|d|des|of the|of)\s+(.+)$", key)
    return names.get(m.group(1)) if m else None


@lru_cache(maxsize=None)
def french_department(code: str) -> tuple[str, str | None] | None:
    """(name, région name) of a French département number ("75", "2A", "973")."""
    import pycountry

    code = code.upper().lstrip("0") if code.isdigit() and len(code) > 2 else code.upper().zfill(2)
    sub = pycountry.subdivisions.get(code=f"FR-{code}") or pycountry.subdivisions.get(code=f"FR-{code}C")
    if sub is None:
        return None
    parent = pycountry.subdivisions.get(code=sub.parent_code) if getattr(sub, "parent_code", None) else None
    region = parent.name if parent is not None else sub.name
    return sub.name, region


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO 8601 date or date-time string, else ``None``."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def number(value: object) -> float | None:
    """A number from a JSON number or a numeric string ("2100", "2 100,50", "45000.0")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        s = re.sub(r"[\s\u00a0\u202f]", "", value)
        if re.fullmatch(r"\d+(?:[.,]\d+)?", s):
            return float(s.replace(",", "."))
    return None


def fmt_number(x: float) -> str:
    """A number as postings write it: no trailing ``.0``, two decimals when there are any."""
    return f"{x:.0f}" if x == int(x) else f"{x:.2f}".rstrip("0").rstrip(".")
