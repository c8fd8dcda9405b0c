"""The date reader, and the dates resolver rules that one row of the case table cannot show.
The rows are in tests/cases/dates.*.yaml."""

from __future__ import annotations

from datetime import date

import pytest

from jobsieve.extract.datetext import find_dates, month_names, numeric_order

from casefiles import run


@pytest.mark.parametrize("a, b, lang, want", [
    (2, 16, "en", (16, 2)),   # only month-first is valid
    (16, 2, "en", (16, 2)),   # only day-first is valid
    (3, 4, "fr", (3, 4)),     # ambiguous: French reads day first
    (3, 4, "en", (4, 3)),     # ambiguous: English reads month first
    (13, 14, "fr", None),
])
def test_numeric_order(a, b, lang, want):
    assert numeric_order(a, b, lang) == want


def test_month_names_come_from_dateparser_in_both_languages():
    names = month_names()
    assert names["février"] == names["fevrier"] == names["february"] == 2
    assert names["août"] == names["aout"] == names["august"] == 8


@pytest.mark.parametrize("text", ["2024-13-45", "31/02/2025", "99/99/9999", "le 0 mars 2025"])
def test_invalid_dates_are_not_dates(text):
    assert all(f.iso is None or f.precision == "partial" for f in find_dates(text, "fr"))


def test_found_spans_slice_to_their_text():
    text = "Publié le 3 mars 2025 · Start: May 2025 · posted 4 days ago · 12/05/2025"
    for f in find_dates(text, "en", date(2025, 3, 10)):
        assert text[f.start:f.end] == f.text


def test_start_date_wins_over_asap():
    rec, trace = run("dates", "Démarrage : dès que possible\nDate de début : 01/09/2025", "fr")
    assert rec.dates.start == "2025-09-01" and rec.dates.start_asap is False
    assert any("start date" in r.reason for r in trace.rejected)


@pytest.mark.parametrize("text, lang, today, want", [
    ("publiée il y a 1 mois", "fr", date(2025, 3, 31), "2025-02-28"),
    ("publiée il y a un mois", "fr", date(2024, 3, 31), "2024-02-29"),
    ("posted 2 months ago", "en", date(2025, 1, 15), "2024-11-15"),
    ("posted 3 weeks ago", "en", date(2025, 1, 15), "2024-12-25"),
    ("publiée il y a 2 jours", "fr", date(2025, 3, 1), "2025-02-27"),
])
def test_relative_dates_count_calendar_months(text, lang, today, want):
    found = [f.iso for f in find_dates(text, lang, today) if f.iso]
    assert found == [want]
