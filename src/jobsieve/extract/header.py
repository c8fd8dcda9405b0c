"""The board header: the short lines at the top of a posting, and what each one is.

Boards print the same few facts above the description, in their own order: France
Travail pages give the title, "44 - NANTES", "Publié le ..." and the company; Google Jobs
gives the title and "Employer - City"; LinkedIn the title and "Employer · City, ST";
other boards a title, the employer and a column of tags. The title, employer and
locations extractors all read this one analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doc import Doc
from ..model import Span

MAX_LINE = 150
"""A longer line is a paragraph: the header has ended."""
MAX_LINES = 14

# A sentence of eight words or more: the description has started.
_SENTENCE = re.compile(r"^\s*(?:\S+\s+){7,}\S*[.!?]\s*$")
_MARKUP = re.compile(r"^[\s#>*_•·-]+|[\s*_]+$")
# "44 - NANTES", "75 - Paris 15e Arrondissement", "973 - CAYENNE", "2A - AJACCIO"
FT_PLACE = re.compile(r"^(?P<dep>\d{2,3}|2[AB])\s+-\s+(?P<place>\S.*)$")
_POSTED = re.compile(r"^(?:publi[ée]e? le|posted on|posted|publi[ée]e?|mis(?:e)? [àa] jour le|date de publication)\b",
                     re.I)
# "Employer · City, ST" (LinkedIn) and "Employer - City" (Google Jobs): split on the last
# separator, the place side is checked by the caller.
_MIDDOT = re.compile(r"\s+·\s+")
_DASH = re.compile(r"\s+[-–—]\s+")


# The labels that end a labelled value on flattened lines ("Position: Associate Attorney
# Location: ...", "Data Analytics EngineerJob Type: ...").
NEXT_LABEL = re.compile(
    r"(?:(?:Work |Job |Office )?Location|(?:Job |Employment |Contract )?Type|Salary|Compensation|"
    r"Pay|Department|Reports? To|Schedule|Hours|Status|Duration|Start(?: Date)?|Languages?|"
    r"Description|Lieu|Localisation|Contrat|Type de contrat|Salaire|R[ée]mun[ée]ration|"
    r"Dur[ée]e|Date de d[ée]but|Exp[ée]rience|Formation|Statut|Horaires?|T[ée]l[ée]travail)\s*:")


@dataclass(frozen=True, slots=True)
class Line:
    """One header line, stripped of markup; ``span`` slices ``doc.text`` to ``text``."""

    text: str
    span: Span
    index: int
    blank_before: bool
    """A blank line separates it from the previous header line."""


@dataclass(frozen=True, slots=True)
class Header:
    lines: tuple[Line, ...]
    end: int
    """Offset where the header ends (start of the first paragraph line)."""
    ft: bool
    """France Travail layout: title, "NN - CITY", "Publié le", company."""


def _strip(text: str, start: int) -> tuple[str, int]:
    m = _MARKUP.match(text)
    lead = m.end() if m else 0
    body = text[lead:]
    tail = _MARKUP.search(body)
    if tail and tail.start() > 0:
        body = body[:tail.start()]
    return body, start + lead


def split_pair(line: str) -> tuple[str, str, int] | None:
    """``(left, right, right_offset)`` of "Employer · Place" / "Employer - Place" lines."""
    parts = list(_MIDDOT.finditer(line)) or list(_DASH.finditer(line))
    if not parts:
        return None
    sep = parts[-1]
    left, right = line[:sep.start()].strip(), line[sep.end():].strip()
    if not left or not right:
        return None
    return left, right, sep.end()


def is_posted_line(text: str) -> bool:
    """A "Publié le ..." / "Posted on ..." line."""
    return bool(_POSTED.match(text))


def _analyse(text: str, header_end: int) -> Header:
    lines: list[Line] = []
    limit = header_end or len(text)
    end = limit
    blank = False
    pos = 0
    while pos < limit:
        nl = text.find("\n", pos)
        stop = limit if nl < 0 or nl > limit else nl
        raw = text[pos:stop]
        if not raw.strip():
            blank = blank or bool(lines)
        elif len(raw.strip()) > MAX_LINE or len(lines) >= MAX_LINES or _SENTENCE.match(raw):
            end = pos
            break
        else:
            body, start = _strip(raw, pos)
            if body:
                lines.append(Line(body, (start, start + len(body)), len(lines), blank))
                blank = False
        pos = stop + 1
    ft = (len(lines) >= 3 and bool(FT_PLACE.match(lines[1].text) or is_posted_line(lines[2].text)))
    return Header(tuple(lines), end, ft)


def header_of(doc: Doc) -> Header:
    """The header of ``doc``, worked out once per posting (several extractors read it)."""
    got = doc._header
    if got is None or got[0] is not doc.text or got[1] != doc.header_end:
        got = doc._header = (doc.text, doc.header_end, _analyse(doc.text, doc.header_end))
    return got[2]


def ft_company_line(h: Header) -> Line | None:
    """On a France Travail page, the company line (right after "Publié le ...")."""
    if not h.ft:
        return None
    for ln in h.lines[1:5]:
        if is_posted_line(ln.text):
            nxt = ln.index + 1
            if nxt < len(h.lines) and not h.lines[nxt].blank_before:
                return h.lines[nxt]
            return None
    return None
