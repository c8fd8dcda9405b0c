"""The offline gazetteer (cities, countries, regions) and the fast context search."""

from __future__ import annotations

import re

import pytest

from jobsieve.extract import gazetteer as gz
from jobsieve.match import Finder, LabelFinder, literal_forms, literal_prefixes, lowered


@pytest.mark.parametrize("name, want", [
    ("St-Étienne-du-Rouvray", "saint etienne du rouvray"),
    ("  Neuilly-sur-Seine ", "neuilly sur seine"),
    ("ÎLE-DE-FRANCE", "ile de france"),
])
def test_fold(name, want):
    assert gz.fold(name) == want


@pytest.mark.parametrize("name, country, admin1", [
    ("Paris", "FR", "11"),
    ("Nantes", "FR", "52"),
    ("Seattle", "US", "WA"),
    ("St-Etienne", "FR", "84"),
    ("Villiers-Saint-Frédéric", "FR", "11"),
])
def test_best_city(name, country, admin1):
    place = gz.best_city(name)
    assert (place.country, place.admin1) == (country, admin1)


def test_homonyms_prefer_the_postings_country_unless_much_smaller():
    assert gz.best_city("Orléans", prefer="FR").country == "FR"
    assert gz.best_city("Brest", prefer="FR").country == "FR"
    assert gz.best_city("Paris", prefer="US").country == "FR"


def test_unknown_and_tiny_names():
    assert gz.find_cities("Zzyzzyva Flats") == ()
    assert gz.find_cities("x") == ()


@pytest.mark.parametrize("name, code", [
    ("Allemagne", "DE"), ("Germany", "DE"), ("États-Unis", "US"), ("USA", "US"),
    ("Royaume-Uni", "GB"), ("Principauté de Monaco", "MC"), ("Nowhereland", None),
])
def test_country_code(name, code):
    assert gz.country_code(name) == code


def test_regions_and_overseas_departements():
    assert gz.us_state_code("Ohio") == "OH" and gz.us_state_code("wa") == "WA"
    assert gz.departement("973") == ("Guyane", "GF")
    assert gz.departement("2A")[1] == "94"
    assert gz.label_country("GF") == "FR" and gz.label_country("DE") == "DE"
    assert gz.region_name("GF", "GF") == "Guyane"
    assert gz.region_name("FR", "32") == "Hauts-de-France"
    assert gz.region_name("US", "OH") == "Ohio"
    assert gz.fr_region_code("Hauts-de-France") == "32"
    assert gz.city_state("MC") == "Monaco" and gz.city_state("FR") is None


def test_cache_dir_can_be_set(monkeypatch, tmp_path):
    monkeypatch.setenv("JOBSIEVE_CACHE_DIR", str(tmp_path))
    assert gz.cache_dir() == tmp_path
    assert gz._index_path().parent == tmp_path


# -- fast context search -------------------------------------------------------------------

def test_literal_prefixes():
    assert literal_prefixes(r"\bbas(?:é|ée)\s+à") == ["basé", "basée"]
    assert literal_prefixes(r"lieu(?: de travail)?\s*:") == ["lieu", "lieu de travail"]
    assert literal_prefixes(r"\w+ recrute") is None
    assert literal_forms("zone g[ée]ographique") == ["zone geographique", "zone géographique"]
    assert literal_forms(r"lieu\s*:") is None


def test_lowered_keeps_offsets():
    text = "İstanbul ŞUBESİ Paris"
    assert len(lowered(text)) == len(text)


def test_finder_agrees_with_plain_regex_search():
    forms = [r"\bbas(?:é|ée)\s+(?:à|a)\s+", r"located\s+in\s+", r"recrute(?:nt)?\b"]
    text = ("La société recrute. Poste basé à Lyon ; équipe basée a Paris. We are located in Ohio. "
            "Ils recrutent. Embasé à X.")
    finder = Finder(forms)
    got = [(i, m.start(), m.end()) for i, m in finder.finditer(text)]
    want = sorted((i, m.start(), m.end()) for i, f in enumerate(forms)
                  for m in re.finditer(f, text, re.I))
    assert sorted(got) == want


def test_label_finder_reads_glued_labels():
    finder = LabelFinder(["location", "lieu(?: de travail)?"])
    text = "Recruitment ManagerLocation: Flexible\nLieu de travail : Nantes\nRelocation: yes"
    got = [(text[a:b], text[b:b + 8]) for a, b in finder.finditer(text)]
    assert got == [("Location: ", "Flexible"), ("Lieu de travail : ", "Nantes\nR")]
