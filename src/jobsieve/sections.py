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
from dataclasses import dataclass
from functools import lru_cache

from . import vocab
from .match import first_chars, literal_forms, literal_heads, trie_regex
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
# What closes a heading's label ("Profil :", "Vos missions ?").
_KEY_END = " :：.?!-–—"
# Characters that open a list item (a line starting with one is never a heading).
_LIST_MARKS = "-+•·●▪◦➢►✓"
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?=\S).*(?:\*\*|__):?\s*$")
_BULLET = re.compile(r"^\s*(?:[-+•·●▪◦➢►✓]|\*(?!\*)|\d{1,2}[.)])\s*")
_BULLET_FIRST = "-+•·●▪◦➢►✓*"
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


# A "." of a label form that stands for any character (an apostrophe, in practice).
_ANY_CHAR = re.compile(r"(?<!\\)\.")
# What lets a regex see outside the text it matches: look-arounds, anchors, boundaries.
_LOOKS_AROUND = re.compile(r"\(\?<?[=!]|\\[bBAZ]|[$^]")


@dataclass(frozen=True, slots=True)
class _Shortcuts:
    """What :func:`_kind_of_key` looks up before running the label patterns (most keys
    are a label's whole text or open with no label)."""

    exact: dict[str, str]
    """Texts of the label forms (lower case, "l.offre" written "l'offre") that are whole
    keys, with the kind the patterns give them."""
    heads: frozenset[str]
    """The first three letters of the openings that every match of a form starts with."""
    loose: frozenset[str] | None
    """First letters of the forms with shorter or unknown openings (None: any letter)."""
    opening: re.Pattern[str]
    """The openings (up to a dozen letters), and the forms with unknown ones."""
    partial: dict[str, re.Pattern[str]]
    """By first letter, the forms whose texts are not all listed in ``exact`` (only they
    can fill a key that is not there)."""
    looking: frozenset[str]
    """First letters of the forms that look around or hold anchors ("about (?!the )")."""


@lru_cache(maxsize=1)
def _shortcuts() -> _Shortcuts:
    exact: dict[str, str] = {}
    heads: set[str] = set()
    loose: set[str] | None = set()
    unknown: list[str] = []
    partial: dict[str, list[str]] = {}
    looking: set[str] = set()
    index, _ = _forms_by_first_char()
    for forms in vocab.merged("sections").values():
        for form in forms:
            if not isinstance(form, str):
                continue
            if literal_forms(form) is None:
                for c in first_chars(form) or index:
                    partial.setdefault(c, []).append(form)
            if _LOOKS_AROUND.search(form):
                looking.update(first_chars(form) or index)
            # Any text may be listed: each gets the kind the patterns give it.
            for variant in {form, _ANY_CHAR.sub("'", form), _ANY_CHAR.sub("’", form)}:
                for text in literal_forms(variant) or ():
                    kind = _label_kind(text, 0)
                    if kind is not None:
                        exact[text.lower()] = kind
            found = literal_heads(form, 12)
            if found is None:
                unknown.append(form)
                chars = first_chars(form)
                loose = None if chars is None or loose is None else loose | {c[:1] for c in chars}
                continue
            heads.update(found)
            if loose is not None:
                loose.update(h[:1] for h in found if len(h) < 3)
    opening = "|".join([f"(?:{trie_regex(heads)})"] + [f"(?:{f})" for f in unknown])
    return _Shortcuts(
        exact, frozenset(h[:3] for h in heads if len(h) >= 3),
        frozenset(loose) if loose is not None else None, re.compile(opening),
        {c: re.compile("|".join(f"(?:{f})" for f in fs)) for c, fs in partial.items()}, frozenset(looking))


def _may_hold_label(low: str, sc: _Shortcuts) -> bool:
    """Whether a label form can match at the start of the lower-case key ``low`` (False
    only when none can: then :func:`_kind_of_key` is None whatever the rest)."""
    if low[:3] not in sc.heads and sc.loose is not None and low[:1] not in sc.loose:
        return False
    return sc.opening.match(low) is not None


def _kind_of_key(key: str, rest: int) -> str | None:
    """Kind of the label that fills ``key`` up to at most ``rest`` further words, choosing
    the label that leaves the fewest (the most specific: "Description du profil" is a
    profile, not a "Description")."""
    low = key.lower()
    sc = _shortcuts()
    kind = sc.exact.get(low)
    if kind is not None or not _may_hold_label(low, sc):
        return kind
    return _kind_of_rest(low, rest, sc)


def _kind_of_rest(key: str, rest: int, sc: _Shortcuts) -> str | None:
    """:func:`_label_kind` of a lower-case key that is not in ``sc.exact``: a label fills
    it, or a prefix cut before one of its last ``rest`` words, only where ``sc`` says one
    can; the patterns then say which."""
    pattern = _label_patterns().get(key[:1])
    if pattern is None:
        return None
    # A label that matches a prefix is needed. Without look-arounds or anchors, a label
    # that fills a prefix cut below (looked up or matched) is one: no run needed here.
    if key[:1] in sc.looking and pattern.match(key) is None:
        return None
    partial = sc.partial.get(key[:1])
    if partial is not None and partial.fullmatch(key) is not None:
        m = pattern.fullmatch(key)
        if m is not None:
            return vocab.labels("sections")[m.lastgroup]
    cuts = [m.start() for m in reversed(list(_REST_SEP.finditer(key)))][:rest]
    for cut in cuts:
        kind = sc.exact.get(key[:cut])
        if kind is None:
            if partial is None or partial.fullmatch(key, 0, cut) is None:
                continue
            m = pattern.fullmatch(key, 0, cut)
            if m is None:
                continue
            kind = vocab.labels("sections")[m.lastgroup]
        return None if _BAD_REST.search(key, cut) else kind
    return None


def _label_kind(key: str, rest: int) -> str | None:
    """:func:`_kind_of_key` by the label patterns alone."""
    key = key.lower()
    pattern = _label_patterns().get(key[:1])
    if pattern is None:
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
    return s.rstrip(_KEY_END).strip()


def heading_kind(line: str, *, marked: bool = False) -> str | None:
    """The section kind of a heading line, or ``None`` when it is not a known heading."""
    if len(line) > _MAX_HEADING:
        return None
    return _line_kind(line, line.strip(), marked)


def _line_kind(line: str, stripped: str, marked: bool) -> str | None:
    """:func:`heading_kind` of a line no longer than a heading, given ``line.strip()``."""
    if "*" in stripped or "_" in stripped or "#" in stripped or "`" in stripped:
        key = _key(line)
    else:  # what _key gives a line without markup
        key = stripped.rstrip(_KEY_END).strip()
    if not key or (":" in key):
        return None
    # Every test below is needed for a kind: the cheap label look-ups go first, as most
    # short lines hold no label (same result as running the tests in any order).
    low = key.lower()
    sc = _shortcuts()
    kind = sc.exact.get(low)
    if kind is None and not _may_hold_label(low, sc):
        return None
    # _BULLET needs one of these first (its \s and \d are str.strip's and str.isdecimal's).
    if (stripped[0] in _BULLET_FIRST or stripped[0].isdecimal()) and _BULLET.match(line):
        return None
    if len(line.split()) > _MAX_HEADING_WORDS:
        return None
    marked = (
        marked or (_has_decor(line) and (bool(_MD_HEADING.match(line)) or bool(_BOLD_LINE.match(line))))
        or (key.isupper() and len(key) > 3)
    )
    if stripped.rstrip("*_ ").endswith(".") and not marked:
        return None
    # A whole-key label has the same kind whatever the number of words allowed after it.
    return kind or _kind_of_rest(low, _REST_MARKED if marked else _REST_PLAIN, sc)


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
    kinds: dict[Span, str] = {}
    first = True
    # The lines of _LINE, from str.split (a regex steps through every character).
    end = -1
    for raw in text.split("\n"):
        start = end + 1
        end = start + len(raw)
        line = raw.strip()
        if not line:
            continue
        if line[0] in _LIST_MARKS:
            first = False
            continue
        marked = line[0] in "#*_"
        # A line closing like a sentence is no heading unless markup sets it apart.
        if len(line) <= _MAX_HEADING and (marked or line[-1] not in ".,;"):
            kind = _line_kind(raw, line, False) if len(raw) <= _MAX_HEADING else None
            if kind is not None:
                kinds[(start, end)] = kind
                if first and not _first_line_heading(line):
                    kind = None
            if kind is not None or (marked and _is_marked(line)):
                out.append((start, end))
                first = False
                continue
        if ":" in line[:52]:
            inline = _inline_heading(raw)
            if inline is not None:
                out.append((start, start + inline[0]))
                kinds[out[-1]] = inline[1]
        first = False
    global _last_kinds
    _last_kinds = (text, kinds)
    return out


# The kinds detect_headings found on the last text it read, by span (what _span_kind
# gives them): detect_sections and detect_header_end, called next on the same text, ask
# again. Only that text's own object is looked up, so no other posting's result is used.
_last_kinds: tuple[str, dict[Span, str]] = ("", {})


def _first_line_heading(line: str) -> bool:
    """The first line is usually a job title; it is a heading only when it looks like one."""
    key = _key(line)
    return line.rstrip().endswith(":") or key.isupper() or _kind_of_key(key, 0) is not None


def _span_kind(text: str, span: Span) -> str | None:
    last_text, kinds = _last_kinds
    if last_text is text and span in kinds:
        return kinds[span]
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
