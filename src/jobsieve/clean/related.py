"""Lists of other jobs at the end of a page, moved out of the posting into ``related``.

Two shapes are recognised, both only where the page ends (a posting's own lists of tasks
or benefits sit inside it, above its closing lines):

* a heading such as "Similar jobs" / "Offres similaires" followed by short entries
  (title, employer, place), one per line or one per block;
* a run of at least ``MIN_RUN`` one-paragraph teasers, each a third-person summary of
  another job that opens with a job title ("Senior Planner at Acme overseeing ... .").
  A posting's bullets differ: they start with a verb or a noun that is not a role, speak
  to the reader ("you", "vous") or are not full sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from .. import vocab
from ..model import Related
from .chrome import TEXT, Line, blank_between
from ..match import first_chars, literal_heads
from .openings import CASE_ODD, LineOpenings, line_openings, opening_rows

MIN_RUN = 3
_MIN_LEN, _MAX_LEN = 60, 400
_MAX_ENTRY_LINE = 200
_MAX_ENTRY_LINES = 5
# A list of other jobs is looked for in the last lines of the page only.
_MAX_LIST_LINES = 80
# Symbols around a list heading ("## Similar jobs:", "— Offres similaires —").
_STRIP = "#*_:.-–— "

_CAP = r"[A-Z][\w&'.-]*"
# Roman numerals of a grade ("Engineer II") may follow a title's words.
_GRADE = r"(?:I{1,3}|IV|V)"
_BULLET = re.compile(r"^\s*(?:[-*+•·●▪◦➢►✓]|\d{1,2}[.)])\s")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_LABELLED = re.compile(r"^[^\W\d_][\w '/-]{0,30}\s?:")
_TOKEN = r"[A-Z][\w&-]*(?:\.[\w&]+)*"


class _Patterns(NamedTuple):
    strict: re.Pattern[str]
    loose: re.Pattern[str]
    headings: re.Pattern[str]
    pronouns: re.Pattern[str]
    lead_title: re.Pattern[str]
    employer: tuple[re.Pattern[str], ...]


def _alt(forms: list[str], escape: bool = False) -> str:
    return "|".join(re.escape(f) if escape else f"(?:{f})" for f in forms)


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    forms = vocab.merged("related")
    roles = _alt(forms.get("roles", []))
    links = _alt(forms.get("links", []))
    at = _alt(forms.get("employer_at", []))
    for_ = _alt(forms.get("employer_for", []))
    connect = rf"(?:(?:{_alt(forms.get('title_connectors', []), escape=True)}|{_GRADE})(?![\w']))"
    strict = re.compile(
        rf"^(?P<title>(?:{_CAP}\s+){{0,5}}?(?i:{roles})s?\b(?:,?\s+(?:{_CAP}|{connect}))*?)"
        rf"\s+(?:{links})\b"
    )
    loose = re.compile(rf"^(?:\S+\s+){{0,5}}?(?i:{roles})s?\b|\b(?:{at})\s+[A-Z]")
    name = rf"{_TOKEN}(?:\s+(?:{_TOKEN}|{connect}))*"
    employer = (
        re.compile(rf"\b(?:{at})\s+({name}(?:'[a-z][\w-]*)?)"),
        re.compile(rf"\b(?:{for_})\s+({name})"),
        re.compile(rf"({name})'s\b"),
    )
    return _Patterns(
        strict=strict,
        loose=loose,
        headings=re.compile(rf"(?:{_alt(forms.get('list_headings', []))})", re.I),
        pronouns=re.compile(rf"(?<![\w'])(?:{_alt(forms.get('pronouns', []))})(?![\w'])"),
        lead_title=re.compile(rf"^{_CAP}(?:,?\s+(?:{_CAP}|{connect}))*"),
        employer=employer,
    )


def _teaser(line: str) -> int:
    """2 for a line shaped and titled like a teaser, 1 for the shape only, 0 otherwise."""
    s = line.strip()
    if not (_MIN_LEN <= len(s) <= _MAX_LEN) or s[-1] not in ".!" or _BULLET.match(s):
        return 0
    p = _patterns()
    if len(_SENTENCE_END.findall(s)) > 3 or p.pronouns.search(s) or _LABELLED.match(s):
        return 0
    if p.strict.match(s):
        return 2
    return 1 if p.loose.search(s) else 0


def parse_teaser(line: str) -> Related:
    """Title, employer and summary of one teaser line."""
    s = line.strip()
    p = _patterns()
    m = p.strict.match(s) or p.lead_title.match(s)
    title = (m.group("title") if "title" in m.re.groupindex else m.group()) if m else None
    employer = None
    for rx in p.employer:
        e = rx.search(s)
        if e:
            employer = re.sub(r"'s$", "", e.group(1).rstrip("."))
            break
    return Related(title=title.strip(" ,") if title else None, employer=employer, summary=s)


def teaser_run(lines: list[Line], end: int, lo: int = 0) -> int:
    """Index of the first line of a run of teasers ending at line ``end`` (``end`` if none)."""
    i = end - 1
    strong = 0
    while i >= lo:
        kind = _teaser(lines[i][TEXT])
        if not kind:
            break
        strong += kind == 2
        i -= 1
    count = end - 1 - i
    # Most teasers must carry a title; one or two may open differently ("Lead the ...").
    if count >= MIN_RUN and strong * 3 >= count * 2:
        return i + 1
    return end


def similar_list(text: str, lines: list[Line], end: int, lo: int = 0) -> tuple[int, list[Related]]:
    """Start index and entries of a "Similar jobs" list ending at line ``end``, if any."""
    heads = _patterns().headings
    starts = _heading_starts()
    first = max(lo, len(lines) // 3, end - _MAX_LIST_LINES)
    rows: Iterable[int] = range(end - 2, first - 1, -1)
    finder = _heading_finder()
    if finder is not None and not any(c in text for c in CASE_ODD):
        # Only lines whose core opens like a heading can pass: one regex pass finds them.
        rows = reversed(opening_rows(text, lines, first, end - 1, finder))
    for h in rows:
        line = lines[h][TEXT]
        if len(line) > 80:
            continue
        core = line.strip().strip(_STRIP)
        if not core or (starts is not None and core[0].lower() not in starts) or not heads.fullmatch(core):
            continue
        entries = _entries(text, lines[h + 1:end])
        if entries:
            return h, entries
        return end, []
    return end, []


@lru_cache(maxsize=1)
def _heading_finder() -> LineOpenings | None:
    """Lines whose core (the line stripped as in :func:`similar_list`) opens as a list
    heading may (``None``: some heading opens otherwise)."""
    heads: list[str] = []
    for form in vocab.merged("related").get("list_headings", []):
        h = literal_heads(form, 3)
        if h is None:
            return None
        heads += h
    # What strip() and strip(_STRIP) take: white space, then symbols and spaces.
    return line_openings(heads, r"[\s" + re.escape(_STRIP) + "]")


@lru_cache(maxsize=1)
def _heading_starts() -> frozenset[str] | None:
    chars: set[str] = set()
    for form in vocab.merged("related").get("list_headings", []):
        fc = first_chars(form)
        if fc is None:
            return None
        chars |= fc
    return frozenset(chars)


def _entries(text: str, body: list[Line]) -> list[Related]:
    """Entries of a list of jobs (blocks split by blank lines, else one per line)."""
    if not body or any(len(x[TEXT]) > _MAX_ENTRY_LINE for x in body):
        return []
    blocks: list[list[Line]] = [[body[0]]]
    for prev, cur in zip(body, body[1:]):
        if blank_between(text, prev, cur):
            blocks.append([cur])
        else:
            blocks[-1].append(cur)
    if len(blocks) == 1:
        blocks = [[x] for x in body]
    if any(len(b) > _MAX_ENTRY_LINES for b in blocks):
        return []
    out = []
    for b in blocks:
        parts = [x[TEXT].strip() for x in b]
        out.append(Related(
            title=parts[0],
            employer=parts[1] if len(parts) > 1 else None,
            summary=" ".join(parts[2:]) or None,
        ))
    return out


def teasers(lines: list[Line]) -> list[Related]:
    """The related jobs of a run of teaser lines."""
    return [parse_teaser(x[TEXT]) for x in lines]
