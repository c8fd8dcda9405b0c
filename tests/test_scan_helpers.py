"""Shortcuts of the field extractors must find exactly what the plain regex searches find.

Each sentence is repeated into a text longer than the threshold under which the plain
search is used, so that the shortcut itself runs.
"""

from __future__ import annotations

import re

import pytest

from jobsieve.extract import context as cx
from jobsieve.extract import datetext, experience, working_time
from jobsieve.extract.money import _scan_regex
from jobsieve.match import fold, lexicon

SENTENCES = [
    "Salaire : 32 000 à 38 000 € brut/an, 13e mois, 35h par semaine.",
    "Pay: $50-$55k per year; 40 hours/week, 9am-5pm. Ref 2024-00871.",
    "Du 02/12 au 20/12/2024 puis CDI; prime de 1.500,00 EUR (x12).",
    "Tickets restaurant 9,50€ pris en charge à 60 %, télétravail 2j/sem.",
    "v1.2.3 build 20240105, tel 01 23 45 67 89, 3.503.28€ net mensuel",
    "Start: 1 March 2025 - 3 ans d'expérience, 5+ years, 12:30 -> 14h30",
    "0", "12345 678 9", "€3,627 and USD 4 000", "2019/24 1999 20/03/24 3/11/2023",
]


def _long(sentence: str) -> str:
    return "\n".join([sentence] * (2 * cx._SHORT // max(1, len(sentence)) + 2))


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("sentence", SENTENCES, ids=range(len(SENTENCES)))
def test_finditer_digits_is_finditer(sentence):
    text = _long(sentence)
    assert len(text) >= cx._SHORT
    low = fold(text)
    cases = [
        (_scan_regex(None), text, False), (_scan_regex(lexicon("salary", "period", "gross", "net")), text, False),
        (working_time._patterns()["hours"], text, False), (datetext._YEAR, low, True),
    ]
    for rx, hay, inner in cases:
        assert _spans(cx.finditer_digits(rx, text, inner=inner, hay=hay)) == _spans(rx.finditer(hay))


@pytest.mark.parametrize("sentence", SENTENCES, ids=range(len(SENTENCES)))
def test_digit_runs(sentence):
    text = _long(sentence)
    assert cx.digit_runs(text) == [m.span() for m in re.finditer(r"[0-9]+", text)]


def _plain_ending_at(pat, text, end, window):
    for k in experience._STARTS.finditer(text, max(0, end - window), end):
        m = pat.fullmatch(text, k.start(), end)
        if m:
            return m
    return None


@pytest.mark.parametrize("sentence", [
    "Au moins 3 à 5 ans d'expérience", "at least eight (8) years", "requisPlus de 3 ans",
    "field3-6 years of work", "minimum 2 - 3 years", "jusqu'à 10 ans", "no number here",
], ids=range(7))
def test_ending_at_is_plain_loop(sentence):
    p = experience._patterns()
    for name, window in (("amount", 32), ("pre", 30), ("not_before", 40), ("label_end", 15)):
        for end in range(len(sentence) + 1):
            a = _plain_ending_at(p[name], sentence, end, window)
            b = experience._ending_at(p[name], sentence, end, window)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (name, end)
