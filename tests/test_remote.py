"""Remote-work resolver rules that one row of the case table cannot show (the rejected
candidates). The rows are in tests/cases/remote.*.yaml."""

from __future__ import annotations

from casefiles import run


def test_day_count_makes_hybrid_over_remote_word():
    rec, trace = run("remote", "Remote-first team. Remote working 2 days/week.", "en")
    assert rec.remote.policy == "hybrid"
    assert any(r.candidate.value == "remote" for r in trace.rejected)
