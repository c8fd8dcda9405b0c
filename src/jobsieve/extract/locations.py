"""Extractor and resolver for ``locations``: where the job is.

Only places in a location context count; places merely mentioned (other projects, the
company's history, "depuis Marseille") do not. Contexts, strongest first:

* the board header: France Travail's "44 - NANTES", "Employer - City" / "Employer · City,
  ST" lines, a header line that is only a place, a place after the title ("... - Paris");
* labelled lines ("Lieu : ...", "Localisation Paris, France", "Location: ...");
* "basé à", "situé à", "based in", "in our Columbus office", "(H/F) sur Toulouse";
* places written with a qualifier anywhere: "Redmond, WA", "Rennes (35)", "92110 Clichy";
* country-only mentions ("travel within France", "licensed in Virginia").

The resolver keeps every city of the strongest tier present (a posting may name several:
"basé à Dunkerque ET à Calais"), then falls back to a region or country without a city.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import LITERALS, Finder, LabelFinder, fold
from ..model import Location, Record
from . import gazetteer as gz
from .header import FT_PLACE, NEXT_LABEL, Line, header_of, split_pair
from .places import (
    PlaceMatch, covers, leading_places, parse_places, prefer_country, qualified_places,
    strip_arrondissement,
)
from .title import split_title

KEYS = ("locations",)

TIER_GAP = 0.06
"""Cities scoring within this of the best one are kept together (same kind of context)."""
MAX_CITIES = 6
WINDOW = 160


@lru_cache(maxsize=1)
def _colon_labels() -> LabelFinder:
    forms = [f for lang in vocab.LANGS for f in vocab.load(lang, "locations").get("label", [])]
    return LabelFinder(forms)


@lru_cache(maxsize=1)
def _colon_forms() -> dict[int, int]:
    """The scan's literal id of each label form (anywhere in a word), with its length."""
    return {LITERALS.add(fold(f)): len(f) for f in _colon_labels().forms}


def _colon_label_starts(doc: Doc) -> list[tuple[int, int]]:
    """What ``_colon_labels().finditer`` gives, read only at the colons that follow a
    form: a posting has dozens of colons and a few labels, and the scan already knows where
    the forms are (a form read in lower case is the same text once folded)."""
    lits = _colon_forms()
    text = doc.text
    hits = doc.scan.hits()
    colons = set()
    n = len(text)
    for lid, size in lits.items():
        for p in hits.get(lid, ()):
            q = p + size
            while q < n and text[q] in " \t":
                q += 1
            if q < n and text[q] == ":":
                colons.add(q)
    at_colon = _colon_labels().at_colon
    return [found for found in (at_colon(text, pos) for pos in sorted(colons)) if found is not None]


@lru_cache(maxsize=1)
def _finders() -> dict[str, Finder]:
    merged: dict[str, list[str]] = {}
    for lang in vocab.LANGS:
        for key, forms in vocab.load(lang, "locations").items():
            merged.setdefault(key, []).extend(forms)
    return {
        "label": Finder([rf"(?:{f})\b[ \t]*(?::[ \t]*)?" for f in merged.get("label", [])]),
        "based": Finder(merged.get("based", [])),
        "country": Finder(merged.get("country_context", [])),
    }


_LINE_LEAD = re.compile(r"[ \t>*•·-]*$")
# "Georgetown neighborhood of Seattle": the first name is a part of the city.
_PART_OF = re.compile(r"^\s+(?:neighbou?rhood|district|quarter|borough|area|quartier|secteur|zone)\b", re.I)


def _cands(doc: Doc, found: list[PlaceMatch], base: int, rule: str, score: float,
           context: tuple[int, int] | None = None) -> list[Candidate]:
    out = []
    for p in found:
        span = (base + p.start, base + p.end)
        extra = (context,) if context and context != span else ()
        s = score if p.location.city else score - 0.3
        out.append(Candidate("locations", p.location, span, doc.text[span[0]:span[1]], rule, s, extra))
    return out


def _header(doc: Doc) -> list[Candidate]:
    h = header_of(doc)
    out: list[Candidate] = []
    for ln in h.lines[:8]:
        text, (a, _) = ln.text, ln.span
        ft = FT_PLACE.match(text) if ln.index in (1, 2) else None
        if ft:
            found = _ft_place(ft.group("place"), ft.group("dep"))
            out += _cands(doc, found, a + ft.start("place"), "locations.header.ft", 0.95)
            continue
        if ln.index == 0:
            out += _title_place(doc, ln)
            continue
        if h.ft and ln.index == 1:
            found = parse_places(text, strong=True)
            if found and covers(text, found):
                out += _cands(doc, found, a, "locations.header.ft", 0.95)
            continue
        pair = split_pair(text) if ln.index <= 2 else None
        if pair:
            _, right, off = pair
            found = parse_places(right, strong=True)
            if found and covers(right, found):
                out += _cands(doc, found, a + off, "locations.header.pair", 0.9)
                continue
            if found and _country_among_areas(right, found):
                # "Employer - Kent, UK, Kent": the county is not in the gazetteer, but the
                # board's place field names the country.
                out += _cands(doc, found, a + off, "locations.header.pair_country", 0.8)
                continue
        # A line that is only a place right under the title is the board's place field.
        found = parse_places(text, strong=ln.index == 1, min_population=1000)
        if found and covers(text, found):
            out += _cands(doc, found, a, "locations.header.line", 0.85)
        elif text.count("|") + text.count("•") >= 2:
            # A column of tags ("Alternance|La Defense|Digital"): places among them.
            pos = 0
            for seg in re.split(r"[|•]", text):
                seg_found = parse_places(seg.strip(), strong=False, min_population=1000)
                lead = len(seg) - len(seg.lstrip())
                if seg_found and covers(seg.strip(), seg_found):
                    out += _cands(doc, seg_found, a + pos + lead, "locations.header.tags", 0.8)
                pos += len(seg) + 1
    return out


def _country_among_areas(s: str, found: list[PlaceMatch]) -> bool:
    """Whether ``s`` is a comma-separated list of capitalised names one of which is a
    country (the only places found), as boards write "County, Country" place fields."""
    if any(p.location.city is not None or p.location.region is not None for p in found):
        return False
    segs = [seg.strip() for seg in s.split(",")]
    return len(segs) >= 2 and all(seg[:1].isupper() and len(seg.split()) <= 3 for seg in segs)


def _ft_place(place: str, dep: str) -> list[PlaceMatch]:
    """France Travail's "NN - CITY": the city must be in that département."""
    name = strip_arrondissement(place.strip())
    # The département's region (and FR) even when the place is no city of the gazetteer.
    found = qualified_places(f"{name} ({dep})", areas=True)
    if found:
        p = found[0]
        return [PlaceMatch(p.location, 0, len(place.strip()), p.population, True)]
    return parse_places(place, strong=True)


def _title_place(doc: Doc, ln: Line) -> list[Candidate]:
    parts = split_title(ln.text)
    if parts.place_start is None:
        return []
    rest = ln.text[parts.place_start:]
    found = parse_places(rest, strong=True)
    return _cands(doc, found, ln.span[0] + parts.place_start, "locations.header.title", 0.85)


def _labelled(doc: Doc) -> list[Candidate]:
    out: list[Candidate] = []
    text = doc.text
    # A label at a line start (colon optional), or anywhere with a colon, even glued to
    # the previous word in flattened text ("Recruitment ManagerLocation: ...").
    starts = [m for _, m in _finders()["label"].finditer(text)
              if ":" not in m.group()
              and _LINE_LEAD.match(text, text.rfind("\n", 0, m.start()) + 1, m.start())]
    labels = [(m.start(), m.end()) for m in starts] + _colon_label_starts(doc)
    for start, value_start in sorted(set(labels)):
        end = text.find("\n", value_start)
        end = len(text) if end < 0 else min(end, value_start + WINDOW)
        value = text[value_start:end]
        # Every label ends with a colon: most values hold none, and the label search
        # (dozens of forms tried at every character) is then skipped.
        nxt = NEXT_LABEL.search(value, 1) if value.find(":", 1) >= 0 else None
        if nxt:
            value = value[:nxt.start()]
        found = parse_places(value, strong=True)
        if not covers(value, found):
            # Not a plain list of places ("2 Days On-Site / 3 Days Working From Home"):
            # everyday words do not count as places in it.
            found = parse_places(value, strong=False, min_population=1000)
        out += _cands(doc, found, value_start, "locations.label", 0.9, (start, value_start))
    return out


def _based(doc: Doc) -> list[Candidate]:
    out: list[Candidate] = []
    text = doc.text
    for _, m in _finders()["based"].finditer(text):
        window = text[m.end():m.end() + WINDOW].split("\n", 1)[0]
        found = [p for p in leading_places(window, strong=True, min_population=1000)
                 if not _PART_OF.match(window[p.end:])]
        out += _cands(doc, found, m.end(), "locations.based", 0.85, (m.start(), m.end()))
    return out


def _qualified(doc: Doc) -> list[Candidate]:
    found = qualified_places(doc.text, strong=False)
    return _cands(doc, found, 0, "locations.qualified", 0.75)


def _country_mentions(doc: Doc) -> list[Candidate]:
    out: list[Candidate] = []
    text = doc.text
    for _, m in _finders()["country"].finditer(text):
        window = text[m.end():m.end() + 80].split("\n", 1)[0]
        for p in leading_places(window, strong=False, max_places=1):
            loc = p.location
            if loc.city is not None and loc.country is None:
                continue
            # Only the country (and a named region) counts: "licensed in Washington DC"
            # says where the job's country is, not its city.
            area = Location(region=loc.region if loc.city is None else None, country=loc.country)
            span = (m.end() + p.start, m.end() + p.end)
            out.append(Candidate("locations", area, span, text[span[0]:span[1]],
                                 "locations.country", 0.4, ((m.start(), m.end()),)))
    return out


def likely_country(doc: Doc) -> str | None:
    """The country a posting most likely comes from, to choose between homonym cities."""
    if doc.lang == "fr":
        return "FR"
    for sign, code in (("£", "GB"), ("$", "US"), ("€", "FR")):
        if sign in doc.text:
            return code
    return None


def extract_locations(doc: Doc) -> list[Candidate]:
    """Candidate locations (city may be None) found in location contexts of ``doc.text``."""
    try:
        with prefer_country(likely_country(doc)):
            return (_header(doc) + _labelled(doc) + _based(doc) + _qualified(doc)
                    + _country_mentions(doc))
    except (ValueError, re.error, IndexError, sqlite3.Error):  # odd content never stops a parse
        return []


def _key(loc: Location) -> str:
    return gz.fold(loc.city or "")


def resolve_locations(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Keep the cities of the strongest context tier; else the best region/country alone."""
    hints = [c for c in cands if c.rule.startswith("hint.")]
    pool = hints or cands
    if hints and not any(c.value.city for c in hints):
        # A structured field without a city ("France") is less precise than a city the
        # text names in a location context in that country: the text's cities are kept.
        countries = {c.value.country for c in hints if c.value.country}
        precise = [c for c in cands if c.value.city and not c.rule.startswith("hint.")
                   and (not countries or c.value.country in countries)]
        if precise:
            pool = precise + hints
    cities = [c for c in pool if c.value.city]
    chosen: list[list[Candidate]] = []
    if cities:
        best = max(c.score for c in cities)
        keep = sorted((c for c in cities if c.score >= best - TIER_GAP), key=lambda c: c.span[0])
        keep.sort(key=lambda c: -c.score)
        groups: dict[str, list[Candidate]] = {}
        for c in keep:
            groups.setdefault(_key(c.value), []).append(c)
        chosen = list(groups.values())[:MAX_CITIES]
        # Other mentions of a kept city add evidence.
        for c in cities:
            if c.score < best - TIER_GAP and _key(c.value) in groups:
                groups[_key(c.value)].append(c)
    else:
        areas = sorted(pool, key=lambda c: (-c.score, c.span[0]))
        if areas:
            chosen = [[c for c in areas if c.value == areas[0].value]]
    used = {id(c) for g in chosen for c in g}
    for i, group in enumerate(chosen):
        first = group[0]
        loc = Location(first.value.city, first.value.region, first.value.country)
        if loc.country is None or loc.region is None:
            for c in group[1:]:
                loc.region = loc.region or c.value.region
                loc.country = loc.country or c.value.country
        rec.locations.append(loc)
        trace.use(f"locations[{i}]", *group)
    kept = ", ".join(l.city or l.region or l.country or "?" for l in rec.locations)
    for c in cands:
        if id(c) not in used:
            what = c.value.city or c.value.region or c.value.country
            trace.reject(c, f"locations: {what!r} ({c.rule}) not kept; kept {kept or 'none'}")
