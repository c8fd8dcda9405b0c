"""Shortcuts of cleaning, title and employer give what the plain regex gives."""

from __future__ import annotations

import re

import pytest

from jobsieve.clean import chrome
from jobsieve.clean.normalize import _MOJI, _has_moji, normalize_encoded, normalize_text
from jobsieve.doc import make_doc
from jobsieve.extract import employer, title

LINES = [
    "Apply now", "  • Save job", "Sign in to see more", "Se connecter", "Déjà inscrit ?",
    "DÉJÀ MEMBRE", "ſign in to apply", "İmprimer l'offre", "Kelvin job alert",
    "Applying is easy", "- Read more -", "___Share this job___", "Open", "Opening hours",
    "Créer un compte", "créez votre compte pour postuler", "1 Apply now", "", "x",
]


def _plain_kind(line: str) -> str | None:
    """The button and sign-in tests of anywhere_kind without any shortcut."""
    a = chrome._anywhere()
    if len(line) > chrome._MAX_BUTTON_LINE or not chrome._ALNUM.search(line):
        return None
    if a.button.fullmatch(line):
        return "button"
    return "signin" if a.signin.match(line) else None


@pytest.mark.parametrize("line", LINES)
def test_button_and_signin_openings(line: str) -> None:
    m = chrome._ALNUM.search(line)
    odd = any(c in line for c in chrome._CASE_ODD)
    got = chrome._button_or_signin(line, m.start(), odd) if m else None
    want = _plain_kind(line)
    if not odd:  # odd letters keep the first-letter tests of the plain code
        assert got == want
    assert chrome.anywhere_kind(line) == got


@pytest.mark.parametrize("text", ["", "a", "\n", "a\n\nbc\n", "\n\nx", "x\n", "one\ntwo  \n\n\nthree"])
def test_split_lines_spans(text: str) -> None:
    want = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    assert [tuple(x) for x in chrome.split_lines(text)] == want


@pytest.mark.parametrize("text, damaged", [
    ("Ã©tÃ© chargÃ©", True), ("prÃªt â€™", True), ("ï»¿BOM", True), ("Â\u00a0", True), ("Â ", False),
    ("tâches, maïs, Åland", False), ("Ã", False), ("", False),
])
def test_moji_detection(text: str, damaged: bool) -> None:
    assert _has_moji(text) is damaged
    assert _has_moji(text) == (_MOJI.search(text) is not None)


@pytest.mark.parametrize("text", ["Cafe\u0301 et the\u0301", "plain", "déjà", "x\u0300"])
def test_encoded_text_is_the_normalised_text(text: str) -> None:
    out, _, utf8 = normalize_encoded(text)
    assert out == normalize_text(text)[0]
    assert utf8 == out.encode("utf-8")


_PREP = re.compile(r"\b(?:in|at|near|from|of|à|a|en|dans|de|du|des|près de|pour)\s+$", re.I)


@pytest.mark.parametrize("left", [
    "A pub in ", "located near  ", "de", "Chez ", "près de ", "AU SEIN DE ", "Pour\t", "xin ",
    "la ", "", " ", "of\u00a0",
])
def test_preposition_before_a_name(left: str) -> None:
    assert employer._prep_before(left) == (_PREP.search(left) is not None)


@pytest.mark.parametrize("text", [
    "• Poste — Paris 😀", "岗位职责：负责", "• " * 80 + "中", "• " * 80, "plain? text?", "",
])
def test_han_detection(text: str) -> None:
    assert title._has_han(make_doc(text, "en")) == (title._HAN.search(text) is not None)
