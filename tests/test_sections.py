"""Headings, sections and the board header, table-driven from ``tests/cases/sections.*.yaml``."""

from __future__ import annotations

import pytest

from jobsieve.sections import detect_header_end, detect_headings, detect_sections, heading_kind

import casefiles


def _check_line(row: dict, exp: dict) -> None:
    # The line between two paragraphs, as it would stand in a posting.
    text = f"Our team is small and friendly, and we work in a new building.\n\n{row['line']}\nMore text follows here."
    spans = detect_headings(text)
    kinds = {s.start: s.kind for s in detect_sections(text, spans)}
    start = text.index(row["line"])
    found = [s for s in spans if s[0] == start]
    if exp["kind"] is None:
        assert not found or kinds.get(start) is None and heading_kind(row["line"]) is None
        return
    assert found, f"{row['line']!r} is not a heading"
    assert text[found[0][0]:found[0][1]] == row["line"]
    assert kinds.get(start) == exp["kind"]


def _check_text(row: dict, exp: dict) -> None:
    text = row["text"]
    spans = detect_headings(text)
    sections = detect_sections(text, spans)
    kinds = {s.start: s.kind for s in sections}
    got = [[text[s:e], kinds.get(s)] for s, e in spans]
    if "headings" in exp:
        expected = [[h, k] for h, k in exp["headings"]]
        assert [g[0] for g in got] == [h for h, _ in expected]
        for (h, k), s in zip(expected, spans):
            assert text[s[0]:s[1]] == h
            # A heading of a known kind lies in a section of that kind (it may have merged
            # into the previous one); a heading of no kind starts no section.
            if k is None:
                assert s[0] not in kinds, f"{h!r} starts a {kinds.get(s[0])} section"
            else:
                assert [x.kind for x in sections if x.start <= s[0] < x.end] == [k], h
    if "sections" in exp:
        assert [s.kind for s in sections] == [k for k, _ in exp["sections"]]
        for s, (_, head) in zip(sections, exp["sections"]):
            assert text.startswith(head, s.start)
        for a, b in zip(sections, sections[1:]):
            assert a.end == b.start
    if "header" in exp:
        assert text[:detect_header_end(text, spans)] == exp["header"]


@pytest.mark.parametrize("case", casefiles.params("sections.*", inputs={"line", "text"},
                                                  expect={"kind", "headings", "sections", "header"}))
def test_sections(case):
    if "line" in case.row:
        _check_line(case.row, case.expect)
    else:
        _check_text(case.row, {} if case.negative else case.expect)
