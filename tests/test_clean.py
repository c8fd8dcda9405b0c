"""Cleaning, table-driven from ``tests/cases/clean.*.yaml`` (one case per row).

Normalisation rows give the exact output and pieces whose source span must slice back to
the input; chrome and related rows list the lines that must go (each removal's span must
slice to its line) and the text that must stay. The shared postings are checked too: the
title and employer lines of every gold posting survive cleaning.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from jobsieve.clean import clean_text
from jobsieve.clean.maps import compose
from jobsieve.clean.normalize import normalize_text
from jobsieve.readers import read_path
from jobsieve.textmap import TextBuilder

import casefiles
from conftest import shared_path

# Characters normalisation may put in place of another one (same length, exact map).
SWAPS = {
    **{c: " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
    "\r": "\n",
}
# A lost character (U+FFFD) may come back as an apostrophe or a dash.
RESTORED = {("\ufffd", "'"), ("\ufffd", "-")}


def check_exact_map(src: str, out: str, offsets) -> None:
    """Every character copied one for one maps back to the same (or swapped) character."""
    for i, d in enumerate(offsets.dst):
        if offsets.length[i] != offsets.src_length[i]:
            continue
        for k in range(offsets.length[i]):
            a, b = out[d + k], src[offsets.src[i] + k]
            assert a == b or SWAPS.get(b) == a or (b, a) in RESTORED, f"output {d + k} {a!r} maps to {b!r}"


@pytest.mark.parametrize("case", casefiles.params("clean.normalize", expect={"text", "map"}))
def test_normalize(case):
    src = case["text"]
    out, offsets = normalize_text(src)
    assert out == case.expect["text"]
    check_exact_map(src, out, offsets)
    for piece, source in case.expect.get("map", []):
        i = out.index(piece)
        s, e = offsets.span_to_source((i, i + len(piece)))
        assert src[s:e] == source


CLEAN_EXPECT = {"dropped", "kept", "related", "related_titles", "related_employers"}


@pytest.mark.parametrize("case", casefiles.params(["clean.en", "clean.fr"], expect=CLEAN_EXPECT))
def test_clean(case):
    src, exp = case["text"], ({} if case.negative else case.expect)
    cleaned = clean_text(src)
    got = [(src[r.span[0]:r.span[1]], r.rule) for r in cleaned.removed]
    for line, rule in exp.get("dropped", []):
        assert (line, rule) in got, f"{line!r} not dropped by {rule}; removed: {got}"
        assert line.strip() not in cleaned.text
    if exp.get("dropped") == []:
        assert got == [], f"nothing should be dropped, got {got}"
    for piece in exp.get("kept", []):
        assert piece in cleaned.text, f"{piece!r} missing from:\n{cleaned.text}"
    if "related" in exp:
        assert len(cleaned.related) == exp["related"], cleaned.related
    if "related_titles" in exp:
        assert [r.title for r in cleaned.related] == exp["related_titles"]
    if "related_employers" in exp:
        assert [r.employer for r in cleaned.related] == exp["related_employers"]
    # The cleaned text maps back: every kept line is found at its source place.
    for line in cleaned.text.split("\n"):
        if line.strip():
            i = cleaned.text.index(line)
            s, e = cleaned.offsets.span_to_source((i, i + len(line)))
            assert src[s:e].strip() == line.strip()
    assert "\n\n\n" not in cleaned.text and cleaned.text == cleaned.text.strip()


def test_hint_in_dropped_chrome_has_no_place():
    src = "Plongeur (H/F)\nLe restaurant cherche un plongeur.\nPartager l'offre"
    cleaned = clean_text(src)
    start = src.index("Partager")
    assert cleaned.offsets.span_from_source((start, start + 8)) is None
    kept = src.index("restaurant")
    span = cleaned.offsets.span_from_source((kept, kept + 10))
    assert cleaned.text[span[0]:span[1]] == "restaurant"


def test_compose_maps_is_one_step():
    src = "a\u00a0\u00a0b  c\nDROP\nd"
    mid, inner = normalize_text(src)
    b = TextBuilder()
    b.copy(mid, 0, mid.index("\nDROP"))
    b.copy(mid, mid.index("\nd"), len(mid))
    out, outer = b.build()
    m = compose(outer, inner)
    assert out == "a b c\nd"
    assert src[m.to_source(out.index("d"))] == "d"
    assert src[m.to_source(out.index("c"))] == "c"
    assert m.from_source(src.index("DROP")) is None
    assert m.span_from_source((src.index("d"), src.index("d") + 1)) == (out.index("d"), out.index("d") + 1)


def test_odd_input_never_raises():
    for text in ["", "\n\n\n", "?", "\ufffd\ufffd", "   ", "•\n#\n", "Ã", "a" * 5000, "\r\r\n\r"]:
        cleaned = clean_text(text)
        assert isinstance(cleaned.text, str)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in s if not unicodedata.combining(c))).strip()


def _gold_rows():
    for parts in (("examples", "seeds.gold.jsonl"), ("corpus", "dev.gold.jsonl")):
        path = shared_path(*parts)
        for line in path.read_text(encoding="utf-8").splitlines():
            yield path.parent, json.loads(line)


def test_shared_postings_keep_title_and_employer_and_related_count():
    problems = []
    for base, gold in _gold_rows():
        doc = read_path(base / gold["file"])[0]
        cleaned = clean_text(doc.text)
        if len(cleaned.related) != gold["related_count"]:
            problems.append(f"{gold['file']}: {len(cleaned.related)} related jobs, gold {gold['related_count']}")
        titles = gold["title"] if isinstance(gold["title"], list) else [gold["title"]]
        for value in [*titles, gold["employer"]]:
            if value and value != "?" and _fold(value) in _fold(doc.text) and _fold(value) not in _fold(cleaned.text):
                problems.append(f"{gold['file']}: {value!r} lost in cleaning")
    assert not problems, "\n".join(problems)
