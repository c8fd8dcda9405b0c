"""How many years after the baccalauréat make which EQF level. The rows of the field are in
tests/cases/education.*.yaml."""

from __future__ import annotations

import pytest

from jobsieve.extract.education import bac_plus_level


@pytest.mark.parametrize("years,level", [(0, 4), (1, 4), (2, 5), (3, 6), (4, 6), (5, 7), (6, 7), (8, 8)])
def test_bac_plus_level(years, level):
    assert bac_plus_level(years) == level
