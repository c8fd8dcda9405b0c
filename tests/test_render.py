"""The short texts the `--table` view and the web UI show for a record's fields."""

from __future__ import annotations

import pytest

from jobsieve import render
from jobsieve.model import Record


def _record(**salary) -> Record:
    rec = Record()
    for k, v in salary.items():
        setattr(rec.salary, k, v)
    return rec


@pytest.mark.parametrize("salary, annual, want", [
    ({}, False, ""),
    ({}, True, ""),
    ({"min": 12.6, "max": 12.6, "currency": "GBP", "period": "hour"}, False, "12.60 GBP/h"),
    # An hourly rate has no annual figure: nothing, not "up to GBP/yr".
    ({"min": 12.6, "max": 12.6, "currency": "GBP", "period": "hour"}, True, ""),
    ({"min": 3000, "max": 3400, "currency": "EUR", "period": "month", "payments_per_year": 13,
      "annual_min": 39000, "annual_max": 44200}, True, "39,000–44,200 EUR/yr"),
    ({"max": 50000, "currency": "EUR", "period": "year", "annual_max": 50000}, True, "up to 50,000 EUR/yr"),
    ({"min": 40000, "currency": "USD", "period": "year", "annual_min": 40000}, True, "from 40,000 USD/yr"),
])
def test_salary_text(salary, annual, want):
    assert render.salary_text(_record(**salary), annual=annual) == want
