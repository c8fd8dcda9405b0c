"""Find heading lines, cut the posting into typed sections, and find the board header.

A heading is a short line that is a section label alone ("Profil recherché", "Statut et
conditions :", "## Contexte", "What you'll do:", "REQUIREMENTS"); its kind comes from
``vocab/*/sections.yaml``. A line such as "Salaire : 2 650 €" is a labelled value, not a
heading. A label that opens a line and introduces a glued list or a long paragraph
("Qualifications:● A degree in ...") counts as a heading too; its span is the label.

Headings of the reader (Markdown, HTML) are kept; those of no known kind, like bold
sub-headings inside a list of tasks, are headings but do not cut sections. A section runs
from its heading to the next heading of a known kind; neighbours of the same kind merge.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import vocab
from .match import first_chars, literal_prefixes, trie_regex
from .model import Section, Span

_MAX_HEADING = 80
_MAX_HEADING_WORDS = 12
# Words a heading may add after its label ("Profil recherché", "Missions principales du
# poste"); lines set apart by markup (Markdown, bold, capitals) may add more.
_REST_PLAIN = 3
_REST_MARKED = 6
_INLINE_MIN_CONTENT = 150
_HEADER_MAX_LINES = 15

_LINE = re.compile(r"[^\n]+")
# Characters that open a list item (a line starting with one is never a heading).
_LIST_MARKS = "-+•·●▪◦➢►✓"
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?=\S).*(?:\*\*|__):?\s*$")
_BULLET = re.compile(r"^\s*(?:[-+•·●▪◦➢►✓]|\*(?!\*)|\d{1,2}[.)])\s*")
_DECOR = re.compile(r"\*\*|__|[*_#`]")
_INLINE = re.compile(r"^([^:\n]{2,50}?)\s?:\s*(?=\S)")
_LIST_START = re.compile(r"(?:[-•·●▪◦➢►✓*]|\d{1,2}[.)])")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?:]\s*$")


@lru_cache(maxsize=1)
def _forms_by_first_char() -> tuple[dict[str, list[tuple[int, str]]], list[tuple[int, str]]]:
    """Label forms ``(label index, regex)`` by the lower-case character they start with,
    and the forms that may start with anything."""
    index: dict[str, list[tuple[int, str]]] = {}
    wild: list[tuple[int, str]] = []
    for i, forms in enumerate(vocab.merged("sections").values()):
        for form in forms:
            if not isinstance(form, str):
                continue
            chars = first_chars(form)
            if chars is None:
                wild.append((i, form))
            for c in chars or ():
                index.setdefault(c, []).append((i, form))
    return index, wild


@lru_cache(maxsize=1)
def _label_patterns() -> dict[str, re.Pattern[str]]:
    """For each lower-case first character, one regex of the labels that can start with
    it (each label a named group ``g<i>``), all compiled at once on first use."""
    index, wild = _forms_by_first_char()
    out: dict[str, re.Pattern[str]] = {}
    for first in index:
        by_label: dict[int, list[str]] = {}
        for i, form in sorted(index[first] + wild, key=lambda x: x[0]):
            by_label.setdefault(i, []).append(form)
        parts = [f"(?P<g{i}>{'|'.join(f'(?:{f})' for f in fs)})" for i, fs in by_label.items()]
        out[first] = re.compile("|".join(parts))
    return out


_REST_SEP = re.compile(r"[\s,/&'’()-]+")
# Words after a label never hold figures or sentence punctuation ("Mission de 6 mois").
_BAD_REST = re.compile(r"[\d.!?;:]")


@lru_cache(maxsize=1)
def _openings() -> dict[str, re.Pattern[str] | None]:
    """For each first character, a trie of the literal openings of its labels: most lines
    open with none, and the trie says so faster than the labels' alternation (``None``:
    a label of that character has no literal opening)."""
    index, wild = _forms_by_first_char()
    out: dict[str, re.Pattern[str] | None] = {}
    for first in index:
        prefixes = [literal_prefixes(form, min_len=1) for _, form in index[first] + wild]
        out[first] = None if any(p is None for p in prefixes) else \
            re.compile(trie_regex(x for p in prefixes for x in p))
    return out


def _kind_of_key(key: str, rest: int) -> str | None:
    """Kind of the label that fills ``key`` up to at most ``rest`` further words, choosing
    the label that leaves the fewest (the most specific: "Description du profil" is a
    profile, not a "Description")."""
    key = key.lower()
    pattern = _label_patterns().get(key[:1])
    if pattern is None:
        return None
    opening = _openings().get(key[:1])
    if opening is not None and opening.match(key) is None:
        return None
    m = pattern.match(key)
    if m is None:
        return None
    # When the first label that matches fills the key, fullmatch would take the same
    # way through the pattern: no second run.
    if m.end() != len(key):
        m = pattern.fullmatch(key)
    if m is not None:  # the whole key is a label (most headings): no words left over
        return vocab.labels("sections")[m.lastgroup]
    cuts = [m.start() for m in reversed(list(_REST_SEP.finditer(key)))][:rest]
    for cut in cuts:
        m = pattern.fullmatch(key, 0, cut)
        if m is not None:
            if _BAD_REST.search(key, cut):
                return None
            return vocab.labels("sections")[m.lastgroup]
    return None


def _has_decor(line: str) -> bool:
    """Whether ``line`` holds a character of Markdown markup (every markup pattern needs one)."""
    return "*" in line or "_" in line or "#" in line or "`" in line


def _key(line: str) -> str:
    """The line without markup and closing punctuation: what a heading label must fill."""
    if _has_decor(line):
        s = _MD_HEADING.sub("", line)
        s = _DECOR.sub(" ", s).strip()
    else:
        s = line.strip()
    return s.rstrip(" :：.?!-–—").strip()


def heading_kind(line: str, *, marked: bool = False) -> str | None:
    """The section kind of a heading line, or ``None`` when it is not a known heading."""
    if len(line) > _MAX_HEADING or not line.strip() or _BULLET.match(line):
        return None
    if len(line.split()) > _MAX_HEADING_WORDS:
        return None
    key = _key(line)
    if not key or (":" in key):
        return None
    marked = (
        marked or (_has_decor(line) and (bool(_MD_HEADING.match(line)) or bool(_BOLD_LINE.match(line))))
        or (key.isupper() and len(key) > 3)
    )
    if line.strip().rstrip("*_ ").endswith(".") and not marked:
        return None
    return _kind_of_key(key, _REST_MARKED if marked else _REST_PLAIN)


def _inline_heading(line: str) -> tuple[int, str] | None:
    """End offset (in the line) and kind of a label that opens a glued list or long text."""
    m = _INLINE.match(line)
    if m is None or _BULLET.match(line):
        return None
    content = line[m.end():]
    glued = line[m.end() - 1] != " " and content[:1].isupper()
    if not (_LIST_START.match(content) or glued or len(content) >= _INLINE_MIN_CONTENT):
        return None
    kind = _kind_of_key(_key(m.group(1)), _REST_PLAIN - 1)
    return (m.end(), kind) if kind else None


def _is_marked(line: str) -> bool:
    """A line set apart by Markdown heading or bold markup (a heading of the source)."""
    if _MD_HEADING.match(line):
        return True
    # A bold line is a heading when short and not a labelled value ("**Langues : ...**").
    return bool(_BOLD_LINE.match(line)) and len(_WORD.findall(line)) <= 8 and not _INLINE.match(_key(line))


def detect_headings(text: str) -> list[Span]:
    """Spans of the heading lines (and of labels opening glued lists) in ``text``."""
    out: list[Span] = []
    first = True
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        if line[0] in _LIST_MARKS:
            first = False
            continue
        marked = line[0] in "#*_"
        # A line closing like a sentence is no heading unless markup sets it apart.
        if len(line) <= _MAX_HEADING and (marked or line[-1] not in ".,;"):
            kind = heading_kind(m.group())
            if kind is not None and first and not _first_line_heading(line):
                kind = None
            if kind is not None or (marked and _is_marked(line)):
                out.append(m.span())
                first = False
                continue
        if ":" in line[:52]:
            inline = _inline_heading(m.group())
            if inline is not None:
                out.append((m.start(), m.start() + inline[0]))
        first = False
    return out


def _first_line_heading(line: str) -> bool:
    """The first line is usually a job title; it is a heading only when it looks like one."""
    key = _key(line)
    return line.rstrip().endswith(":") or key.isupper() or _kind_of_key(key, 0) is not None


def _span_kind(text: str, span: Span) -> str | None:
    piece = text[span[0]:span[1]]
    line_end = text.find("\n", span[0])
    whole_line = span[1] >= (len(text) if line_end < 0 else line_end)
    if whole_line:
        return heading_kind(piece, marked=True)
    inline = _inline_heading(text[span[0]:len(text) if line_end < 0 else line_end])
    return inline[1] if inline else heading_kind(piece, marked=True)


def detect_sections(text: str, headings: list[Span] | None = None) -> list[Section]:
    """Typed sections, each from a heading of a known kind to the next one (half-open)."""
    spans = sorted(headings if headings is not None else detect_headings(text))
    first_line = len(text) - len(text.lstrip())
    out: list[Section] = []
    for span in spans:
        kind = _span_kind(text, span)
        if kind and span[0] == first_line and not _first_line_heading(text[span[0]:span[1]]):
            kind = None  # the title line, even when it opens with a label's word
        if kind is None or (out and out[-1].start == span[0]):
            continue
        if out:
            out[-1].end = span[0]
            if out[-1].kind == kind:
                out[-1].end = len(text)
                continue
        out.append(Section(kind=kind, start=span[0], end=len(text)))
    return out


def detect_header_end(text: str, headings: list[Span] | None = None) -> int:
    """End of the leading block of short lines (title, employer, place, tags), 0 if none.

    The block stops at the first line of prose or at the first heading of a known kind.
    """
    starts = {s for s, _ in (headings or [])}
    end = 0
    count = 0
    block_end = 0
    prev_end = None
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        if m.start() in starts and _span_kind(text, (m.start(), m.end())):
            # A title such as "Mission Data Analyst" may carry a label's word.
            if count or _first_line_heading(line):
                return end
        if _is_prose(line):
            return end
        if prev_end is not None and not block_end and text.count("\n", prev_end, m.start()) >= 2:
            block_end = prev_end
        end = prev_end = m.end()
        count += 1
        if count >= _HEADER_MAX_LINES:
            break
    # No prose near the top: keep only the first block of lines.
    return (block_end or end) if count >= _HEADER_MAX_LINES else end


def _is_prose(line: str) -> bool:
    """A line of running text (or a task in a list) rather than a header item."""
    s = line.strip()
    words = len(_WORD.findall(s))
    if _BULLET.match(s) and (words > 8 or len(s) > 60):
        return True
    return len(s) > 100 or words > 14 or (words > 6 and bool(_SENTENCE_END.search(s)))
