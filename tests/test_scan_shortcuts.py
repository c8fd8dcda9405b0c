"""Shortcuts of the shared text scan (match/scan.py) give what the plain computation gives:
glued word starts and digit runs read from a byte copy of character classes, literal
starts from one automaton pass with per-pattern owners and the "hidden" wide word
characters found while folding, and the last scan remembered for the next call."""

from __future__ import annotations

import random
import re

import pytest

import jobsieve
from jobsieve.match import fold, scan_of
from jobsieve.match import scan as scan_module
from jobsieve.match.scan import LITERALS, Scan, _spaced, word_start

TEXTS = [
    "", "a", "A", "aB", "AB", "ABCde", "ABCD", "ABCdE", "ABCDEfg", "neededBonus", "EDUCATIONMaster's",
    "Profil recherchéAvantagesMutuelle", "CDD DE 6 MOIS", "cdd de 6 mois", "CDDde6MOIS", "3ansExpérience",
    "ÉTÉÉté", "ÀÉÈde", "ÀÉÈ d", "œŒœ", "ŒUVRESociales", "ŒUVRES sociales", "ßA", "ÿÀ", "a×B", "AB÷cd",
    "x\u00a0Y", "x\u202fY", "中abc", "中Abc", "ab中Cd", "İstanbulOffice", "ſtraßeNord", "KELVINscale",
    "\u212aELVINscale", "ABC’de", "ABC-de", "ABC_de", "ABC1de", "AB Cde", "ABCde ABCde", "UUUll",
    "1234", "12a34", "a1b2c3", "１２３", "٣4٥6", "²3³", "3²", "v1.2.3", "2 500€", "€2500", "0", "9x9",
    "Salaire 45K€ BrutAnnuel", "LYONParis", "LyonPARIS", "LyonParisNantes", "MarseilleAix-En-Provence",
    "Qualifications:● Bac+5 ● AnglaisCourant", "EXPÉRIENCEÉxigée", "ExpérienceÉxigée",
]


def _random_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    alphabet = list("aAbBzZéÉàÀßÿÞ×÷0159 -_.’'\u00a0\u202f") + ["中", "İ", "ſ", "\u212a", "Œ", "œ", "３", "٣", "\n"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(count)]


_ALL = TEXTS + _random_texts(51, 300)


def _cls(c: str) -> str:
    """A character's class as the plain reading: capital, small letter, ASCII digit, other
    (characters wider than latin-1 are other)."""
    o = ord(c)
    if 0x41 <= o <= 0x5A or 0xC0 <= o <= 0xDE:
        return "U"
    if 0x61 <= o <= 0x7A or 0xDF <= o <= 0xFF:
        return "l"
    if 0x30 <= o <= 0x39:
        return "0"
    return " "


def _plain_glue_starts(text: str) -> list[int]:
    c = "".join(_cls(ch) for ch in text)
    return [i for i in range(len(text))
            if (i >= 1 and c[i - 1:i + 1] == "lU") or (i >= 2 and c[i - 2:i + 1] == "UUU" and c[i + 1:i + 3] == "ll")]


@pytest.mark.parametrize("text", _ALL)
def test_glue_starts_are_the_plain_loop(text: str) -> None:
    assert Scan(text).glue_starts == _plain_glue_starts(text)


@pytest.mark.parametrize("text", _ALL)
def test_digit_runs_are_the_plain_search(text: str) -> None:
    assert Scan(text).digit_runs == [m.span() for m in re.finditer(r"[0-9]+", text)]


@pytest.fixture(scope="module")
def literals() -> dict:
    # A parse registers the literals of every field's form sets.
    jobsieve.parse("Chef de projet H/F\nCDD de 6 mois - Lyon (69)\nProfil : 3 ans d'expérience.\nSalaire : 45 K€")
    return dict(LITERALS.ids)


def _plain_hits(text: str, ids: dict) -> dict[int, list[int]]:
    """Each literal looked for at every offset of the spaced fold; those looked for at
    word starts dropped where the character before is a word character the fold hides."""
    low = fold(text)
    hay = b" " + low.encode("latin-1", "replace").translate(bytes(
        b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256)))
    bad = {q + 1 for q in range(len(low)) if low[q] == "?" and not word_start(text, q + 1)}
    out: dict[int, list[int]] = {}
    for (lit, word), lid in ids.items():
        pat = _spaced(lit, word)
        starts = [p if word else p - 1 for p in range(len(hay)) if hay.startswith(pat, p)]
        starts = [s for s in starts if s >= 0 and not (word and s in bad)]
        if starts:
            out[lid] = starts
    return out


_HIT_TEXTS = TEXTS + _random_texts(52, 60) + [
    "CDD de 6 mois ; contrat de mission ; stage ; Mutuelle, tickets restaurant.",
    "Profil recherché : 3 ans d’expérience, anglais courant. Télétravail 2 jours.",
    "中CDD 中stage 中an ans中 ſtage İnternship \u212aELVIN mois",
    "Salaire : 32 000 à 38 000 € brut/an ; Avantages : RTT, mutuelle ; Lyon (69) ; Paris, France",
]


@pytest.mark.parametrize("text", _HIT_TEXTS)
@pytest.mark.parametrize("automaton", [True, False], ids=["automaton", "regex"])
def test_literal_starts_are_the_plain_search(text: str, automaton: bool, literals: dict,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    if not automaton:  # the search used when ahocorasick_rs is missing
        monkeypatch.setattr(scan_module, "_ac", None)
    LITERALS._finder = None  # built again for this search
    try:
        got = Scan(text).hits()
        ids = dict(LITERALS.ids)  # the registry as this scan read it
    finally:
        LITERALS._finder = None  # built again, with the automaton, by the next search
    assert got == _plain_hits(text, ids)


def test_scan_of_remembers_only_the_same_object() -> None:
    a = "Profil recherché : CDD de 6 mois"
    b = "".join(["Profil recherché : ", "CDD de 6 mois"])  # equal text, another object
    assert a == b and a is not b
    for t in (a, a, b, "", a, "", b, b, "x", a):
        s = scan_of(t)
        assert s.text is t
        assert s.low == fold(t)
    assert scan_of(scan_of(a)) is scan_of(a)
