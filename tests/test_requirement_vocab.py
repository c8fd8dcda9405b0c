"""The vocabularies of experience, education, languages and apply: parity, validity, speed.

Every file exists in both languages with the same labels, every form compiles, every
canonical label has a test case, and every form can be found through the shared literal
search (a form without a literal start would be scanned at every character).
"""

from __future__ import annotations

import re

import pytest
import yaml

from jobsieve import vocab
from jobsieve.extract import apply, education, experience, languages, qualifiers
from jobsieve.extract.numbers import parse_number

from conftest import CASES

FILES = ("experience", "education", "languages", "apply", "numbers", "qualifiers")


def _forms(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _forms(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _forms(v)


@pytest.mark.parametrize("name", FILES)
def test_same_labels_in_both_languages(name):
    fr, en = vocab.load("fr", name), vocab.load("en", name)
    assert fr and en, f"vocab/{{fr,en}}/{name}.yaml missing or empty"
    assert set(fr) == set(en)


@pytest.mark.parametrize("name", FILES)
def test_every_form_compiles(name):
    for lang in vocab.LANGS:
        for form in _forms(vocab.load(lang, name)):
            re.compile(form, re.I)


def test_document_labels_match_and_have_cases():
    fr = set(vocab.load("fr", "apply")["documents"])
    en = set(vocab.load("en", "apply")["documents"])
    assert fr == en
    used = set()
    for lang in vocab.LANGS:
        for row in yaml.safe_load((CASES / f"apply.{lang}.yaml").read_text(encoding="utf-8")):
            used |= set(row.get("documents", []))
    assert not fr - used, f"document labels without a case: {sorted(fr - used)}"


def test_every_level_has_a_case():
    levels = set()
    for lang in vocab.LANGS:
        for row in yaml.safe_load((CASES / f"education.{lang}.yaml").read_text(encoding="utf-8")):
            levels.add(row["level"])
    assert {3, 4, 5, 6, 7, 8} <= levels


def test_number_words():
    for lang in vocab.LANGS:
        for value, forms in vocab.load(lang, "numbers").items():
            for form in forms:
                word = form.replace("[ée]", "é").replace("?", "").replace("\\b", "")
                if re.fullmatch(r"[a-zé]+", word):
                    assert parse_number(word) == float(value), (lang, form)


def _finders():
    yield "experience.units", experience._units()[0]
    yield "experience.keywords", experience._keywords()
    yield "qualifiers", qualifiers._finder()[0]
    for key, (finder, _) in education._finders().items():
        yield f"education.{key}", finder
    for key, (finder, _) in languages._finders().items():
        yield f"languages.{key}", finder
    for key, (finder, _) in apply._finders().items():
        yield f"apply.{key}", finder


@pytest.mark.parametrize("name,finder", list(_finders()), ids=[n for n, _ in _finders()])
def test_forms_start_with_a_literal(name, finder):
    slow = [finder.regexes[i].pattern for i in finder.slow]
    assert not slow, f"{name}: forms scanned at every character: {slow}"
