"""Extractor and resolver for ``title``: the job title, in the posting's own wording.

Candidates, most trusted first: reader hints (JSON-LD, France Travail), the board header's
title line, labelled lines ("Job title:", "Intitulé du poste :"), a recruiting sentence
("recherche un.e : X", "is seeking a X to join"), "As X, you ...", and for flattened
LinkedIn texts an ALL-CAPS title glued to the first sentence. Every candidate is cleaned
the same way (:func:`split_title`): gender marks ("(H/F)", "F/H", "(m/w/d)"), a trailing
place (" - Paris", " à Paris", ", Remote"), a trailing contract ("en CDD") or reference
code are removed; inclusive spellings ("Référent.e") are kept.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder, LabelFinder
from ..match.folding import WIDE_STANDIN
from ..model import Record
from ..resolve import pick
from ..sections import detect_headings
from .header import FT_PLACE, NEXT_LABEL, header_of, is_posted_line, split_pair
from .gazetteer import fold
from .places import covers, is_remote_word, parse_places

KEYS = ("title",)

MAX_WORDS = 16
MAX_CHARS = 140

# Tags that flattened board headers glue to the title ("commercialApprenticeshipLa Defense").
_GLUED = re.compile(r"(?<=[a-z)])(?:Apprenticeship|Internship|Full[- ]time|Part[- ]time|Contract|"
                    r"Temporary|Freelance|Alternance|Stage|CDI|CDD|Location\s*:|Job Type\s*:|"
                    r"Salary\s*:|Lieu\s*:)")
_PLACE_SEP = re.compile(r"\s*,?\s+(?:bas[ée]e?|situ[ée]e?|based|located)\s+(?:à|a|in|at|en|sur)\s+"
                        r"|\s+[-–—|]\s+|\s*,\s+|\s+(?:à|a|in|at|sur|near)\s+|\s*\(\s*")
_REF_CODE = re.compile(r"\s*[-–]\s*[A-Z]*\d[A-Z0-9]*(?:[-/][A-Z0-9]+)*\s*$")
_LEAD_ARTICLE = re.compile(r"^(?:(?:un|une|un\(e\)|un\.e|a|an)\s+(?=[A-ZÀ-Ý])|\d[\d-]{5,}\s+(?=\D))", re.I)
_EDGE = re.compile(r"^[\s\-–—:|,.*#]+")
_TRAIL = re.compile(r"[\s\-–—:|,*#]+$")
_SPACES = re.compile(r"\s{2,}")
# Compiled once (re's own cache costs a lookup per call on these per-candidate paths).
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_WIDE_GAP = re.compile(r"\S(\s{4,})\w")
_TWO_LETTERS = re.compile(r"[A-Za-zÀ-ÿ]{2}")
_WORD_START = re.compile(r"\s*[\wÀ-ÿ]")
_AS_ROLE_YOU = re.compile(r"([A-ZÀ-Ý][^,.;:\n]{2,70}),\s+(?:you|your|vous|votre|tu|ton|ta)\b")


@lru_cache(maxsize=1)
def _vocab() -> dict[str, re.Pattern[str]]:
    merged: dict[str, list[str]] = {}
    for lang in vocab.LANGS:
        for key, forms in vocab.load(lang, "title").items():
            merged.setdefault(key, []).extend(forms)

    def alt(key: str) -> str:
        return "|".join(f"(?:{f})" for f in merged.get(key, [])) or r"(?!x)x"

    return {
        "gender": re.compile(rf"\s*(?:{alt('gender_mark')})", re.I),
        "stop": re.compile(rf"\.(?=\s|$)|[;:!?()\[\]\n]|,\s|\s[-–]\s|\s(?:{alt('stop')})\b", re.I),
        "adjectives": re.compile(rf"^(?:(?:{alt('adjectives')})\s*,?\s+)+", re.I),
        "head": re.compile(rf"\b(?:{alt('head_nouns')})s?\b", re.I),
        "not_titles": re.compile(rf"\b(?:{alt('not_titles')})\b", re.I),
        "chrome": re.compile(rf"^(?:{alt('chrome')})\s*$", re.I),
        "contract": re.compile(rf"\s*(?:{alt('contract_suffix')})\s*$", re.I),
        "duties": re.compile(rf"([\u4e00-\u9fff]{{2,10}}?)(?:{alt('before_duties')})"),
    }


@lru_cache(maxsize=1)
def _finders() -> dict[str, Any]:
    merged: dict[str, list[str]] = {}
    for lang in vocab.LANGS:
        for key, forms in vocab.load(lang, "title").items():
            merged.setdefault(key, []).extend(forms)
    return {
        "label": LabelFinder(merged.get("label", [])),
        "intro": Finder(merged.get("intro", [])),
        "as_role": Finder(merged.get("as_role", [])),
    }


def head_nouns() -> re.Pattern[str]:
    """Job nouns ("ingénieur", "manager") of both languages, as one pattern."""
    return _vocab()["head"]


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A title line taken apart: the cleaned title and where its pieces are."""

    title: str
    start: int
    end: int
    """``line[start:end]`` is the kept part (the cleaned title may drop marks inside it)."""
    place_start: int | None
    """Where a trailing place starts in the line, if any."""


def _trailing_place(s: str) -> int | None:
    """Start of the longest tail of ``s`` that is only places ("- Frederick, MD/Wilson, NC")."""
    for m in _PLACE_SEP.finditer(s):
        if m.start() == 0:
            continue
        tail = s[m.end():].strip(" )")
        if not tail:
            continue
        if is_remote_word(tail):
            return m.end()
        found = parse_places(tail, strong=False, min_population=2000)
        if found and covers(tail, found):
            return m.end()
    return None


# The header's title line is taken apart by the title and the locations extractors, and a
# few lines of one posting are asked again: the last few results are kept.
@lru_cache(maxsize=32)
def split_title(line: str) -> TitleParts:
    """Clean one title line.

    >>> split_title("Mission France - Coordinateur Programme et Meal à Paris F/H").title
    'Mission France - Coordinateur Programme et Meal'
    """
    v = _vocab()
    end = len(line)
    place_start = None
    glued = _GLUED.search(line)
    if glued:
        end = glued.start()
        rest = line[glued.end():]
        if rest.strip() and parse_places(rest.strip(), strong=True):
            place_start = glued.end() + len(rest) - len(rest.lstrip())
    # Gender marks are blanked (not cut) so that offsets stay those of the line.
    masked = v["gender"].sub(lambda m: " " * len(m.group()), line[:end])
    masked = _EMPTY_PARENS.sub(lambda m: " " * len(m.group()), masked)
    # A gender mark inside the line separates the title from what follows ("... (F/H)
    # Chaunay"): mark its place with a separator the place finder knows.
    inner = _WIDE_GAP.search(masked)
    seps = masked if not inner else masked[:inner.start(1)] + " - " + " " * (len(inner.group(1)) - 3) \
        + masked[inner.end(1):]
    cut = _trailing_place(seps.rstrip())
    if cut is not None:
        place_start = cut if place_start is None else place_start
        sep = _PLACE_SEP.search(seps, max(0, cut - 8))
        end = min(end, sep.start() if sep and sep.end() == cut else cut)
    body = masked[:end]
    for _ in range(3):
        before = body
        body = v["contract"].sub("", body.rstrip())
        body = _REF_CODE.sub("", body)
        body = _TRAIL.sub("", body)
        if body == before:
            break
    start = len(body) - len(body.lstrip())
    lead = _EDGE.match(body)
    if lead:
        start = lead.end()
    art = _LEAD_ARTICLE.match(body[start:])
    if art:
        start += art.end()
    stop = len(body.rstrip())
    title = _SPACES.sub(" ", body[start:stop]).strip()
    return TitleParts(title, start, max(start, stop), place_start)


def _looks_like_title(text: str) -> bool:
    v = _vocab()
    words = text.split()
    if not words or len(words) > MAX_WORDS or len(text) > MAX_CHARS:
        return False
    if text.rstrip().endswith(("?", "!", ":")) or v["chrome"].match(text.strip()):
        return False
    if is_posted_line(text) or FT_PLACE.match(text) or detect_headings(text):
        return False
    if not _TWO_LETTERS.search(text):
        return False
    return True


def _cand(doc: Doc, base: int, line: str, rule: str, score: float,
          context: tuple[int, int] | None = None) -> Candidate | None:
    parts = split_title(line)
    if not parts.title or len(parts.title) < 2 or len(parts.title.split()) > MAX_WORDS:
        return None
    span = (base + parts.start, base + parts.end)
    if doc.text[span[0]:span[1]].strip() == "":
        return None
    extra = (context,) if context else ()
    return Candidate("title", parts.title, span, doc.text[span[0]:span[1]], rule, score, extra)


def _header(doc: Doc) -> list[Candidate]:
    h = header_of(doc)
    out: list[Candidate] = []
    v = _vocab()
    for ln in h.lines[:3]:
        text = ln.text
        if ln.index > 0 and (split_pair(text) or FT_PLACE.match(text)):
            continue
        glued = _GLUED.search(text)
        head = text[:glued.start()] if glued else text
        if not _looks_like_title(head):
            continue
        marked = bool(v["gender"].search(text))
        if ln.index == 0:
            score = 0.9 if marked else 0.8
        elif marked:
            score = 0.75
        elif v["head"].search(text) and not ln.blank_before:
            score = 0.5
        else:
            continue
        c = _cand(doc, ln.span[0], text, "title.header", score)
        if c:
            out.append(c)
            if ln.index == 0:
                break
    return out


def _clip(doc: Doc, start: int, limit: int = MAX_CHARS) -> str:
    """The text from ``start`` to the end of its line (at most ``limit`` characters)."""
    end = doc.text.find("\n", start)
    end = len(doc.text) if end < 0 else end
    return doc.text[start:min(end, start + limit)]


def _labelled(doc: Doc) -> list[Candidate]:
    out = []
    text = doc.text
    for start, value_start in _finders()["label"].finditer(text):
        # The label is a word of its own (glued labels come after a lower-case letter).
        if start > 0 and text[start - 1].isalnum() and not text[start - 1].islower():
            continue
        value = _clip(doc, value_start)
        nxt = NEXT_LABEL.search(value, 1)
        if nxt:
            value = value[:nxt.start()]
        if not _looks_like_title(value) or len(value.split()) > 12:
            continue
        c = _cand(doc, value_start, value, "title.label", 0.85, (start, value_start))
        if c:
            out.append(c)
    return out


def _after(doc: Doc, m_end: int, rule: str, score: float, context: tuple[int, int]) -> Candidate | None:
    v = _vocab()
    text = _clip(doc, m_end, 200)
    if not text.strip():  # "recherche activement un(e) :" then the title on the next line
        nl = doc.text.find("\n", m_end)
        if nl < 0:
            return None
        m_end = nl + 1
        text = _clip(doc, m_end, 200)
    adj = v["adjectives"].match(text)
    off = adj.end() if adj else 0
    stop = v["stop"].search(text, off + 1)
    chunk = text[off:stop.start() if stop else len(text)]
    gender = v["gender"].match(text, off + len(chunk))
    if not chunk.strip() or not _WORD_START.match(chunk):
        return None
    if len(chunk.split()) > 10 or v["not_titles"].search(chunk):
        return None
    c = _cand(doc, m_end + off, chunk, rule, score + (0.05 if gender else 0.0), context)
    if c and c.value[:1].islower():
        c = Candidate(c.key, c.value[0].upper() + c.value[1:], c.span, c.text, c.rule, c.score, c.spans)
    return c


def _intro(doc: Doc) -> list[Candidate]:
    out = []
    v = _vocab()
    for _, m in _finders()["intro"].finditer(doc.text):
        c = _after(doc, m.end(), "title.intro", 0.7, (m.start(), m.end()))
        if c:
            out.append(c)
    for _, m in _finders()["as_role"].finditer(doc.text):
        # Only "As Press Manager, you ...": a capitalised title followed by the reader.
        text = _clip(doc, m.end(), 100)
        mm = _AS_ROLE_YOU.match(text)
        if mm:
            c = _cand(doc, m.end(), mm.group(1), "title.as_role", 0.55, (m.start(), m.end()))
            if c:
                out.append(c)
    for m in v["duties"].finditer(doc.text) if _has_han(doc) else ():
        c = _cand(doc, m.start(1), m.group(1), "title.duties", 0.45)
        if c:
            out.append(c)
    return out


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _has_han(doc: Doc) -> bool:
    """Whether the text holds a Chinese character."""
    # Folding turns every such character into the stand-in of wide characters: a text
    # whose folded form has no more of them than the text has question marks has none.
    low, text = doc.scan.low, doc.text
    if WIDE_STANDIN not in low or low.count(WIDE_STANDIN) == text.count(WIDE_STANDIN):
        return False
    # Only the wide characters need a look (bullets, dashes, emoji): a regex search would
    # step through every character; after a few dozen, it is the cheaper way.
    i = low.find(WIDE_STANDIN)
    for _ in range(64):
        if i < 0:
            return False
        if "\u4e00" <= text[i] <= "\u9fff":
            return True
        i = low.find(WIDE_STANDIN, i + 1)
    return _HAN.search(text, i) is not None
_CAPS_LEAD = re.compile(r"^[ \t]*([A-Z][A-Z0-9&/,'’ –-]{3,80}?[A-Z0-9])(?=[A-Z][a-z]|\s+[A-Z][a-z])", re.M)


def _caps(doc: Doc) -> list[Candidate]:
    """An ALL-CAPS title glued to the sentence after it (flattened LinkedIn texts)."""
    out = []
    v = _vocab()
    for m in _CAPS_LEAD.finditer(doc.text):
        words = m.group(1).split()
        if not 2 <= len(words) <= 8 or detect_headings(m.group(1)) or not v["head"].search(m.group(1)):
            continue
        c = _cand(doc, m.start(1), m.group(1), "title.caps", 0.5)
        if c:
            out.append(c)
    return out


def extract_title(doc: Doc) -> list[Candidate]:
    """Candidate titles from the header, labels and recruiting sentences of ``doc.text``."""
    try:
        found = _header(doc) + _labelled(doc) + _intro(doc)
        if not any(c.score >= 0.7 for c in found):
            # Flattened texts with no header: an ALL-CAPS title glued to a sentence.
            found += _caps(doc)
        return found
    except (ValueError, re.error, IndexError, sqlite3.Error):  # odd content never stops a parse
        return []


def resolve_title(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Hints first, then the highest score, then the earliest; agreeing candidates add evidence."""
    cleaned = []
    for c in cands:
        if c.rule.startswith("hint."):
            # Structured titles carry the same marks as header lines ("Ripeur (H/F)").
            value = split_title(c.value).title or c.value
            c = Candidate(c.key, value, c.span, c.text, c.rule, c.score, c.spans)
        cleaned.append(c)
    best = pick(cleaned, trace, "title", same=lambda a, b: fold(a) == fold(b))
    if best is not None:
        rec.title = best.value
