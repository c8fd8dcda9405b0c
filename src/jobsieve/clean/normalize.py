"""Character-level repairs: encoding damage, spaces, quotes, blank lines, lost characters.

Every change goes through a :class:`~jobsieve.textmap.TextBuilder`; one-for-one character
swaps (typographic spaces, curly quotes) keep the map exact, and a line repaired by ftfy
maps as a whole to its source line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from operator import itemgetter

from ..textmap import OffsetMap, TextBuilder

# One-for-one swaps (lengths do not change, so offsets in the swapped text are offsets of
# the input too).
_TABLE = {
    **{c: " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
       "\u2009\u200a\u202f\u205f\u3000"},
    **{c: "\n" for c in "\x0b\x0c\u2028\u2029\x85"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
}
# No replacement is itself swapped, so swapping one character after the other is the same.
_SWAP_ITEMS = tuple(_TABLE.items())


def _probe(c: str) -> bytes | None:
    """What to look for in the input's UTF-8 to find ``c`` (``None``: look in the text)."""
    # In a text with characters beyond Latin-1, CPython finds a character by its low byte
    # (memchr), except a character whose code is a multiple of 256, found by a slow loop:
    # its UTF-8 bytes are found faster, and so is an ASCII byte in the shorter UTF-8.
    return c.encode() if ord(c) < 128 or ord(c) % 256 == 0 else None
_CR = re.compile(r"\r(\n)?")


# Byte sequences of UTF-8 read as Latin-1/cp1252 ("Ã©" for é, "â€™" for ’, "Â " for a
# no-break space): real French or English text almost never shows them.
_MOJI = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|Â[\u00a0-\u00bf]|â€|Å[\u0092\u0093\u201c\u201d\u00a0-\u00bf]|ï»¿"
)

# Python's regex engine only skips fast through text to a literal, so each repair looks for
# a literal and extends the match by hand; edits are collected, then applied in one pass.
# A line break after a space, before a space (after more breaks), or opening three
# breaks, and the spaces and breaks after it.
_BAD_RUN = re.compile(r"\n(?:(?<= \n)|(?=\n* |\n\n))[ \n]*")
_JUNK = "".join(map(chr, [*range(0, 9), *range(14, 32), 0x7F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD]))
_JUNK_RUN = re.compile("[" + re.escape(_JUNK) + "]+")
# Swaps and junk, each with its _probe.
_SWAP_PROBES = tuple((c, rep, _probe(c)) for c, rep in _SWAP_ITEMS)
_JUNK_PROBES = tuple((c, _probe(c)) for c in _JUNK)
_EDGE_JUNK = " \n\ufeff\u200b\u200c\u200d\u2060"
_LINE_PREFIX = re.compile(r" *(?:[#>*_]+ *|[-+•·o] +)*")
_COMBINING = re.compile(r"[^\W\d_][\u0300-\u036f]+")

# A lost character between letters is an apostrophe when it elides a French article or
# pronoun (l', d', qu') or opens an English contraction ('s, 't, 're, 'll, 've, 'd, 'm).
_ELISION_BEFORE = re.compile(r"(?:^|[^\w])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)$", re.I)
_CONTRACTION_AFTER = re.compile(r"(?:s|t|re|ll|ve|d|m)(?:\W|$)", re.I)


def _fffd_replacement(text: str, start: int, end: int) -> str:
    """What a run of U+FFFD most likely stood for, from its neighbours."""
    before = text[max(0, start - 8):start]
    after = text[end:end + 4]
    if before[-1:].isalpha() and after[:1].isalpha():
        elided = _ELISION_BEFORE.search(before) and after[:1].lower() in "aeiouyhàâéèêëîïôûœ"
        if elided or _CONTRACTION_AFTER.match(after):
            return "'"
        return ""
    if before.endswith(" ") and after.startswith(" "):
        return "-"  # a dash between words ("leader \ufffd we")
    return ""


def normalize_fragment(text: str) -> str:
    """The normalised form of a short text (no offset map kept), e.g. a line ftfy repaired."""
    return normalize_text(text, repair=False)[0]


def _repair_line(line: str) -> str:
    import ftfy

    return ftfy.fix_text(line, normalization="NFC", uncurl_quotes=False, unescape_html=False)


def _lost_lead(work: str, s: int) -> bool:
    """Whether the '?' at ``s`` opens its line (after optional Markdown or a bullet)."""
    bol = work.rfind("\n", 0, s) + 1
    return s - bol < 12 and _LINE_PREFIX.fullmatch(work, bol, s) is not None


Edit = tuple[int, int, str]
_START, _END = itemgetter(0), itemgetter(1)


def _runs(work: str, ch: str, start: int, end: int, least: int = 1) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of at least ``least`` characters ``ch`` in ``work[start:end]``."""
    needle = ch * least
    i = work.find(needle, start, end)
    while i >= 0:
        j = i + least
        while j < end and work[j] == ch:
            j += 1
        yield i, j
        i = work.find(needle, j, end)


def _edits(work: str, start: int, end: int, junk: bool) -> list[Edit]:
    """Replacements ``(start, end, new)`` that normalise ``work[start:end]`` (``junk``:
    whether ``work`` holds a character of _JUNK)."""
    edits: list[Edit] = []
    add = edits.append
    # Most line breaks are fine ("\n" or "\n\n" between text): only the runs holding a
    # space or three breaks, or closing spaces, are read in Python. A run is bad exactly
    # when its first break is, so the regex matches the run from that break on.
    for m in _BAD_RUN.finditer(work, start, end):
        p, e = m.span()
        s = p
        while s > start and work[s - 1] == " ":
            s -= 1  # spaces closing the line
        n = work.count("\n", p, e)
        if e - s != n or n > 2:
            add((s, e, "\n" if n == 1 else "\n\n"))
    for i, j in _runs(work, " ", start, end, 2):
        if j >= end or work[j] != "\n":
            add((i, j, " "))
    if "?" in work:
        for i, j in _runs(work, "?", start, end):
            prev = work[i - 1] if i > start else "\n"
            if prev in ".:;," and not (prev == "." and work[i - 2:i - 1] == "."):
                # '?' right after sentence punctuation ("migrantes.???", "projets :??")
                # stands for lost characters; an ellipsis before '?' makes a real question.
                add((i, j, ""))
            else:
                k = j
                while k < end and work[k] == " ":
                    k += 1
                if k < end and work[k].isalpha() and _lost_lead(work, i):
                    # '?' glued to the first word of a line, or alone after a bullet, is a lost
                    # symbol (a bullet, an emoji): a real question mark closes a sentence.
                    add((i, k, ""))
    if "\ufffd" in work:
        for i, j in _runs(work, "\ufffd", start, end):
            add((i, j, _fffd_replacement(work, i, j)))
    if junk:
        edits.extend((m.start(), m.end(), "") for m in _JUNK_RUN.finditer(work, start, end))
    return edits


def _apply(b: TextBuilder, work: str, pos: int, end: int, edits: list[Edit]) -> int:
    """Copy ``work[pos:end]`` into ``b`` with the edits made; returns ``end``."""
    # By start, the longer of two edits at one place first (an edit inside an earlier,
    # longer one is skipped), else in the order found: two stable sorts on C keys.
    edits.sort(key=_END, reverse=True)
    edits.sort(key=_START)
    b.edit(work, pos, end, edits)
    return end


def normalize_text(text: str, *, repair: bool = True) -> tuple[str, OffsetMap]:
    """Repair and normalise ``text``; returns the new text and its map back to ``text``."""
    out, offsets, _ = normalize_encoded(text, repair=repair)
    return out, offsets


def normalize_encoded(text: str, *, repair: bool = True) -> tuple[str, OffsetMap, bytes]:
    """:func:`normalize_text`, and UTF-8 bytes (with lone surrogates kept) that hold every
    run of ASCII letters of the new text, and a combining accent only if the input does,
    which the cleaning steps after it search for ASCII words."""
    raw = text.encode("utf-8", "surrogatepass")
    work = text
    # One str.replace per character present: C skips through the text, where the
    # character-class regex steps through it. No swap makes or takes a character looked
    # for, so each is looked for in the input.
    for c, rep, probe in _SWAP_PROBES:
        if (c in work) if probe is None else (probe in raw):
            work = work.replace(c, rep)
    junk = any((c in work) if probe is None else (probe in raw) for c, probe in _JUNK_PROBES)
    if "\r" in work:
        # CR LF -> ' ' LF (the space then goes with the line end), a lone CR -> LF.
        work = _CR.sub(lambda m: " \n" if m.group(1) else "\n", work)
    start = len(work) - len(work.lstrip(_EDGE_JUNK))
    end = len(work.rstrip(_EDGE_JUNK))
    b = TextBuilder()
    pos = start
    moji = repair and _has_moji(text)
    lines = _moji_lines(text, start, end) if moji else []
    for ls, le in [*lines, (end, end)]:
        pos = _apply(b, work, pos, ls, _edits(work, pos, ls, junk))
        if ls < le:
            fixed = _repair_line(text[ls:le])
            if fixed == text[ls:le]:
                pos = _apply(b, work, ls, le, _edits(work, ls, le, junk))
            else:
                # ftfy rewrites freely: the repaired line maps as a whole to its source line.
                b.replace(normalize_fragment(fixed), ls, le)
                pos = le
    out, offsets = b.build()
    # The edits drop or put line breaks, spaces and '?' between words, which join no
    # letters, and make no combining accent; dropped junk or lost characters (U+FFFD) may
    # join letters, and ftfy may rewrite a line: then the new text itself is encoded.
    utf8 = raw
    if moji or junk or "\ufffd" in work:
        utf8 = out.encode("utf-8", "surrogatepass")
    # Combining accents (U+0300-U+036F) are the only ones composed, and their UTF-8 bytes
    # open with 0xCC or 0xCD: two byte searches rule most texts out, far cheaper than the
    # normalisation check of every character.
    if _may_combine(utf8) and not unicodedata.is_normalized("NFC", out) and _COMBINING.search(out):
        out, offsets = _compose_accents(out, offsets)
        utf8 = out.encode("utf-8", "surrogatepass")
    return out, offsets, utf8


def _has_moji(text: str) -> bool:
    """Whether ``_MOJI`` occurs in ``text``."""
    # Every match opens with one of these characters, most of which never occur in real
    # text: matching at their occurrences beats a regex search trying every position.
    for c in "ÃÂâÅï":
        i = text.find(c)
        while i >= 0:
            if _MOJI.match(text, i):
                return True
            i = text.find(c, i + 1)
    return False


def _may_combine(utf8: bytes) -> bool:
    """Whether a text (as UTF-8) may hold a combining accent (U+0300-U+036F)."""
    return b"\xcc" in utf8 or b"\xcd" in utf8


def _moji_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines (within ``[start, end)``) that show encoding damage."""
    out: list[tuple[int, int]] = []
    for m in _MOJI.finditer(text, start, end):
        if out and m.start() < out[-1][1]:
            continue
        ls = max(text.rfind("\n", 0, m.start()) + 1, start)
        le = text.find("\n", m.end())
        out.append((ls, end if le < 0 or le > end else le))
    return out


def _compose_accents(text: str, offsets: OffsetMap) -> tuple[str, OffsetMap]:
    """NFC-compose letters written with combining accents ('e' + U+0301 -> 'é')."""
    from .maps import compose

    b = TextBuilder()
    pos = 0
    for m in _COMBINING.finditer(text):
        b.copy(text, pos, m.start())
        b.replace(unicodedata.normalize("NFC", m.group()), m.start(), m.end())
        pos = m.end()
    b.copy(text, pos, len(text))
    out, outer = b.build()
    return out, compose(outer, offsets)
