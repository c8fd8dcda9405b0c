"""Every vocabulary file (src/jobsieve/vocab/<lang>/<name>.yaml), checked as data.

- the same files, sections and labels in every language (in the same order);
- every form compiles, and every form holds a literal that each of its matches contains
  (matchers search for that literal instead of trying the regex at every position);
- every label is used by at least one case row of the tables that exercise it, and every
  canonical label of a record field is some row's expected value.
"""

from __future__ import annotations

import re
import re._constants as C  # the stdlib's regex parser: a form's structure, not its matches
import re._parser as P
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import pytest
import yaml

from jobsieve import vocab
from jobsieve.extract.numbers import parse_number

from casefiles import CASES

VOCAB = resources.files("jobsieve") / "vocab"
NAMES = sorted({p.name[:-5] for lang in vocab.LANGS for p in (VOCAB / lang).iterdir() if p.name.endswith(".yaml")})

# Sections whose keys are the words of one language, not shared labels.
LANGUAGE_SPECIFIC = {
    ("dates", "number_words"): "keys are the number words themselves",
    ("dates", "relative_words"): "a day offset has a one-word name in some languages only",
    ("languages", "aliases"): "names a language lacks in the name list differ by language",
    ("languages", "adjectives"): "only some languages name a language with an adjective",
    ("languages", "exams"): "certificates are named where they are taken",
}
# The case tables that exercise a vocabulary, when they are not named after it.
CASE_FILES = {
    "apply_link": ["readers.*"],
    "chrome": ["clean.*"],
    "related": ["clean.*"],
    "lang": ["language"],
    "numbers": ["experience.*", "education.*", "languages.*", "dates.*"],
    "qualifiers": ["experience.*", "education.*", "languages.*"],
    "salary": ["salary.*", "money"],
}
# Labels with no case row, and why that is right.
NO_CASE = {
    "numbers": "every number word is read back to its value by test_number_words",
    "dedup": "word lists of the duplicate finder, exercised by its own tests",
}
# Sections whose labels are values of a record field: each must be some row's expectation.
# (vocab, section or "" for the top level) -> the value a row writes for a label (None: not a value).
RECORD_LABELS = {
    ("contract", "types"): lambda label: label,
    ("working_time", "types"): lambda label: label,
    ("remote", "policies"): lambda label: label,
    ("apply", "documents"): lambda label: label,
    # "until" is a cue whose role (deadline or end) the sentence decides.
    ("dates", "cues"): lambda label: None if label == "until" else f"dates.{label}",
    ("education", ""): lambda label: int(label[3:]) if re.fullmatch(r"eqf\d", label) else None,
    ("benefits", ""): lambda label: label.partition(".")[2] if label.startswith("kind.") else None,
    ("sections", ""): lambda label: label,
}


def forms(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str, int]]:
    """Each form of a vocabulary: the labels above it, its pattern and regex flags."""
    if isinstance(node, str):
        yield path, node, re.I
    elif isinstance(node, list):
        for item in node:
            yield from forms(item, path)
    elif isinstance(node, dict) and isinstance(node.get("re"), str):
        yield path, node["re"], 0 if node.get("cased") else re.I
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from forms(value, (*path, str(key)))


def required_literals(pattern: str, flags: int = re.I) -> set[str] | None:
    """Literal strings one of which every match of ``pattern`` contains (None: no such set).

    >>> sorted(required_literals(r"(?:un|le) stage")), required_literals(r"\\d+")
    ([' stage'], None)
    """
    return _sequence(list(P.parse(pattern, flags)))


def _sequence(items: list) -> set[str] | None:
    found, run = [], ""
    for op, arg in items:
        if op is C.LITERAL:
            run += chr(arg)
            continue
        if run:
            found.append({run})
            run = ""
        one = _element(op, arg)
        if one:
            found.append(one)
    if run:
        found.append({run})
    # The most selective set: its shortest literal is the longest.
    return max(found, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _element(op, arg) -> set[str] | None:
    if op is C.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is C.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            one = _sequence(list(branch))
            if not one:
                return None
            out |= one
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if op is C.IN and all(o is C.LITERAL for o, _ in arg) and len(arg) <= 4:
        return {chr(a) for _, a in arg}
    return None


def _inputs(node: Any, out: list[str]) -> list[str]:
    """Every string a case row feeds in (not its expectations)."""
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for item in node:
            _inputs(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "expect", "evidence", "xfail", "warning"):
                _inputs(value, out)
    return out


@lru_cache(maxsize=None)
def _case_texts(name: str) -> list[str]:
    out: list[str] = []
    for pattern in CASE_FILES.get(name, [f"{name}.*"]):
        for path in sorted(CASES.glob(f"{pattern}.yaml")):
            _inputs(yaml.safe_load(path.read_text(encoding="utf-8")), out)
    return out


@lru_cache(maxsize=1)
def _expected_tokens() -> set[Any]:
    """Every value and every record path a field or stage row expects."""
    out: set[Any] = set()

    def walk(node: Any, path: str = "") -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                sub = f"{path}.{key}" if path else str(key)
                out.add(sub)
                walk(value, sub)
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        else:
            out.add(node)

    for path in CASES.glob("*.yaml"):
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("expect"), dict):
                walk(row["expect"])
    return out


def test_same_files_in_every_language():
    for lang in vocab.LANGS:
        have = {p.name[:-5] for p in (VOCAB / lang).iterdir() if p.name.endswith(".yaml")}
        assert have == set(NAMES), f"vocab/{lang}: missing {sorted(set(NAMES) - have)}"


def _parity(name: str, a: Any, b: Any, path: tuple[str, ...], other: str) -> list[str]:
    if not isinstance(a, dict) or not isinstance(b, dict) or (name, *path) in LANGUAGE_SPECIFIC:
        return [] if isinstance(a, dict) == isinstance(b, dict) else [f"{'.'.join(path)}: shape differs"]
    out = []
    if list(a) != list(b):
        out.append(f"{'.'.join(path) or '(top)'}: labels {list(a)} in {vocab.LANGS[0]}, {list(b)} in {other}")
    for key in a.keys() & b.keys():
        out += _parity(name, a[key], b[key], (*path, str(key)), other)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_label_parity(name):
    first, *others = vocab.LANGS
    problems = [p for lang in others
                for p in _parity(name, vocab.load(first, name), vocab.load(lang, name), (), lang)]
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_forms_compile_and_hold_a_literal(name):
    problems = []
    for lang in vocab.LANGS:
        for path, form, flags in forms(vocab.load(lang, name)):
            try:
                re.compile(form, flags)
            except re.error as e:
                problems.append(f"{lang}/{'.'.join(path)}: {form!r} does not compile: {e}")
                continue
            if not required_literals(form, flags):
                problems.append(f"{lang}/{'.'.join(path)}: {form!r} has no literal every match contains")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", [n for n in NAMES if n not in NO_CASE])
def test_every_label_has_a_case(name):
    texts = _case_texts(name)
    labels: dict[tuple[str, ...], list[re.Pattern[str]]] = {}
    for lang in vocab.LANGS:
        for path, form, flags in forms(vocab.load(lang, name)):
            labels.setdefault(path, []).append(re.compile(form, flags))
    missing = [".".join(path) or "(top)" for path, patterns in labels.items()
               if not any(p.search(t) for p in patterns for t in texts)]
    assert not missing, f"{name}: no case sentence uses {missing}"


@pytest.mark.parametrize("name, section", sorted(RECORD_LABELS))
def test_record_labels_are_expected_by_a_case(name, section):
    expected = _expected_tokens()
    value = RECORD_LABELS[name, section]
    node = vocab.load(vocab.LANGS[0], name)
    for part in filter(None, section.split(".")):
        node = node[part]
    missing = [label for label in node if value(label) is not None and value(label) not in expected]
    assert not missing, f"{name}.{section or '(top)'}: no case row expects {missing}"


def test_number_words():
    for lang in vocab.LANGS:
        for value, words in vocab.load(lang, "numbers").items():
            for form in words:
                word = form.replace("[ée]", "é").replace("?", "").replace("\\b", "")
                if re.fullmatch(r"[a-zé]+", word):
                    assert parse_number(word) == float(value), (lang, form)
