"""Remote-work policy and day counts: the case tables and the vocabulary checks."""

from __future__ import annotations

import pytest

from jobsieve.extract import remote

from field_cases import all_rows, check, check_vocab, rows, run


@pytest.mark.parametrize("row", rows("remote", "fr"))
def test_remote_fr(row):
    check(remote, "remote", row, "fr")


@pytest.mark.parametrize("row", rows("remote", "en"))
def test_remote_en(row):
    check(remote, "remote", row, "en")


def test_vocabulary():
    seen = {str(r["expect"].get("remote.policy")) for r in all_rows("remote") if not r.get("xfail")}
    check_vocab("remote", ("policies",), ("policies", "day_words"), seen)


def test_day_count_makes_hybrid_over_remote_word():
    rec, trace = run(remote, "remote", "Remote-first team. Remote working 2 days/week.", "en")
    assert rec.remote.policy == "hybrid"
    assert any(r.candidate.value == "remote" for r in trace.rejected)


def test_odd_content_gives_nothing():
    for text in ("", "télétravail " * 40, "99 jours de télétravail par semaine", "💡" * 20):
        rec, _ = run(remote, "remote", text, "fr")
        assert rec.remote.days_per_week is None
