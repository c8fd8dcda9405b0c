"""Extractor and resolver for ``employer``: the hiring organisation.

Candidates: reader hints (hiringOrganization, France Travail's company), the board header
(France Travail's company line, "Employer · City", "Employer - City", a name line under the
title), sentences that name the organisation ("ArianeGroup recrute", "Chez Lindab,",
"Rejoignez X", "X, association ... créée en 1971", "X is seeking", "At X, we", "X is an
equal opportunity employer"), and as a last resort an organisation name the text repeats.

A header name that the description never repeats may be the board's (aggregators put
their own name there), so it scores lower than one the body confirms. An agency that
recruits "pour son client" / "for our client" without naming it is not the employer,
unless the job is temporary work (intérim, W2 contracts): then the agency is the employer
of record. Job boards are never the employer.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from functools import lru_cache
from typing import Any

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder, Scan, scan_of
from ..match import fold as fold_text
from ..match import literal_forms
from ..model import Record
from .gazetteer import fold
from .header import FT_PLACE, ft_company_line, header_of, is_posted_line, split_pair
from .places import covers, parse_places
from .title import head_nouns

KEYS = ("employer",)

_WORD = r"(?:[A-ZÀ-Ý0-9][\w&'’.+-]*[\w&+]|[A-ZÀ-Ý])"
_LINK = r"(?:de|du|des|la|le|d'|l'|of|and|&|the|for|et|en|sans|du|von|van)"
_LEGAL = r"(?:,?\s+(?:Inc\.?|LLC|PLLC|Ltd\.?|SAS|SA|SARL|GmbH|LLP|Corp\.?|Co\.))"
NAME = rf"{_WORD}(?:[ \t]+(?:{_LINK}[ \t]+)*{_WORD}){{0,6}}{_LEGAL}?"
# The same names, for a search ending at the end of the string: there a word can only end
# where its run of word characters ends (what may follow a word is never one of them), so
# the run is taken whole, with no backtracking into it; and since a match opens with one
# character class, the engine skips the places it cannot start at in C.
_RUN_WORD = r"[A-ZÀ-Ý0-9](?:[\w&'’.+-]++(?<=[\w&+])|(?<=[A-ZÀ-Ý])(?![\w&'’.+-]))"
_RUN_NAME = rf"{_RUN_WORD}(?:[ \t]+(?:{_LINK}[ \t]+)*{_RUN_WORD}){{0,6}}{_LEGAL}?"
NAME_END_TAIL = r"\s*(?:\([A-Z0-9]{2,10}\))?\s*,?\s*$"
_NAME_END = re.compile(rf"({_RUN_NAME}){NAME_END_TAIL}")
_NAME_START = re.compile(rf"^({NAME})")
_ARTICLE = re.compile(r"^(?:l'|l’|la\s+|le\s+|les\s+|the\s+)", re.I)
_ABBREV = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Cie|Bros|Assn|S\.A|S\.A\.S)\.$")
# "X's", "X Team", "X équipe" at the end: ``(?:['’]s|\s+(?:team|...))$`` written to open
# with one character class, so that a search skips in C to the quotes and spaces (one that
# opens otherwise runs the whole pattern at every character of the name).
_TAIL = re.compile(r"['’\s](?:(?<=['’])s|(?<=\s)\s*(?:team|family|équipe|group\s+team))$", re.I)
# "BARR Center – Recruitment Manager": an organisation before the title on the title line.
_TITLE_PREFIX = re.compile(rf"^({NAME})\s+[–—-]\s+(.+)$")
_ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z0-9&]{1,9})\)")
# A preposition closing a text (before the spaces that end it), looked for in the last
# ``_PREP_REACH`` characters only (the longest preposition): a search from the start
# would try every position of the line.
_PREP_END = re.compile(r"\b(?:in|at|near|from|of|à|a|en|dans|de|du|des|près de|pour)\Z", re.I)
_PREP_REACH = 7
_GLUE = re.compile(r"[a-z]([A-Z][a-z]*)$")
_REPEATED = re.compile(rf"\b({_WORD}(?:[ \t]+(?:{_LINK}[ \t]+)*{_WORD}){{1,4}})")
# Compiled once (re's own cache costs a lookup per call on these per-candidate paths).
# ``[\s,]+`` and ``[\W_]+`` as one class then a repeat: a pattern opening with a class is
# searched by skipping in C to its characters.
_WORD_SPLIT = re.compile(r"[\s,][\s,]*")
_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
_TOKEN_SPLIT = re.compile(r"[\W_][\W_]*")
_NOT_A_NAME_LINE = re.compile(r"\d|[:?!€$]")


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    merged: dict[str, list[str]] = {}
    for lang in vocab.LANGS:
        for key, forms in vocab.load(lang, "employer").items():
            merged.setdefault(key, []).extend(forms)

    def alt(key: str) -> str:
        return "|".join(f"(?:{f})" for f in merged.get(key, [])) or r"(?!x)x"

    return {
        "recruits": Finder(merged.get("recruits", [])),
        "describes": Finder(merged.get("describes", [])),
        "after": Finder(merged.get("after", [])),
        "client": Finder(merged.get("client", [])),
        "temporary": Finder(merged.get("temporary", [])),
        "boards": re.compile(rf"^(?:{alt('boards')})\b", re.I),
        "not_names": re.compile(rf"^(?:{alt('not_names')})$", re.I),
        "not_names_ascii": _ascii_words(merged.get("not_names", [])),
    }


# Letters outside ASCII that ``re.I`` matches with an ASCII letter (Kelvin sign, long s,
# dotless i, dotted capital I).
_ASCII_KIN = frozenset("\u212a\u017f\u0131\u0130")


def _ascii_words(forms: list[str]) -> frozenset[str] | None:
    """The ASCII texts that forms of plain words (with optional parts) match, lower-cased,
    or None when a form is more than that or holds a letter ``re.I`` matches with ASCII."""
    words: set[str] = set()
    for f in forms:
        texts = literal_forms(f)
        if texts is None or any(c in _ASCII_KIN for t in texts for c in t):
            return None
        words.update(t for t in texts if t.isascii())
    return frozenset(words)


def _not_name(word: str) -> bool:
    """``not_names`` matches the whole of ``word``: one set look-up for an ASCII word (the
    regex tries its hundred forms one after the other)."""
    v = _vocab()
    plain = v["not_names_ascii"]
    # An ASCII word matches exactly the ASCII forms, letter case aside ("$" would also
    # match before a final newline).
    if plain is not None and word.isascii() and "\n" not in word:
        return word.lower() in plain
    return v["not_names"].match(word) is not None


def _job_noun(word: str) -> bool:
    """A singular job noun ("Chef", "Manager"): a name ending so is a job, not an
    organisation; plurals are common in firm names ("Kestrel Advisors")."""
    head = head_nouns()
    if not head.fullmatch(word):
        return False
    return not (word[-1:] in "sS" and head.fullmatch(word[:-1]) and len(word) > 3)


def clean_name(name: str) -> str:
    """A name without leading article, possessive or trailing "Team"."""
    name = name.strip(" ,:;-–—*#")
    name = _TAIL.sub("", name).strip(" ,")
    # A final full stop ends the sentence, unless it ends an abbreviation ("Inc.").
    if name.endswith(".") and not _ABBREV.search(name):
        name = name.rstrip(".").strip()
    art = _ARTICLE.match(name)
    # "THE WELL" keeps its article: written in capitals it is part of the name.
    if art and len(name) > art.end() + 1 and name[art.end()].isupper() and not name[:art.end()].strip().isupper():
        name = name[art.end():]
    return name.strip()


# A posting names its organisation in several sentences: the gazetteer is asked once.
@lru_cache(maxsize=32)
def _is_place(name: str) -> bool:
    found = parse_places(name, strong=True)
    return bool(found) and covers(name, found)


def _valid(name: str) -> bool:
    words = [w for w in _WORD_SPLIT.split(name) if w]
    if not words or len(name) < 2 or len(words) > 8:
        return False
    if all(_not_name(w.strip("'’")) for w in words):
        return False
    if _not_name(words[0].strip("'’")) and len(words) == 1:
        return False
    # Flattened text glues a heading to the next sentence ("RoleWe are looking for").
    glued = _GLUE.search(words[-1])
    if glued and _not_name(glued.group(1)):
        return False
    return bool(_LETTER.search(name))


def _cand(doc: Doc, start: int, raw: str, rule: str, score: float,
          context: tuple[int, int] | None = None) -> Candidate | None:
    name = clean_name(raw)
    if not _valid(name):
        return None
    # "The Head Chef is looking for", "A pub in Northamptonshire is looking for": a job or
    # a place, not an organisation (a title ends with its job noun).
    if _job_noun(name.split()[-1]):
        return None
    if not rule.startswith("employer.header") and not name.isupper() and _is_place(name):
        return None
    off = raw.find(name)
    if off < 0:
        return None
    span = (start + off, start + off + len(name))
    extra = (context,) if context else ()
    return Candidate("employer", name, span, doc.text[span[0]:span[1]], rule, score, extra)


def _prep_before(s: str) -> bool:
    """Whether ``s`` ends with a preposition and spaces ("... food in ")."""
    core = s.rstrip()
    return len(core) < len(s) and _PREP_END.search(core, max(0, len(core) - _PREP_REACH)) is not None


def _in_lowered(scan: Scan, needle: str, start: int = 0) -> bool:
    """``scan.lower.find(needle, start) >= 0`` without lower-casing the whole text.

    Lower-casing a 10 KB posting costs more than the rest of this field. Where the lower
    case holds ``needle``, the folded text (made for every posting) holds its fold, so
    its occurrences there are the only places to check, each on its own few characters.
    """
    if needle.lower() != needle:  # its fold is not the fold of a lower-case text
        return scan.lower.find(needle, start) >= 0
    text, low, n = scan.text, scan.low, len(needle)
    key = fold_text(needle)
    i = low.find(key, start)
    while i >= 0:
        seg = text[i:i + n]
        if "\u03a3" in seg:  # a capital sigma lower-cases by its neighbours
            return scan.lower.find(needle, start) >= 0
        got = seg.lower()
        if len(got) != n:  # as lowered(): a character lower-cased to several stays as it is
            got = "".join(c if len(c.lower()) != 1 else c.lower() for c in seg)
        if got == needle:
            return True
        i = low.find(key, i + 1)
    return False


def _recurs(name: str, doc: Doc, start: int) -> bool:
    """Whether every significant word of a header name comes back in the description
    (lower-cased, from ``start`` on)."""
    toks = [t for t in _TOKEN_SPLIT.split(name.lower()) if len(t) > 2]
    if not toks:
        return False
    scan = scan_of(doc.text)
    return all(_in_lowered(scan, t, start) for t in toks)


def _header(doc: Doc) -> list[Candidate]:
    h = header_of(doc)
    out: list[Candidate] = []
    if not h.lines:
        return out
    body = h.lines[min(len(h.lines) - 1, 3)].span[1]  # where the description starts
    ft = ft_company_line(h)
    if ft is not None:
        c = _cand(doc, ft.span[0], ft.text, "employer.header.ft", 0.9)
        return [c] if c else []
    for ln in h.lines[1:3]:
        pair = split_pair(ln.text)
        if pair and not FT_PLACE.match(ln.text):
            left, right, _ = pair
            if not parse_places(right, strong=True):
                continue
            linkedin = "·" in ln.text
            score = 0.9 if linkedin else (0.85 if _recurs(left, doc, body) else 0.55)
            c = _cand(doc, ln.span[0], left, "employer.header.pair", score)
            if c:
                out.append(c)
            return out
    if len(h.lines) > 1:
        ln = h.lines[1]
        text = ln.text
        words = text.split()
        if (1 <= len(words) <= 6 and not _NOT_A_NAME_LINE.search(text) and not is_posted_line(text)
                and text[:1].isupper() and not head_nouns().search(text) and not _is_place(text)):
            c = _cand(doc, ln.span[0], text, "employer.header.line",
                      0.7 if _recurs(text, doc, body) else 0.45)
            if c:
                out.append(c)
    first = h.lines[0].text
    m = _TITLE_PREFIX.match(first)
    if m and not head_nouns().search(m.group(1)) and head_nouns().search(m.group(2)):
        c = _cand(doc, h.lines[0].span[0], m.group(1), "employer.header.title_prefix", 0.4)
        if c:
            out.append(c)
    return out


def _sentences(doc: Doc) -> list[Candidate]:
    v = _vocab()
    text = doc.text
    out: list[Candidate] = []
    for key, score in (("describes", 0.8), ("recruits", 0.7)):
        for _, m in v[key].finditer(text):
            line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 90)
            left = text[line_start:m.start()]
            nm = _NAME_END.search(left)
            # "... food in Northamptonshire is looking for": a complement, not the subject.
            if not nm or _prep_before(left[:nm.start(1)]):
                continue
            c = _cand(doc, line_start + nm.start(1), nm.group(1), f"employer.{key}", score,
                      (m.start(), m.end()))
            if c:
                out.append(c)
    for _, m in v["after"].finditer(text):
        right = text[m.end():m.end() + 90].split("\n", 1)[0]
        nm = _NAME_START.match(right)
        if not nm:
            continue
        c = _cand(doc, m.end(), nm.group(1), "employer.mention", 0.7, (m.start(), m.end()))
        if c:
            out.append(c)
    return out


_OWNER_BEFORE = ("at ", "of ", "chez ", "with ", "for ", "by ", "within ", "join ", "rejoindre ",
                 "rejoignez ")


def _repeated(doc: Doc) -> list[Candidate]:
    """The organisation a text keeps naming ("Médecins du Monde's ..." four times)."""
    text = doc.text
    raw = Counter(m.group(1) for m in _REPEATED.finditer(text))
    counts: Counter[str] = Counter()
    for phrase, n in raw.items():
        if n >= 2:
            counts[clean_name(phrase)] += n
    scan = scan_of(text)
    out = []
    for name, n in counts.most_common(5):
        if n < 3 or not _valid(name) or "\n" in name or re.search(r"\d", name):
            continue
        # A title ends with its job noun ("Press Manager"); an organisation rarely does.
        if _job_noun(name.split()[-1]) or parse_places(name, strong=False):
            continue
        lname = name.lower()
        # "a Chef de Partie": a job takes an indefinite article, an organisation does not.
        if any(_in_lowered(scan, f"{art} {lname}") for art in (" a", " an", " un", " une")):
            continue
        # ... and is said to own or host something at least once ("X's teams", "of X").
        if not (_in_lowered(scan, f"{lname}'s") or _in_lowered(scan, f"{lname}’s")
                or any(_in_lowered(scan, f"{w}{lname}") for w in _OWNER_BEFORE)):
            continue
        start = text.find(name)
        out.append(Candidate("employer", name, (start, start + len(name)), name,
                             "employer.repeated", 0.3 + 0.02 * min(n, 5)))
    return out


def _expand_acronyms(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"GLA is hiring" after "Global Law Advocates, PLLC (GLA)": the name, not the acronym."""
    short = {c.value for c in cands if c.value.isupper() and len(c.value) <= 10}
    if not short:
        return cands
    defined: dict[str, str] = {}
    text = doc.text
    for a in _ACRONYM_DEF.finditer(text):
        if a.group(1) in short and a.group(1) not in defined:
            nm = _NAME_END.search(text, max(0, a.start() - 90), a.start())
            if nm:
                defined[a.group(1)] = nm.group(1)
    out = []
    for c in cands:
        full = defined.get(c.value)
        if full and _valid(clean_name(full)):
            c = Candidate(c.key, clean_name(full), c.span, c.text, c.rule, c.score, c.spans)
        out.append(c)
    return out


def extract_employer(doc: Doc) -> list[Candidate]:
    """Candidate employer names from the header and the sentences of ``doc.text``."""
    try:
        found = _header(doc) + _sentences(doc)
        if not found:  # last resort only: it reads every capitalised phrase
            found = _repeated(doc)
    except (ValueError, re.error, IndexError, sqlite3.Error):  # odd content never stops a parse
        return []
    seen: set[tuple[str, tuple[int, int]]] = set()
    out = []
    for c in _expand_acronyms(doc, found):
        if (c.rule, c.span) not in seen:
            seen.add((c.rule, c.span))
            out.append(c)
    return out


def _same(a: str, b: str) -> bool:
    fa, fb = fold(a).replace(" and ", " "), fold(b).replace(" and ", " ")
    return bool(fa and fb) and (fa in fb or fb in fa)


def _spelling(name: str, text: str) -> str:
    """The text's most frequent spelling of a name ("X & Y" vs "X and Y")."""
    variants = {name, name.replace(" and ", " & "), name.replace(" & ", " and ")}
    return max(variants, key=lambda n: (text.count(n), n == name))


def resolve_employer(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Hints first, then score plus support from agreeing mentions; recruiters and boards out."""
    v = _vocab()
    pool: list[Candidate] = []
    for c in cands:
        if v["boards"].match(fold(c.value)):
            trace.reject(c, f"employer: {c.value!r} is a job board")
        else:
            pool.append(c)
    if not pool:
        return
    hints = [c for c in pool if c.rule.startswith("hint.")]

    def support(c: Candidate) -> float:
        others = {o.rule + str(o.span) for o in pool if o is not c and _same(o.value, c.value)}
        return min(len(others), 3) * 0.05

    order = sorted(hints or pool, key=lambda c: (-(c.score + support(c)), c.span[0]))
    best = order[0]
    client = next((m for _, m in v["client"].finditer(doc.text)), None)
    if client and next(v["temporary"].finditer(doc.text), None) is None:
        for c in pool:
            trace.reject(c, f"employer: {c.value!r} recruits for a client it does not name "
                            f"({client.group(0)!r})")
        return
    agreeing = [c for c in pool if _same(c.value, best.value)]
    for c in pool:
        if c not in agreeing:
            trace.reject(c, f"employer: {best.value!r} ({best.rule}) kept over {c.value!r} ({c.rule})")
    rec.employer.name = _spelling(best.value, doc.text)
    trace.use("employer", *agreeing)
