"""Reading place names: one string (or the start of one) into checked locations.

``parse_places("Frederick, MD/Wilson, NC")`` and ``leading_places("GRENOBLE est à
pourvoir")`` return :class:`PlaceMatch` items with offsets into the string they were given.
Every city is checked against the gazetteer; qualifiers written next to it (a US state
code, a French département number or postal code, a country) choose between homonyms.
Place names that are also common words ("Nice", "Orange", "Mission") count only in a
strong context or with a qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab
from ..model import Location
from . import gazetteer as gz
from .context import digit_runs

_CONJ = r"(?:ET|OU|AND|OR|Et|Ou|And|Or)\b"
_CAP_REST = r"(?:[\w'’-]|\.(?=[ -]))*"
# A capitalised word, not a capitalised conjunction ("Dunkerque ET à Calais").
_CAP = rf"(?:(?!{_CONJ})[A-ZÀ-Ý]{_CAP_REST})"
_LINK = r"(?:de|du|des|la|le|les|sur|sous|en|lès|lez|aux|d'|l'|upon|on|of)"
_MORE_CAPS = rf"(?:[ -]+(?:{_LINK}[ -]+)*{_CAP}){{0,4}}"
_NAME = rf"{_CAP}{_MORE_CAPS}"


def _name_at_capital(check: str = "") -> str:
    """:data:`_NAME` opening with its capital, the tests on where it starts (``check``,
    then "no conjunction") made just after it: a pattern that opens with a character
    class is searched by skipping in C to the characters of the class, where one that
    opens with a test runs the whole pattern at every character of the stretch."""
    return rf"[A-ZÀ-Ý]{check}(?<=(?!{_CONJ}).){_CAP_REST}{_MORE_CAPS}"


# The state code may be glued to the next word in flattened text ("Wilson, NCW2 Contract").
# The lookahead (only characters a name holds up to the comma) is implied by the rest; it
# rules out in one pass most places of the stretch searched before a state code, where
# trying the name costs much backtracking.
_UP_TO_COMMA = r"(?=[\w'’. -]*+,)"
US_PAIR = re.compile(rf"(?P<city>{_name_at_capital(_UP_TO_COMMA)}),\s*(?P<st>[A-Z]{{2}})(?![a-z0-9])")
FR_DEP = re.compile(rf"(?P<city>{_name_at_capital()})\s*\((?P<dep>\d{{2,3}}|2[AB])\)")
FR_POSTAL = re.compile(rf"(?<!\d)(?P<cp>\d{{5}})\s+(?P<city>{_NAME})")
_SEP = r"[,;/|•·()]"
_SPLIT_AFTER_SPACES = rf"(?:{_SEP}|\s[-–—]\s|\s+(?:et|ET|and|ou|or|&)\s+)\s*"
# What separates the places of a list: ``\s*{_SPLIT_AFTER_SPACES}``, written to open with
# one character class (a search then skips to those characters in C): after a separator,
# spaces; after a space, the spaces-first pattern from the next character (one or more
# spaces first), else the alternatives that open with that very space.
_SPLIT = re.compile(rf"[\s,;/|•·()](?:(?<={_SEP})\s*|(?<=\s)(?:\s*{_SPLIT_AFTER_SPACES}|[-–—]\s\s*"
                    rf"|\s*(?:et|ET|and|ou|or|&)\s+\s*))")
_PREP = re.compile(r"^(?:(?:à|a|au|aux|en|in|at|sur|near|près de)\s+)+", re.I)
ARRONDISSEMENT = re.compile(r"\s+\d{1,2}\s*(?:e|è|ème|eme|er|ère|th)?(?:\s+arrondissement)?$", re.I)
# What a match of ARRONDISSEMENT can end with (a digit or a space aside), case folded as
# ``re.I`` does: most names end otherwise, and one look at their last character spares
# the search.
_ARRONDISSEMENT_LAST = frozenset("eEèÈrRhHtT")
_ALLCAPS = re.compile(r"^[^a-zà-ÿ]+$")
BIG_CITY = 100_000
_ACRONYM = re.compile(r"^[A-Z0-9]{2,4}$")
# "Pays basque(64)": a capitalised area name (lower-case words allowed) before a département.
FR_DEP_AREA = re.compile(r"(?P<city>[A-ZÀ-Ý][\w'’-]*(?:[ -][\w'’-]+){0,3})\s*\((?P<dep>\d{2,3}|2[AB])\)")
# A run of place-like words at the start of a string ("Les Mureaux (78)", "GRENOBLE").
_LEAD = re.compile(rf"^{_NAME}")
_WORD = re.compile(r"\S+")
_LEAD_GLUE = re.compile(r"^\s*(?:,\s*|\s+)?(?:et|ET|and|ou|or|&|/|,)\s*(?:(?:à|a|in|at)\s+)?")


_PREFER: ContextVar[str | None] = ContextVar("prefer_country", default=None)


@contextmanager
def prefer_country(code: str | None) -> Iterator[None]:
    """Within this block, homonyms in country ``code`` win unless another is much larger."""
    token = _PREFER.set(code)
    try:
        yield
    finally:
        _PREFER.reset(token)


# Not frozen: a frozen dataclass costs four times as much to make (each field is set
# through object.__setattr__), dozens are made per posting, and none is changed once made.
@dataclass(slots=True)
class PlaceMatch:
    """A checked place: the location and where its name is in the string read."""

    location: Location
    start: int
    end: int
    population: int = 0
    qualified: bool = False
    """A state code, département, postal code or country confirmed it."""


@lru_cache(maxsize=1)
def _common() -> re.Pattern[str]:
    forms = [f for lang in vocab.LANGS for f in vocab.load(lang, "locations").get("common_words", [])]
    return re.compile(r"^(?:" + "|".join(forms) + r")$", re.I) if forms else re.compile(r"(?!x)x")


@lru_cache(maxsize=1)
def _remote() -> re.Pattern[str]:
    forms = [f for lang in vocab.LANGS for f in vocab.load(lang, "locations").get("remote", [])]
    return re.compile(r"^(?:" + "|".join(forms) + r")$", re.I)


def is_common_word(name: str) -> bool:
    """A place name that is also an everyday word (needs a strong context)."""
    return bool(_common().match(name.strip()))


def is_remote_word(name: str) -> bool:
    """"Remote", "Télétravail"...: said where a place would be."""
    return bool(_remote().match(name.strip()))


def strip_arrondissement(name: str) -> str:
    """``name`` without a trailing arrondissement number ("Paris 15e" -> "Paris")."""
    last = name[-1:]
    if last and (last in _ARRONDISSEMENT_LAST or last.isdigit() or last.isspace()):
        return ARRONDISSEMENT.sub("", name)
    return name


def city_name(surface: str, place: gz.Place) -> str:
    """The name to report: the gazetteer's spelling when it is the same name, else the text's."""
    surface = strip_arrondissement(surface.strip())
    if gz.fold(surface) == gz.fold(place.name):
        return place.name
    if _ALLCAPS.match(surface):
        return " ".join(w.capitalize() for w in surface.split())
    return surface


LocationFields = tuple[str, "str | None", "str | None"]
"""A city's :class:`Location` as a tuple (city, region, country)."""


def _location(surface: str, place: gz.Place) -> LocationFields:
    return (city_name(surface, place), gz.region_name(place.country, place.admin1),
            gz.label_country(place.country))


def _city(surface: str, *, country: str | None = None, admin1: str | None = None,
          strong: bool, min_population: int) -> tuple[gz.Place, LocationFields] | None:
    """The city called ``surface`` and its location as found there (see :func:`_location`)."""
    return _checked_city(surface, country, admin1, strong, min_population, _PREFER.get())


# Names come back many times (every field reads the header lines, and a posting repeats its
# places); the answer depends on nothing else, and a Place is immutable (the location is
# kept as a tuple: each match gets a Location of its own).
@lru_cache(maxsize=8192)
def _checked_city(surface: str, country: str | None, admin1: str | None, strong: bool,
                  min_population: int, prefer: str | None) -> tuple[gz.Place, LocationFields] | None:
    name = strip_arrondissement(surface.strip())
    if len(name) < 3 or not name[0].isupper():
        return None
    qualified = country is not None or admin1 is not None
    if not qualified and not strong and is_common_word(name):
        return None
    # "SQL", "DSI", "CNRS": acronyms, not towns (a four-letter "NICE" or "METZ" under the
    # title is a town: strong contexts keep those).
    if not qualified and _ACRONYM.match(name) and (len(name) <= 3 or not strong):
        return None
    place = gz.best_city(name, country=country, admin1=admin1, prefer=prefer)
    if place is None:
        return None
    if not qualified and place.population < min_population:
        return None
    return place, _location(surface, place)


def _us(m: re.Match[str], strong: bool) -> PlaceMatch | None:
    st = m.group("st")
    if gz.us_state_code(st) != st:
        return None
    words = m.group("city").split()
    # "South Oklahoma City, OK" -> the longest tail that is a city of that state.
    for i in range(len(words)):
        name = " ".join(words[i:])
        found = _city(name, country="US", admin1=st, strong=True, min_population=0)
        if found is not None:
            start = m.start("city") + m.group("city").index(words[i])
            return PlaceMatch(Location(*found[1]), start, m.end("st"), found[0].population, True)
    return None


def _fr(m: re.Match[str], code: str, strong: bool, *, after: bool,
        areas: bool = False) -> PlaceMatch | None:
    """A French city checked against its département: the name ends at the code ("Lyon
    (69)": try its tails) or starts after it ("92110 Clichy": try its heads)."""
    dep = gz.departement(code)
    if dep is None:
        return None
    region = dep[1]
    country, admin1 = ("FR", region) if region.isdigit() else (region, None)
    text = m.group("city")
    words = list(_WORD.finditer(text))
    spans = ([(0, words[k - 1].end()) for k in range(len(words), 0, -1)] if after
             else [(w.start(), len(text)) for w in words])
    for a, b in spans:
        name = text[a:b]
        found = _city(name, country=None if admin1 else country, admin1=admin1, strong=True,
                      min_population=0)
        if found is not None and (admin1 or found[0].country == country):
            base = m.start("city")
            start, end = (m.start(), base + b) if after else (base + a, m.end())
            return PlaceMatch(Location(*found[1]), start, end, found[0].population, True)
    if areas and not after:
        # "Pays basque (64)": an area, not a city, of a known département.
        region = gz.region_name("FR", admin1) if admin1 else gz.region_name(country, None)
        return PlaceMatch(Location(region=region, country="FR"), m.start(), m.end(), 0, True)
    return None


# The qualifier is searched first (it is rare and starts with a literal character), then
# the name before it: scanning for capitalised names everywhere is ten times slower.
_US_ANCHOR = re.compile(r",[ \t]*[A-Z]{2}(?![a-z0-9])")
_DEP_ANCHOR = re.compile(r"\((?:\d{2,3}|2[AB])\)")
# Postal codes are ASCII digits; a leading character class lets the engine skip to the
# digits in C (a leading "\d{5}" is tried at every position).
_POSTAL_ANCHOR = re.compile(r"[0-9][0-9]{4}")
_LOOK_BACK = 80
# From this length on (a whole posting), postal codes are looked for only in the runs of
# five digits or more that the posting's scan lists (a few, against a search of the text).
_LONG = 2000


def _postal_anchors(s: str) -> Iterator[re.Match[str]]:
    if len(s) < _LONG:
        return _POSTAL_ANCHOR.finditer(s)
    # A run of the folded text holds every run of ASCII digits of the text in it, so the
    # anchors found run by run are those found over the whole text.
    return (a for lo, hi in digit_runs(s) if hi - lo >= 5 for a in _POSTAL_ANCHOR.finditer(s, lo, hi))


def _dep_anchors(s: str) -> list[re.Match[str]]:
    """``_DEP_ANCHOR.finditer(s)``, tried only where a parenthesis opens before a decimal
    digit (what ``\\d`` reads, and the "2" of "2A"): ``str.find`` jumps from one
    parenthesis to the next in C, where the regex search steps through every character."""
    out = []
    find, match = s.find, _DEP_ANCHOR.match
    i = find("(")
    while i >= 0:
        if s[i + 1:i + 2].isdecimal():
            a = match(s, i)
            if a is not None:
                out.append(a)
                i = find("(", a.end())
                continue
        i = find("(", i + 1)
    return out


def _anchored(pattern: re.Pattern[str], anchors: Iterable[re.Match[str]], s: str,
              keep: Callable[[str], bool] | None = None) -> Iterator[re.Match[str]]:
    for a in anchors:
        if keep is not None and not keep(a.group()):
            continue
        for m in pattern.finditer(s, max(0, a.start() - _LOOK_BACK), a.end()):
            if m.end() == a.end():
                yield m
                break


def qualified_places(s: str, strong: bool = True, areas: bool = False) -> list[PlaceMatch]:
    """Places written with a qualifier: "Redmond, WA", "Lyon (69)", "92110 Clichy".

    With ``areas``, a capitalised name before a département number that is no city of it
    ("Pays basque (64)") still gives its région and country.
    """
    out: list[PlaceMatch] = []
    # Most strings read are short values without a comma or a parenthesis, which the
    # anchors below need.
    if "," in s:
        for m in _anchored(US_PAIR, _US_ANCHOR.finditer(s), s,
                           lambda a: gz.us_state_code(a[-2:]) == a[-2:]):
            pm = _us(m, strong)
            if pm:
                out.append(pm)
    if "(" in s:
        deps = _dep_anchors(s)
        for m in _anchored(FR_DEP, deps, s):
            pm = _fr(m, m.group("dep"), strong, after=False, areas=areas)
            if pm:
                out.append(pm)
        if areas:
            for m in _anchored(FR_DEP_AREA, deps, s):
                if not any(p.start <= m.end("dep") <= p.end for p in out):
                    pm = _fr(m, m.group("dep"), strong, after=False, areas=True)
                    if pm:
                        out.append(pm)
    for a in _postal_anchors(s):
        if a.end() >= len(s) or s[a.end()] not in " \t":
            continue
        m = FR_POSTAL.match(s, a.start())
        if m is None:
            continue
        cp = m.group("cp")
        pm = _fr(m, cp[:3] if cp.startswith("97") else cp[:2], strong, after=True)
        if pm:
            out.append(pm)
    if not out:
        return out
    out.sort(key=lambda p: p.start)
    return _dedupe(out)


def _dedupe(found: list[PlaceMatch]) -> list[PlaceMatch]:
    out: list[PlaceMatch] = []
    for p in found:
        if any(q.start < p.end and p.start < q.end for q in out):
            continue
        out.append(p)
    return out


def _area(seg: str) -> Location | None:
    """A country, US state or French région named in full."""
    found = _area_fields(seg)
    return Location(*found) if found else None


@lru_cache(maxsize=4096)
def _area_fields(seg: str) -> tuple[str | None, str | None, str | None] | None:
    code = gz.country_code(seg)
    if code:
        # A city-state (Monaco, Singapore): the country is the city.
        return (gz.city_state(code), None, gz.label_country(code))
    st = gz.us_state_code(seg)
    if st and len(seg) > 2:
        return (None, gz.region_name("US", st), "US")
    reg = gz.fr_region_code(seg)
    if reg:
        name = gz.region_name("FR", reg) if reg.isdigit() else gz.region_name(reg, None)
        return (None, name, "FR")
    return None


# A postal code written after a place name: French or US five digits, a British postcode
# ("LS1", "EC2M 7PY", "M1 1AE").
_TRAILING_POSTCODE = re.compile(
    r"\s+(?:\d{5}|(?-i:[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{2})?))\Z")


def parse_places(s: str, *, strong: bool = True, min_population: int = 0) -> list[PlaceMatch]:
    """Every place in a string that lists places ("Paris, France", "Dunkerque ET à Calais").

    Segments that are not places are skipped; a country or state right after a city
    chooses that city's country. Areas without a city come back with ``city=None``.
    """
    found = qualified_places(s, strong, areas=True)
    taken = [(p.start, p.end) for p in found]
    segs: list[tuple[int, int, str]] = []
    pos = 0
    for m in _SPLIT.finditer(s):
        segs.append((pos, m.start(), s[pos:m.start()]))
        pos = m.end()
    segs.append((pos, len(s), s[pos:]))
    pending: list[tuple[int, int, str]] = []
    areas: list[PlaceMatch] = []
    for a, b, seg in segs:
        if any(a < e and st < b for st, e in taken):
            continue
        lead = _PREP.match(seg)
        if lead:
            a, seg = a + lead.end(), seg[lead.end():]
        seg = seg.strip()
        if not seg or is_remote_word(seg):
            continue
        area = _area(seg)
        if area is not None and area.city is not None:
            found.append(PlaceMatch(area, a, a + len(seg), 0, True))
            continue
        if area is not None:
            # "Paris, France": the country picks the city of that name in that country.
            if pending and area.city is None and area.region is None:
                pa, pb, pseg = pending.pop()
                city = _city(pseg, country=area.country, strong=True, min_population=0)
                if city is not None:
                    # The match runs to the end of the country that confirmed it, as a
                    # state code does ("Austin, TX"): the country is part of the place.
                    found.append(PlaceMatch(Location(*city[1]), pa, a + len(seg), city[0].population, True))
                    continue
                pending.append((pa, pb, pseg))
            prev = areas[-1].location if areas else None
            if not (prev and area.city is None and area.region is None and prev.country == area.country):
                areas.append(PlaceMatch(area, a, a + len(seg), 0, True))
            continue
        # "Paris 75015", "Leeds LS1 4AP": the postal code after the name is part of the
        # place, the name alone is looked up.
        code = _TRAILING_POSTCODE.search(seg)
        pending.append((a, a + len(seg), seg[:code.start()] if code and code.start() else seg))
    for a, b, seg in pending:
        city = _city(seg, strong=strong, min_population=min_population)
        if city is not None:
            found.append(PlaceMatch(Location(*city[1]), a, b, city[0].population, False))
    found.sort(key=lambda p: p.start)
    if not found:
        return areas
    return found


def leading_places(s: str, *, strong: bool, min_population: int = 0,
                   max_places: int = 4) -> list[PlaceMatch]:
    """The places at the start of ``s`` ("GRENOBLE est à pourvoir" -> Grenoble).

    Reads a run of capitalised words, keeps its longest prefix that is a place, then goes
    on through "et", "and", "/" or "," to the next place.
    """
    out: list[PlaceMatch] = []
    pos = 0
    while len(out) < max_places:
        rest = s[pos:]
        lead = _PREP.match(rest)
        off = pos + (lead.end() if lead else 0)
        rest = s[off:]
        q = qualified_places(rest[:80], strong, areas=True)
        run = _LEAD.match(rest)
        if q and q[0].start <= (run.end() if run else 0):
            p = q[0]
            out.append(PlaceMatch(p.location, off + p.start, off + p.end, p.population, True))
            pos = off + p.end
        else:
            m = run
            if not m:
                break
            words = list(_WORD.finditer(m.group()))
            hit = None
            for k in range(len(words), 0, -1):
                surface = m.group()[:words[k - 1].end()]
                surface_clean = surface.rstrip(".,")
                area = _area(surface_clean)
                if area is not None:
                    hit = PlaceMatch(area, off, off + len(surface_clean), 0, True)
                    break
                city = _city(surface_clean, strong=strong, min_population=min_population)
                # "West Yorkshire": a city that is only the first words of a longer proper
                # name is that name's part, unless it is a big city ("Lille Métropole").
                if city is not None and k < len(words) and words[k].group()[:1].isupper() \
                        and city[0].population < BIG_CITY:
                    continue
                if city is not None:
                    # "Paris, France" / "Lyon, FR": a following country confirms it.
                    hit = PlaceMatch(Location(*city[1]), off, off + len(surface_clean),
                                     city[0].population, False)
                    break
            if hit is None:
                break
            prev = out[-1].location if out else None
            same_country = (prev is not None and hit.location.city is None
                            and hit.location.region is None and prev.country == hit.location.country)
            if not same_country:
                out.append(hit)
            pos = hit.end
        glue = _LEAD_GLUE.match(s[pos:])
        if not glue:
            break
        pos += glue.end()
    return out


_SEPARATOR_CHARS = ",;/|()•·.:&-"
_CONNECTORS = ("et", "ET", "and", "ou", "or", "à", "a", "au", "en", "in", "at", "sur")
_SEPARATORS = re.compile(rf"[\s{re.escape(_SEPARATOR_CHARS)}]+|\b(?:{'|'.join(_CONNECTORS)})\b")
_NOTHING_LEFT = frozenset(("",) + _CONNECTORS)


def covers(s: str, matches: list[PlaceMatch]) -> bool:
    """Whether the places found account for every word of ``s`` (a plain list of places)."""
    rest = list(s)
    for m in matches:
        rest[m.start:m.end] = [" "] * (m.end - m.start)
    blank = "".join(rest)
    # Mostly what is left is separators and connectors only ("Lyon et Paris"): each
    # word, separators stripped, is a connector (between separators, spaces or the ends,
    # as ``\b`` asks) or nothing, and the regex would leave no word at all.
    if all(w.strip(_SEPARATOR_CHARS) in _NOTHING_LEFT for w in blank.split()):
        return True
    left = _SEPARATORS.sub(" ", blank).split()
    return all(is_remote_word(w) or w.isdigit() for w in left)
