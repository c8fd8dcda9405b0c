"""Job-board chrome: buttons, sign-in prompts, cookie notices, fact boxes, blurbs.

Surface forms are data (``vocab/<lang>/chrome.yaml``); this module decides where each kind
may be dropped, because the same words can be part of a posting ("Share" as a one-word
heading, "Discover our offers" in the employer's text):

* anywhere: lines that are only buttons (``button``), sign-in prompts (``signin``) and
  cookie notices (``cookie``): no posting says them alone on a line;
* at the page edges only: fact boxes, placeholders, label blurbs, invitations to other
  pages, ambiguous buttons, breadcrumbs, lines without a letter. A page ends with a run of
  such lines (short "weak" lines such as "Health" or "Nonprofit" may sit between them); the
  run stops at the first line of real text, so a posting's own last lines stay.
* the first line, when it is a question-form headline in another language than the body
  (a blog teaser above the posting).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from .. import vocab
from ..lang import stopword_language
from ..match import first_chars, literal_heads, literal_prefixes, required_literals
from .openings import CASE_ODD, LineOpenings, line_openings, opening_rows

# Labels matched against the whole line (stripped of bullets, symbols, end punctuation).
_WHOLE = ("button", "factbox", "edge_button")
# Labels searched for in the line.
_SEARCH = ("cookie", "placeholder", "label_blurb", "invitation")
# Longest line a sentence label may condemn (a blurb, a notice), in characters.
_MAX_BLURB = 600
# Longest line a button bar or a sign-in prompt may fill.
_MAX_BUTTON_LINE = 130
_MAX_WEAK_RUN = 3

_FACTS = re.compile(r"\d|@|://|www\.")
_CORE = re.compile(r"^[\W_]+|[\W_]+$")
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


# A non-blank line of a text: ``(start, end, line)`` with ``line == text[start:end]``
# (a plain tuple: building a named one costs a call for each of the hundreds of lines).
Line = tuple[int, int, str]
START, END, TEXT = 0, 1, 2


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their spans."""
    out: list[Line] = []
    append = out.append
    pos = 0
    for part in text.split("\n"):  # twice as fast as a regex over the text
        if part:
            end = pos + len(part)
            append((pos, end, part))
            pos = end + 1
        else:
            pos += 1
    return out


def blank_between(text: str, a: Line, b: Line) -> bool:
    """Whether a blank line separates line ``a`` from the later line ``b``."""
    return text.count("\n", a[END], b[START]) >= 2


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern[str]]:
    forms = vocab.merged("chrome")
    out: dict[str, re.Pattern[str]] = {}
    for label in _WHOLE:
        alt = "|".join(f"(?:{f})" for f in forms.get(label, []))
        if label == "button":
            # Scraped button bars glue several labels together ("Edit jobOpen"); matched
            # against the raw line, with its bullets and symbols around.
            out[label] = re.compile(rf"[\W_]*(?:(?:{alt})[\W_]*)+", re.I)
        else:
            out[label] = re.compile(rf"(?:{alt})", re.I)
    for label in _SEARCH:
        alt = "|".join(f"(?:{f})" for f in forms.get(label, []))
        out[label] = re.compile(rf"(?:{alt})", re.I)
    alt = "|".join(f"(?:{f})" for f in forms.get("signin", []))
    out["signin"] = re.compile(rf"[\W_]*(?:{alt})", re.I)
    roots = "|".join(f"(?:{f})" for f in forms.get("breadcrumb", []))
    # A trail: a known first crumb, then two more crumbs behind the same separator (one
    # separator could be a title: "Jobs / Careers Coordinator").
    out["breadcrumb"] = re.compile(rf"(?:{roots})\s*([>›»/|])[^\n]*?\1[^\n]*\S", re.I)
    return out


@lru_cache(maxsize=None)
def _first_sets() -> dict[str, frozenset[str] | None]:
    """Characters each label's forms can start with (``None``: any)."""
    forms = vocab.merged("chrome")
    out: dict[str, frozenset[str] | None] = {}
    for label, fs in forms.items():
        chars: set[str] = set()
        for f in fs:
            fc = first_chars(f)
            if fc is None:
                out[label] = None
                break
            chars |= fc
        else:
            out[label] = frozenset(chars)
    return out


@lru_cache(maxsize=None)
def _literals() -> dict[str, frozenset[str] | None]:
    """For each label, literals one of which any of its matches contains (``None``: no
    such set), so that most lines are ruled out without running the regex."""
    out: dict[str, frozenset[str] | None] = {}
    for label, fs in vocab.merged("chrome").items():
        lits: set[str] = set()
        for f in fs:
            req = required_literals(f)
            if req is None:
                out[label] = None
                break
            lits |= req
        else:
            out[label] = frozenset(lits)
    return out


def _may_contain(label: str, low: str) -> bool:
    lits = _literals().get(label)
    return lits is None or any(x in low for x in lits)


def _may_start(label: str, first: str) -> bool:
    chars = _first_sets().get(label, frozenset())
    return chars is None or first in chars


_ALNUM = re.compile(r"[^\W_]")



def _core(line: str) -> str:
    """``line`` without the symbols, spaces and underscores around it (``_CORE`` removed)."""
    # [^\W_] is exactly str.isalnum(): the first letter is found by the regex, the last
    # one by stepping back over the few closing symbols (the regex would try every
    # position of the line for a run that ends it).
    m = _ALNUM.search(line)
    if m is None:
        return ""
    end = len(line)
    while not line[end - 1].isalnum():
        end -= 1
    return line[m.start():end]


def _has_letter(line: str) -> bool:
    return _ALNUM.search(line) is not None


def _heads(label: str) -> frozenset[str] | None:
    """The first two letters (lower case) of every form of ``label`` (``None``: unknown)."""
    heads: set[str] = set()
    for f in vocab.merged("chrome").get(label, []):
        pre = literal_prefixes(f)
        if pre is None or not all(p[:1].isalnum() for p in pre):
            return None
        heads.update(p[:2] for p in pre)
    return frozenset(heads)


def _openers(label: str) -> dict[str, tuple[str, ...]] | None:
    """The literal openings (lower case) of the forms of ``label``, by their first two
    letters (``None``: some form opens otherwise)."""
    out: dict[str, set[str]] = {}
    for f in vocab.merged("chrome").get(label, []):
        pre = literal_prefixes(f)
        if pre is None or not all(p[:1].isalnum() for p in pre):
            return None
        for p in pre:
            out.setdefault(p[:2], set()).add(p)
    return {h: tuple(sorted(ps)) for h, ps in out.items()}


# Characters re.I matches to a letter that str.lower() does not turn into it ("ı" to i,
# "ſ" to s; "İ" lowers to two characters).
_CASE_ODD = CASE_ODD


class _Anywhere(NamedTuple):
    button: re.Pattern[str]
    button_first: frozenset[str]
    signin: re.Pattern[str]
    signin_first: frozenset[str]
    cookie: re.Pattern[str]
    cookie_words: tuple[str, ...]
    button2: frozenset[str] | None
    signin2: frozenset[str] | None
    button_open: dict[str, tuple[str, ...]] | None
    signin_open: dict[str, tuple[str, ...]] | None
    width: int
    """Length of the longest opening."""
    heads: frozenset[str] | None
    """Every two-letter head a button or sign-in line may open with (``None``: any)."""
    lead: LineOpenings | None
    """Lines that open with a button or sign-in opening (``None``: some form opens
    otherwise)."""


@lru_cache(maxsize=1)
def _anywhere() -> _Anywhere:
    p = _patterns()
    sets = _first_sets()
    words = tuple(dict.fromkeys(w.lower() for w in vocab.merged("chrome").get("cookie_words", [])))
    b2, s2 = _heads("button"), _heads("signin")
    bo, so = _openers("button"), _openers("signin")
    width = max((len(x) for o in (bo, so) if o for xs in o.values() for x in xs), default=0)
    lead = None
    if bo is not None and so is not None:
        lead = line_openings([x for o in (bo, so) for xs in o.values() for x in xs], r"[\W_]")
    return _Anywhere(p["button"], sets["button"] or frozenset(), p["signin"], sets["signin"] or frozenset(),
                     p["cookie"], words, b2, s2, bo, so, width,
                     None if b2 is None or s2 is None else b2 | s2, lead)


def _button_or_signin(line: str, s: int, odd: bool) -> str | None:
    """"button" or "signin" for a line whose first letter or digit is at ``s``, else
    ``None``; ``odd``: the text holds characters that ``re.I`` and ``str.lower`` read
    differently (:data:`_CASE_ODD`)."""
    a = _anywhere()
    head = line[s:s + 2].lower()
    first = head[:1]
    low = None
    # Forms open with a literal text: unless the line opens with one of them, the long
    # alternations cannot match (the first two letters rule out most lines, the whole
    # opening almost all of the rest).
    if first in a.button_first:
        if odd or a.button_open is None:
            ok = a.button2 is None or head in a.button2
        else:
            pre = a.button_open.get(head)
            low = line[s:s + a.width].lower()
            ok = pre is not None and low.startswith(pre)
        if ok and a.button.fullmatch(line):
            return "button"
    if first in a.signin_first:
        if odd or a.signin_open is None:
            ok = a.signin2 is None or head in a.signin2
        else:
            pre = a.signin_open.get(head)
            ok = pre is not None and (low or line[s:s + a.width].lower()).startswith(pre)
        if ok and a.signin.match(line):
            return "signin"
    return None


def anywhere_kind(line: str) -> str | None:
    """The chrome label of a line that is chrome wherever it stands, else ``None``."""
    return _anywhere_low(line)[0]


def _anywhere_low(line: str) -> tuple[str | None, str | None]:
    """:func:`anywhere_kind` of ``line``, and ``line.lower()`` if it was computed (for every
    line of up to _MAX_BLURB characters that is not a button or sign-in prompt)."""
    a = _anywhere()
    n = len(line)
    if n <= _MAX_BUTTON_LINE:
        m = _ALNUM.search(line)
        if m is not None:
            kind = _button_or_signin(line, m.start(), any(c in line for c in _CASE_ODD))
            if kind:
                return kind, None
    if n <= _MAX_BLURB:
        low = line.lower()
        for w in a.cookie_words:
            if w in low:
                return ("cookie" if a.cookie.search(line) else None), low
        return None, low
    return None, None


# The only characters outside ASCII whose lower case holds an ASCII letter.
_LOWER_TO_ASCII = ("\u0130", "\u212a")
_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def _may_hold_words(text: str, words: tuple[str, ...], utf8: bytes | None = None) -> bool:
    """Whether some line of ``text``, lower-cased, may contain one of ``words`` (``utf8``:
    UTF-8 that holds every run of ASCII letters of ``text``, when the caller has it)."""
    if not all(w.isascii() and w.isalpha() for w in words) or any(c in text for c in _LOWER_TO_ASCII):
        return bool(words)
    # Lower-casing UTF-8 bytes touches ASCII letters only, which is all an ASCII word can
    # be made of here: far cheaper than str.lower() of each line.
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    low = utf8.lower()
    return any(w.encode() in low for w in words)


def anywhere_kinds(text: str, lines: list[Line], lo: int, hi: int,
                   utf8: bytes | None = None) -> dict[int, str]:
    """:func:`anywhere_kind` of ``lines[lo:hi]`` (``split_lines(text)``), by index, for the
    lines that have one (``utf8``: UTF-8 that holds every run of ASCII letters of ``text``,
    e.g. ``text`` encoded, when the caller has it)."""
    out: dict[int, str] = {}
    if lo >= hi:
        return out
    a = _anywhere()
    if _may_hold_words(text, a.cookie_words, utf8):
        for i in range(lo, hi):
            kind = anywhere_kind(lines[i][TEXT])
            if kind:
                out[i] = kind
        return out
    # No cookie word anywhere: only the button and sign-in tests of anywhere_kind remain.
    alnum = _ALNUM.search
    heads = a.heads
    odd = any(c in text for c in _CASE_ODD)
    # Without odd letters, _button_or_signin accepts only lines that open with one of the
    # openings: one regex pass finds them (about one line in a hundred).
    rows = range(lo, hi) if odd or a.lead is None else opening_rows(text, lines, lo, hi, a.lead)
    for i in rows:
        line = lines[i][TEXT]
        if len(line) > _MAX_BUTTON_LINE:
            continue
        if line[0].isalnum():  # [^\W_] is str.isalnum(): most lines open with a letter
            s = 0
        else:
            m = alnum(line)
            if m is None:
                continue
            s = m.start()
        if heads is None or line[s:s + 2].lower() in heads:
            kind = _button_or_signin(line, s, odd)
            if kind:
                out[i] = kind
    return out


def edge_kind(line: str) -> str | None:
    """The chrome label of a line that is chrome at the edges of a page, else ``None``."""
    kind, low = _anywhere_low(line)
    if kind:
        return kind
    if not _has_letter(line):
        return "symbols"
    p = _patterns()
    core = _core(line)
    if len(core) <= 80:
        for label in ("factbox", "edge_button"):
            if _may_start(label, core[:1].lower()) and p[label].fullmatch(core):
                return label
    if low is not None:  # the line has up to _MAX_BLURB characters
        for label, lits, rx in _sentence_labels():
            if (lits is None or any(x in low for x in lits)) and _found(label, rx, line, low):
                return label
    return None


@lru_cache(maxsize=1)
def _sentence_labels() -> tuple[tuple[str, tuple[str, ...] | None, re.Pattern[str]], ...]:
    """Each label searched for in an edge line, the literals one of which its matches hold
    (``None``: unknown), and its regex."""
    out = []
    for label in ("placeholder", "label_blurb", "invitation"):
        lits = _literals().get(label)
        out.append((label, None if lits is None else tuple(sorted(lits)), _patterns()[label]))
    return tuple(out)


# Characters checked to have no such look-alike (case-free ones have none).
_PLAIN_HEAD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '-.,:àâçéèêëîïôùûüœæ")


@lru_cache(maxsize=None)
def _openings(label: str) -> tuple[str, ...] | None:
    """The first (up to three) letters every match of ``label`` opens with, lower case;
    ``None`` when a form has no literal opening."""
    heads: set[str] = set()
    for f in vocab.merged("chrome").get(label, []):
        pre = literal_heads(f, 3)
        if pre is None:
            return None
        heads.update(pre)
    if not heads or not all(set(h) <= _PLAIN_HEAD for h in heads):
        return None
    return tuple(sorted(heads))


def _found(label: str, rx: re.Pattern[str], line: str, low: str) -> bool:
    """``rx.search(line)`` for the forms of ``label`` (``low`` is ``line.lower()``)."""
    heads = _openings(label)
    if heads is None or len(low) != len(line) or any(c in line for c in _CASE_ODD):
        return rx.search(line) is not None
    # A match opens where one of its openings does: trying the regex there only is
    # several times cheaper than a search that tries every position of the line.
    for h in heads:
        i = low.find(h)
        while i >= 0:
            if rx.match(line, i) is not None:
                return True
            i = low.find(h, i + 1)
    return False


def is_weak(line: str) -> bool:
    """A short line that says little by itself (a tag, a sector).

    Lines with a figure, an address or a sentence end are never weak: dates, amounts,
    e-mails and links belong to the posting.
    """
    core = _core(line)
    if len(core) > 50 or line.rstrip().endswith(".") or _FACTS.search(core):
        return False
    return len(_WORDS.findall(core)) <= 6


def tail_start(lines: list[Line], lo: int = 0, hi: int | None = None) -> int:
    """Index of the first line of the chrome run that ends ``lines[lo:hi]`` (``hi`` if none).

    The run is read backwards from the last line: chrome lines extend it, up to
    ``_MAX_WEAK_RUN`` weak lines may sit between chrome lines, and the first other line
    stops it. Weak lines above the topmost chrome line stay.
    """
    hi = len(lines) if hi is None else hi
    cut = hi
    weak = 0
    i = hi - 1
    while i >= lo:
        line = lines[i][TEXT]
        if edge_kind(line):
            cut, weak = i, 0
        elif is_weak(line):
            weak += 1
            if weak > _MAX_WEAK_RUN:
                break
        else:
            break
        i -= 1
    return cut


def head_end(text: str, lines: list[Line], body_lang: Callable[[], str | None]) -> tuple[int, list[str]]:
    """Index of the first line after the chrome that opens the page, and the labels found.

    ``body_lang`` gives the language of the body (asked only when the first line could be
    a headline in another language).
    """
    p = _patterns()
    kinds: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i][TEXT]
        kind = edge_kind(line)
        if kind is None and p["breadcrumb"].fullmatch(_core(line)):
            kind = "breadcrumb"
        if kind is None and i == 0 and _is_foreign_headline(text, lines, body_lang):
            kind = "headline"
        if kind is None:
            break
        kinds.append(kind)
        i += 1
    return i, kinds


def _is_foreign_headline(text: str, lines: list[Line], body_lang: Callable[[], str | None]) -> bool:
    """A first line asking a question in another language than the body: a blog teaser."""
    first = lines[0][TEXT].strip()
    if len(lines) < 2 or not first.endswith("?") or len(_WORDS.findall(first)) > 15:
        return False
    if not blank_between(text, lines[0], lines[1]):
        return False
    own = stopword_language(first, min_words=2)
    return own is not None and own != body_lang()
