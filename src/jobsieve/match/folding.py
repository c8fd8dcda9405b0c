"""The folding of text and patterns: lower case, accents off, one byte per character.

A folded text has the length of the original, so offsets into one are offsets into the
other; a folded pattern reads in folded text as the original does in the original.
"""

from __future__ import annotations

import codecs
import threading

# Searching a string whose characters all fit in one byte is several times faster in
# CPython, so folding also narrows the few wider characters postings use to one-byte
# look-alikes (same length, so offsets stay valid).
_NARROW = {"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2010": "-",
           "\u2011": "-", "\u2022": "*", "\u2026": ".", "\u0153": "o", "\u0152": "o",
           "\uff1a": ":", "\u20ac": "\xa4"}
WIDE_STANDIN = "?"
"""What every other character wider than one byte folds to."""
# bytes.translate runs at memory speed where str.translate looks every character up.
_FOLD = bytes(range(256)).translate(bytes.maketrans(
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ".encode("latin-1"), b"aaaaaaceeeeiiiinooooouuuuyy"))


def lowered(text: str) -> str:
    """``text`` in lower case with the same offsets (a character whose lower case is longer
    is kept as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# Each one-byte character folded in one step: its lower case (one byte too), accents off.
_FOLD_BYTE = bytes(_FOLD[ord(chr(b).lower())] for b in range(256))
_WIDE_FOLDS: dict[str, str] = {}


def _fold_wide(c: str) -> str:
    """How a character wider than one byte folds (what :func:`lowered`, the narrowing and
    the accent table make of it)."""
    low = c.lower()
    if len(low) != 1:
        low = c
    low = _NARROW.get(low, low)
    return chr(_FOLD[ord(low)]) if ord(low) <= 0xFF else WIDE_STANDIN


# Wide characters whose lower or title case is longer ("ﬁ" -> "Fi"), noted as the fold
# meets them: :func:`fold_cases` then tells without another pass over the text.
_LONGER_CASES: set[str] = set()
_seen = threading.local()


def _fold_errors(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    known = _WIDE_FOLDS
    out = []
    for c in exc.object[exc.start:exc.end]:
        f = known.get(c)
        if f is None:
            f = _fold_wide(c)
            if len(c.lower()) != 1 or len(c.title()) != 1:
                _LONGER_CASES.add(c)
            if len(known) < 65536:
                known[c] = f
        if c in _LONGER_CASES:
            _seen.longer = True
        out.append(f)
    return "".join(out), exc.end


codecs.register_error("jobsieve.fold", _fold_errors)


def fold(text: str) -> str:
    """``text`` lower-cased, accent-folded and narrowed to one-byte characters, with the
    same length (offsets into it are offsets into ``text``).

    >>> fold("Durée : 12 MOIS – Télétravail")
    'duree : 12 mois - teletravail'
    """
    if text.isascii():
        return text.lower()
    # One pass in C: wide characters are folded as the encoder meets them (a few per
    # posting), every other one by the byte table; lower-casing the whole text first
    # costs more than all of it.
    return text.encode("latin-1", "jobsieve.fold").translate(_FOLD_BYTE).decode("latin-1")


def fold_cases(text: str) -> tuple[str, bool]:
    """:func:`fold` of ``text``, and whether some character of it may change length when
    lower- or title-cased (then ``str.title()`` offsets may not be the text's)."""
    if text.isascii():
        return text.lower(), False
    _seen.longer = False
    low = fold(text)
    # The one such character of one byte: "ß" (title case "Ss").
    return low, _seen.longer or "\xdf" in text


# How each wide character a posting holds folds (a byte), plus two flags: its lower or
# title case is longer; it folds to the stand-in though it is a word character.
_LONGER = 0x100
_HIDDEN_WORD = 0x200
_WIDE_CODES: dict[str, int] = {}


def _wide_code(c: str) -> int:
    code = _FOLD_BYTE[ord(_fold_wide(c))]
    if len(c.lower()) != 1 or len(c.title()) != 1:
        code |= _LONGER
    if code & 0xFF == ord(WIDE_STANDIN) and (c.isalnum() or c == "_"):
        code |= _HIDDEN_WORD
    if len(_WIDE_CODES) < 65536:
        _WIDE_CODES[c] = code
    return code


def fold_bytes(text: str) -> tuple[bytes, bytes, bool, list[int]]:
    """``text`` encoded in latin-1 with "?" for each wider character, its :func:`fold` as
    bytes, whether some character of it may change length when lower- or title-cased, and
    where a word character folds to the stand-in (a word start of the fold that is none
    of the text may follow it).

    The same as :func:`fold_cases` with the raw bytes kept: one encoding serves the fold
    and the readers of letter cases and digits. Wide characters are few (a quote, a dash):
    they are found by the "?" they are encoded to and folded one by one.
    """
    if text.isascii():
        raw = text.encode("ascii")
        return raw, raw.lower(), False, []
    raw = text.encode("latin-1", "replace")
    folded = raw.translate(_FOLD_BYTE)
    # The one character of one byte whose title case is longer: "ß" ("Ss").
    longer = b"\xdf" in raw
    hidden: list[int] = []
    q = raw.find(b"?")
    if q < 0:
        return raw, folded, longer, hidden
    buf = bytearray(folded)
    find, known = raw.find, _WIDE_CODES
    while q >= 0:
        c = text[q]
        if c != "?":
            code = known.get(c)
            if code is None:
                code = _wide_code(c)
            buf[q] = code & 0xFF
            if code > 0xFF:
                longer = longer or bool(code & _LONGER)
                if code & _HIDDEN_WORD:
                    hidden.append(q)
        q = find(b"?", q + 1)
    return raw, bytes(buf), longer, hidden


def fold_char(c: str) -> str:
    """How one literal character of a pattern reads in :func:`fold`-ed text."""
    c = c.lower()
    if len(c) != 1:
        return c
    if ord(c) > 0xFF:
        return _NARROW.get(c, WIDE_STANDIN)
    return chr(_FOLD[ord(c)])


def fold_pattern(pattern: str) -> str:
    """``pattern`` as it reads in :func:`fold`-ed text: literal letters lower-cased and
    accent-folded (escapes and group names kept)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(fold_char(c))
            i += 1
    return "".join(out)
