"""The date finder's shortcuts must find exactly what the plain regex searches find."""

from __future__ import annotations

import pytest

from jobsieve.extract import datetext
from jobsieve.match import fold

SENTENCES = [
    "Publié le 04/03/2025, début en avril 2025 ; réf. 2025-118, tél. 06 12 34 56 78.",
    "Closing date 9/15/25 (or 09/15/2025); founded 1998; 12/2024/7 and 3/45/123.",
    "Du 1/02 au 28/02/26 puis 2030 ou 21999 ou 1850 ; 20/03/24/ et 5/06/",
    "19/", "2024", "a1/22", "7/12", "0019 1900/12/31",
]


@pytest.mark.parametrize("sentence", SENTENCES, ids=range(len(SENTENCES)))
@pytest.mark.parametrize("repeat", [1, 200], ids=["short", "long"])
def test_years_are_the_year_pattern(sentence: str, repeat: int) -> None:
    text = "\n".join([sentence] * repeat)
    low = fold(text)
    assert datetext._years(text, low) == [m.span() for m in datetext._YEAR.finditer(low)]
