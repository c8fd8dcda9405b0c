"""Headings, sections and the board header, table-driven from ``tests/cases/sections.*.yaml``."""

from __future__ import annotations

import pytest
import yaml

from jobsieve.sections import detect_header_end, detect_headings, detect_sections, heading_kind

from conftest import CASES


def _rows(lang: str, with_text: bool) -> list:
    rows = yaml.safe_load((CASES / f"sections.{lang}.yaml").read_text(encoding="utf-8"))
    out = []
    for r in rows:
        if ("text" in r) != with_text:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=r["xfail"])] if r.get("xfail") else []
        out.append(pytest.param(r, id=r["id"], marks=marks))
    return out


def _check_line(row):
    # The line between two paragraphs, as it would stand in a posting.
    text = f"Our team is small and friendly, and we work in a new building.\n\n{row['line']}\nMore text follows here."
    spans = detect_headings(text)
    kinds = {s.start: s.kind for s in detect_sections(text, spans)}
    start = text.index(row["line"])
    found = [s for s in spans if s[0] == start]
    if row["kind"] is None:
        assert not found or kinds.get(start) is None and heading_kind(row["line"]) is None
        return
    assert found, f"{row['line']!r} is not a heading"
    assert text[found[0][0]:found[0][1]] == row["line"]
    assert kinds.get(start) == row["kind"]


def _check_text(row):
    text = row["text"]
    spans = detect_headings(text)
    sections = detect_sections(text, spans)
    kinds = {s.start: s.kind for s in sections}
    got = [[text[s:e], kinds.get(s)] for s, e in spans]
    if "headings" in row:
        expected = [[h, k] for h, k in row["headings"]]
        assert [g[0] for g in got] == [h for h, _ in expected]
        for (h, k), s in zip(expected, spans):
            assert text[s[0]:s[1]] == h
            # A heading of a known kind lies in a section of that kind (it may have merged
            # into the previous one); a heading of no kind starts no section.
            if k is None:
                assert s[0] not in kinds, f"{h!r} starts a {kinds.get(s[0])} section"
            else:
                assert [x.kind for x in sections if x.start <= s[0] < x.end] == [k], h
    if "sections" in row:
        assert [s.kind for s in sections] == [k for k, _ in row["sections"]]
        for s, (_, head) in zip(sections, row["sections"]):
            assert text.startswith(head, s.start)
        for a, b in zip(sections, sections[1:]):
            assert a.end == b.start
    if "header" in row:
        assert text[:detect_header_end(text, spans)] == row["header"]


@pytest.mark.parametrize("row", _rows("fr", False))
def test_heading_line_fr(row):
    _check_line(row)


@pytest.mark.parametrize("row", _rows("en", False))
def test_heading_line_en(row):
    _check_line(row)


@pytest.mark.parametrize("row", _rows("fr", True))
def test_posting_fr(row):
    _check_text(row)


@pytest.mark.parametrize("row", _rows("en", True))
def test_posting_en(row):
    _check_text(row)


def test_section_vocab_labels_match_in_both_languages():
    from jobsieve import vocab

    assert set(vocab.load("fr", "sections")) == set(vocab.load("en", "sections"))
    assert set(vocab.load("fr", "chrome")) == set(vocab.load("en", "chrome"))
    assert set(vocab.load("fr", "related")) == set(vocab.load("en", "related"))
