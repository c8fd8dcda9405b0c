"""Every field case table (tests/cases/<field>.<lang>.yaml, one pytest case per row), and
every field on odd content."""

from __future__ import annotations

import pytest

import casefiles

# Inputs no posting should contain but a crawler may hand over: no extractor may raise,
# and every candidate's span must still slice to its text.
ODD = [
    "", "\n\n\n", "h", "???", "(H/F)", "Lieu :\n:\n::", "💡" * 20, "\x00\ufffd 3,5,6,7 €",
    "a" * 5000, "K" * 5000, "1" * 3000 + " €", "€€€ $$$ 12 345 678 9", "mutuelle (((( 100 % ",
    "RTT RTT RTT " * 500, "contrat " * 50, "télétravail " * 40, "1234567890 heures",
]
# Inputs without a word or a number: every field must find nothing.
EMPTY = ["", "\n\n\n", "???", "💡" * 20, ":\n::\n- -"]


@pytest.mark.parametrize("case", casefiles.params(casefiles.field_files(), inputs=casefiles.FIELD_KEYS))
def test_field_case(case):
    casefiles.check_field(case)


@pytest.mark.parametrize("field", sorted(casefiles.SPECS))
def test_odd_content_never_raises(field):
    spec = casefiles.SPECS[field]
    for lang in ("fr", "en"):
        for text in ODD:
            _, _, cands = casefiles.run_field(spec, text, lang)
            for c in cands:
                assert text[c.span[0]:c.span[1]] == c.text, (lang, text[:20], c)


@pytest.mark.parametrize("field", sorted(casefiles.SPECS))
def test_no_words_give_nothing(field):
    for lang in ("fr", "en"):
        for text in EMPTY:
            casefiles.check_field(casefiles.Case(f"{field}.{lang}", {"id": "empty", "text": text, "expect": "none"}))


@pytest.mark.parametrize("field", sorted(casefiles.SPECS))
def test_every_field_has_a_table_per_language_with_both_kinds_of_rows(field):
    for lang in ("fr", "en"):
        assert (casefiles.CASES / f"{field}.{lang}.yaml").is_file(), f"no cases/{field}.{lang}.yaml"
        rows = casefiles.load(f"{field}.{lang}", casefiles.FIELD_KEYS)
        assert any(c.negative for c in rows), f"{field}.{lang}: no negative row"
        assert any(not c.negative for c in rows), f"{field}.{lang}: no positive row"
