"""The one-pass line-opening prefilter (clean/openings.py) against the plain line-by-line test."""

from __future__ import annotations

import re

import pytest

from jobsieve.clean.openings import cased, line_openings, opening_regex, opening_rows

OPENINGS = ["apply", "postuler", "read more", "sign in", "été", "straße", "kelvin"]
SKIP = r"[\W_]"

PAGES = {
    "plain": "Apply now\nWe hire cooks.\nPostuler en ligne\nread more about us",
    "bullets": "  • Apply here\n- - READ MORE\n*** sign in ***\n→ Sign In to save",
    "accents": "ÉTÉ 2026 : stage\nété\nÉté comme hiver\nL'été arrive",
    "odd_letters": "STRASSE is not straße\nSTRAßE Nord\n\u212aelvin scale\nKELVIN units",
    "blank_and_symbols": "\n\n***\n\n   apply\n---\n\nnothing here\n ! postuler\n",
    "mid_line_only": "You can apply now\nOn peut postuler ici\nplease read more",
    "nbsp_and_tabs": "\u00a0\tApply\u00a0now\n\t\tpostuler",
    "first_line": "sign in to apply",
}


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _plain(lines: list[tuple[int, int, str]], lo: int, hi: int) -> list[int]:
    skip = re.compile(SKIP + "*")
    return [i for i in range(lo, hi)
            if any(lines[i][2][skip.match(lines[i][2]).end():].lower().startswith(w) for w in OPENINGS)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_rows_match_the_plain_test(name: str) -> None:
    text = PAGES[name]
    lines = _lines(text)
    finder = line_openings(OPENINGS, SKIP)
    assert finder is not None
    for lo in range(len(lines) + 1):
        for hi in range(lo, len(lines) + 1):
            assert opening_rows(text, lines, lo, hi, finder) == _plain(lines, lo, hi), (lo, hi)


@pytest.mark.parametrize("word, text, found", [
    ("apply", "APPLY", True), ("apply", "aPpLy", True), ("apply", "appl", False),
    ("été", "ÉTÉ", True), ("été", "ete", False), ("kelvin", "\u212aELVIN", True),
    ("read more", "Read More", True), ("read more", "readmore", False),
])
def test_opening_regex_reads_any_case(word: str, text: str, found: bool) -> None:
    assert bool(re.match(opening_regex([word]), text)) is found


def test_no_finder_when_an_opening_starts_inside_the_skipped_class() -> None:
    assert line_openings(["-apply"], SKIP) is None
    assert line_openings([], SKIP) is None


@pytest.mark.parametrize("ch", ["a", "é", "k", "ß", "ω"])
def test_cased_letters_lower_to_the_letter(ch: str) -> None:
    assert all(c.lower() == ch for c in cased(ch))
