"""The scoring rules of the spec, on hand-made predictions."""

import pytest

from jobsieve.evaluate import fold, matches, score_posting, summarize

CASES = [
    ("title", "Coordinateur Communication & Plaidoyer", "Coordinateur communication et plaidoyer", True),
    ("title", "Chef de partie", ["Sous-chef", "Chef de partie"], True),
    ("title", "Chef de partie", "Commis de cuisine", False),
    ("employer", "Médecins Sans Frontières", "Médecins sans Frontières France", True),
    ("employer", "Acme", "Globex", False),
    ("cities", ["Dunkerque", "Calais"], ["calais", "DUNKERQUE"], True),
    ("cities", ["Paris"], ["Paris", "Lyon"], False),
    ("salary_min", 3503.0, 3503.28, True),
    ("salary_min", 3400.0, 3503.28, False),
    ("apply_emails", ["Jobs@Example.org"], ["jobs@example.org"], True),
    ("start_asap", True, True, True),
]


@pytest.mark.parametrize("key,pred,gold,expected", CASES)
def test_matches(key, pred, gold, expected):
    assert matches(key, pred, gold) is expected


def test_fold():
    assert fold("Référent.e  MÉDICAL") == "referent e medical"


def test_counts_nulls_unscored_and_languages():
    gold = {"title": "Chef", "salary_min": None, "contract_type": "?", "cities": ["Lyon"],
            "languages": {"fr": {"level": None, "required": True}, "en": {"level": "B2", "required": False}}}
    pred = {"title": "Chef", "salary_min": None, "contract_type": "permanent", "cities": ["Paris"],
            "languages": {"fr": {"level": None, "required": True}, "de": {"level": None, "required": True}}}
    ps = score_posting(pred, gold, "x")
    assert "contract_type" not in ps.counts  # '?' is not scored
    assert ps.counts["salary_min"].correct == 1 and ps.counts["salary_min"].tp == 0
    c = ps.counts["cities"]
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    lang = ps.counts["languages"]
    assert (lang.tp, lang.fp, lang.fn) == (1, 1, 1)
    assert not ps.all_right
    s = summarize([ps])
    assert s["fields"]["title"]["f1"] == 1.0
    assert s["all_right"] == 0
