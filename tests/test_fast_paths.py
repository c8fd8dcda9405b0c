"""Shortcuts taken for speed give what the plain computation gives."""

from __future__ import annotations

import pytest

from jobsieve.clean.chrome import _CORE, _core, anywhere_kind, anywhere_kinds, edge_kind, split_lines
from jobsieve.clean.normalize import normalize_text
from jobsieve.lang import _NON_LATIN, _non_latin_below
from jobsieve.match import LabelFinder, fold, literal_heads, lowered
from jobsieve.match.folding import _FOLD, _NARROW


def _plain_fold(text: str) -> str:
    low = lowered(text)
    for wide, narrow in _NARROW.items():
        low = low.replace(wide, narrow)
    return low.encode("latin-1", "replace").translate(_FOLD).decode("latin-1")


# Letters whose case rules are odd (dotted and dotless i, long s, Kelvin sign, final sigma).
ODD = "İıſKÅΣσςŸŒœ’–€：中"


@pytest.mark.parametrize("block", range(0, 0x3100, 0x100))
def test_fold_matches_the_plain_steps(block: int) -> None:
    chars = "".join(chr(i) for i in range(block, block + 0x100) if not 0xD800 <= i < 0xE000)
    assert fold(chars) == _plain_fold(chars)
    for c in chars:
        assert fold(c) == _plain_fold(c)
        assert fold(f"Σ{c}{ODD}") == _plain_fold(f"Σ{c}{ODD}")


@pytest.mark.parametrize("text", [
    "Chargée de mission – Télétravail partiel",
    "ŒUVRES SOCIALES : 13e mois, prime d’équipe",
    "Kelvin K and İstanbul office, ſtrange spelling",
    "plain ascii text",
    "",
])
def test_fold_sentences(text: str) -> None:
    assert fold(text) == _plain_fold(text)
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("pattern, heads", [
    (r"\b(?:get|receive) (?:the latest|new)", ["get", "rec"]),
    (r"(?:a|b)?c", ["ac", "bc", "c"]),
    (r"(?:x|y\s)z", ["x", "y"]),
    (r"\w+", None),
    (r"(?:rare)?", None),
])
def test_literal_heads(pattern: str, heads: list[str] | None) -> None:
    assert literal_heads(pattern, 3) == heads


@pytest.mark.parametrize("line", [
    "  ** Senior data analyst (H/F) **  ", "___", "", "Paris.", "—Lyon—", "a_b", "x\n", "١٢٣ ok !",
])
def test_core(line: str) -> None:
    assert _core(line) == _CORE.sub("", line)


PAGES = [
    "Apply now\nSenior welder\nWe build boats in a small yard.\nSign in\nSave job\n",
    "Chef de rang H/F\nPostuler\nNous utilisons des cookies pour mesurer l'audience.\nCDI à Nantes\n",
    "Project lead\nDiscover all our jobs on the blog\nThis company is certified B Corp\n",
    "Agent d’accueil\nİstanbul ofisi\nCOOKİE ayarları\nKelvin KOOKIE\n",
]


@pytest.mark.parametrize("page", PAGES)
def test_anywhere_kinds_match_line_by_line(page: str) -> None:
    text = normalize_text(page)[0]
    lines = split_lines(text)
    for lo in range(len(lines) + 1):
        for hi in range(lo, len(lines) + 1):
            want = {i: k for i in range(lo, hi) if (k := anywhere_kind(lines[i][2]))}
            assert anywhere_kinds(text, lines, lo, hi) == want


@pytest.mark.parametrize("line, kind", [
    ("Discover all our jobs on the blog", "invitation"),
    ("Lisez notre article sur le recrutement", "invitation"),
    ("This company is certified by an independent body", "label_blurb"),
    ("No information available", "placeholder"),
    ("We discover new ways to build boats", None),
])
def test_edge_labels(line: str, kind: str | None) -> None:
    assert edge_kind(line) == kind


def test_label_finder_skips_colons_after_other_letters() -> None:
    finder = LabelFinder(["lieu", "location"])
    text = "Horaires : 9h-17h\nLIEU : Nantes\nRelocation: no\nManagerLocation: Brest\nNote:"
    found = [(text[s:v], text[v:text.find("\n", v)]) for s, v in finder.finditer(text)]
    assert found == [("LIEU : ", "Nantes"), ("Location: ", "Brest")]


@pytest.mark.parametrize("sample", ["plain text", "中文 mixed", "中文中文中文 ab", "Ωμέγα ωμέγα", ""])
def test_non_latin_count(sample: str) -> None:
    limit = len(sample) // 2
    assert _non_latin_below(sample, limit) == (len(_NON_LATIN.findall(sample)) < limit)
