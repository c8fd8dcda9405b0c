"""Working time and weekly hours: the case tables and the vocabulary checks."""

from __future__ import annotations

import pytest

from jobsieve.extract import working_time

from field_cases import all_rows, check, check_vocab, rows, run


@pytest.mark.parametrize("row", rows("working_time", "fr"))
def test_working_time_fr(row):
    check(working_time, "working_time", row, "fr")


@pytest.mark.parametrize("row", rows("working_time", "en"))
def test_working_time_en(row):
    check(working_time, "working_time", row, "en")


def test_vocabulary():
    seen = {str(r["expect"].get("working_time.type")) for r in all_rows("working_time")
            if not r.get("xfail")}
    check_vocab("working_time", ("types",), ("types",), seen)


def test_hours_alone_do_not_say_full_time():
    rec, _ = run(working_time, "working_time", "Durée du travail : 39H", "fr")
    assert rec.working_time.hours_per_week == 39
    assert rec.working_time.type is None


def test_odd_content_gives_nothing():
    for text in ("", "h", "99h/semaine", "1234567890 heures", "💡" * 20):
        rec, _ = run(working_time, "working_time", text, "fr")
        assert rec.working_time.hours_per_week is None
