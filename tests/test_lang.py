"""Language detection, table-driven from ``tests/cases/language.yaml``, and on the shared sets."""

from __future__ import annotations

import json

import pytest

from jobsieve.clean import clean_text
from jobsieve.lang import detect_language, stopword_language
from jobsieve.readers import read_path

import casefiles
from conftest import shared_path


@pytest.mark.parametrize("case", casefiles.params("language", expect={"language"}))
def test_language(case):
    assert detect_language(case["text"]) == case.expect["language"]


@pytest.mark.parametrize("text, lang", [
    ("Is it the right time to change jobs?", "en"),
    ("Est-ce le bon moment pour changer de métier ?", "fr"),
    ("Data Engineer", None),
])
def test_stopword_language(text, lang):
    assert stopword_language(text, min_words=2) == lang


def test_function_words_are_distinct():
    from jobsieve import vocab

    fr = set(vocab.load("fr", "lang")["function_words"])
    en = set(vocab.load("en", "lang")["function_words"])
    assert len(fr) >= 20 and len(en) >= 20 and not fr & en


def test_shared_postings_language():
    wrong = []
    for parts in (("examples", "seeds.gold.jsonl"), ("corpus", "dev.gold.jsonl")):
        path = shared_path(*parts)
        for line in path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            doc = read_path(path.parent / gold["file"])[0]
            got = detect_language(clean_text(doc.text).text)
            if got != gold["language"]:
                wrong.append(f"{gold['file']}: {got} (gold {gold['language']})")
    assert not wrong, "\n".join(wrong)
