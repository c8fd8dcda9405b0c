"""Spoken languages asked: ``languages`` (ISO 639-1 code, CEFR level, required or not).

Language names are those of pycountry (ISO 639-1, English and French names) plus the
aliases of ``vocab/<lang>/languages.yaml``. A name counts only in a requirement context:

1. after a label ("Langues : Français et Anglais courants", "Languages:\\n• English, French");
2. after a noun with only small words between ("Maîtrise de l'anglais", "Excellent command
   of French and English", "Connaissance de la langue anglaise");
3. after a verb ("Vous parlez anglais", "Fluent in both Mandarin and English");
4. before a qualifier ("Anglais courant", "Français Exigé", "English (Required)");
5. alone on a list line ("• Anglais");
6. a language certificate ("TOEIC 850" asks English; its score is no CEFR level).

Names joined by "et", "and", ",", "/" form one group sharing the context, the CEFR level
and the qualifier of their clause ("Anglais et français : niveau C1 - Arabe apprécié").
A posting merely written in a language, places ("French Guiana"), "English-speaking
countries" and programming languages are not requirements.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder, scan_of
from ..model import LanguageRequirement, Record
from ..readers.values import fold
from ..resolve import ranked
from .qualifiers import clause_span, is_optional

KEYS = ("languages",)

_SEP = re.compile(r"\s*(?:,|/|&|\+|\bet\b|\band\b|\bou\b|\bor\b|\bainsi que\b|\bas well as\b)\s*"
                  r"(?:(?:de\s+l['’]|du|de\s+la|l['’]|le|la|the|d['’]|en)\s*)?", re.I)
_CEFR = re.compile(r"(?<![A-Za-z0-9])[ABC][12](?![0-9])")
_LINE_JUNK = " \t•·●*-–—:;.,()"


@dataclass(slots=True)
class _Name:
    code: str
    start: int
    end: int


def _lists(label: str) -> list[str]:
    return [f for lang in vocab.LANGS for f in vocab.load(lang, "languages").get(label, []) or []]


def _maps(label: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang in vocab.LANGS:
        for code, forms in (vocab.load(lang, "languages").get(label) or {}).items():
            out.setdefault(code, []).extend(forms)
    return out


def _alt(label: str) -> str:
    forms = _lists(label)
    return "(?:" + "|".join(forms) + ")" if forms else r"(?!x)x"


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str]]:
    """(lower-case name, ISO 639-1 code) for every name pycountry and the aliases give."""
    import gettext

    import pycountry

    try:
        tr = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:  # French names missing: English names and aliases still work
        tr = None
    skip = {fold(n) for n in _lists("not_names")}
    out: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        for part in name.split(";"):
            key = " ".join(re.sub(r"\(.*?\)", "", part).lower().split())
            if not key or len(key.split()) > 2 or fold(key) in skip:
                continue
            out.setdefault(key, code)
            out.setdefault(fold(key), code)  # written without accents ("francais")

    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        for name in (lang.name, getattr(lang, "common_name", None)):
            if name:
                add(name, code)
                if tr:
                    add(tr(name), code)
    for code, forms in _maps("aliases").items():
        for f in forms:
            add(f, code)
    return sorted(out.items())


# A name ends its word; a capitalised word glued after it still ends it ("EnglishLocation").
_NAME_END = r"(?!(?-i:[a-zß-ÿ]))"


@lru_cache(maxsize=1)
def _finders() -> dict[str, tuple[Finder, tuple[str, ...]]]:
    """Shared-pass finders: language names (value: code), exams, context triggers (value: kind)."""
    names = _names()
    pats = [re.escape(n).replace(r"\ ", r"\s+") + _NAME_END for n, _ in names]
    codes = [c for _, c in names]
    for code, forms in _maps("adjectives").items():
        for f in forms:
            pats.append(rf"langues?\s+(?:{f}){_NAME_END}")
            codes.append(code)
    exams = [(code, f) for code, forms in _maps("exams").items() for f in forms]
    triggers = [(kind, f) for kind in ("label", "noun", "verb") for f in _lists(kind)]
    return {
        "names": (Finder(pats), tuple(codes)),
        # Certificate names are acronyms: matched in their own case.
        "exams": (Finder([rf"{f}(?!\w)" for _, f in exams], flags=0), tuple(c for c, _ in exams)),
        "triggers": (Finder([rf"(?:{f})(?!\w)" for _, f in triggers]), tuple(k for k, _ in triggers)),
    }


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    small = rf"(?:{_alt('filler')})"
    sp = r"[^\S\n]"
    return {
        # What may stand between a trigger and the language it introduces.
        "label": re.compile(r"\s*[:：]\s*(?:[•·●*\-–]\s*)?"),
        "noun": re.compile(rf"(?:[\s'’:]+{small}(?!\w))*[\s'’:]*", re.I),
        "verb": re.compile(
            rf"(?:(?:{sp}+[^\s.;:!?,()]+){{0,8}}?{sp}+(?:in|en)(?:{sp}+(?:both|the))?"
            rf"|(?:{sp}+(?:tr[èe]s|bien|very|well|couramment|fluently|parfaitement))*){sp}*", re.I),
        "after": re.compile(rf"{sp}*(?:[(:,]|\s-\s)?{sp}*(?:{_alt('after')})(?!\w)", re.I),
        "not_after": re.compile(rf"(?:-|{sp}+)(?:{_alt('not_after')})|-speaking", re.I),
    }


def _find_names(text: str) -> list[_Name]:
    finder, codes = _finders()["names"]
    not_after = _patterns()["not_after"]
    out: list[_Name] = []
    end = -1
    for i, m in finder.finditer(text):
        if m.start() < end or not_after.match(text, m.end()):
            continue
        end = m.end()
        out.append(_Name(codes[i], m.start(), m.end()))
    return out


def _joined(text: str, a: _Name, b: _Name) -> bool:
    """Whether two names are items of one list ("Français et Anglais", "German / French")."""
    gap = text[a.end:b.start]
    return len(gap) <= 16 and _SEP.fullmatch(gap) is not None


def _triggers(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of the context triggers of ``text``, in order (remembered with
    the text's scan)."""
    scan = scan_of(text)
    got = scan.memo.get(_triggers)
    if got is None:
        finder, kinds = _finders()["triggers"]
        got = scan.memo[_triggers] = sorted((m.start(), m.end(), kinds[i]) for i, m in finder.finditer(scan))
    return got


def _in_context(text: str, start: int, end: int) -> bool:
    """Whether the names at ``[start, end)`` are asked for (the tests on their own line come
    first: when one holds, the posting's triggers need not be looked for at all)."""
    p = _patterns()
    if p["after"].match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # A list line holding only the language(s) ("• Anglais", "English, French").
    if not text[line_start:start].strip(_LINE_JUNK) and not text[end:line_end].strip(_LINE_JUNK):
        return True
    found = _triggers(text)
    # A trigger shortly before, with only what its kind allows in between.
    i = bisect_left(found, (start,)) - 1
    while i >= 0 and start - found[i][1] <= 80:
        t_start, t_end, kind = found[i]
        if t_end <= start and p[kind].fullmatch(text, t_end, start):
            return True
        i -= 1
    return False


def _level(text: str, scope: tuple[int, int], end: int) -> tuple[str | None, tuple[int, int] | None]:
    """The CEFR level of the clause, the first one after the names if any."""
    found = list(_CEFR.finditer(text, scope[0], scope[1]))
    if not found:
        return None, None
    after = [m for m in found if m.start() >= end]
    m = after[0] if after else found[-1]
    return m.group(), m.span()


def extract_languages(doc: Doc) -> list[Candidate]:
    """One candidate per language name mentioned as a requirement."""
    try:
        return _extract(doc.text)
    except (re.error, ValueError, KeyError, IndexError):
        return []


def _extract(text: str) -> list[Candidate]:
    names = _find_names(text)
    out: list[Candidate] = []
    if names:
        out += _mentions(text, names)
    finder, codes = _finders()["exams"]
    for i, m in finder.finditer(text):
        optional = is_optional(text, m.span())
        out.append(Candidate("languages", LanguageRequirement(codes[i], None, not optional),
                             m.span(), m.group(), "languages.exam", 0.7))
    return out


def _mentions(text: str, names: list[_Name]) -> list[Candidate]:
    groups: list[list[_Name]] = []
    for n in names:
        if groups and _joined(text, groups[-1][-1], n):
            groups[-1].append(n)
        else:
            groups.append([n])
    out: list[Candidate] = []
    for gi, g in enumerate(groups):
        start, end = g[0].start, g[-1].end
        if not _in_context(text, start, end):
            continue
        lo, hi = clause_span(text, start, end, commas=True)
        # The clause of a group stops at the neighbouring groups ("Anglais exigé, espagnol apprécié").
        if gi > 0:
            lo = max(lo, groups[gi - 1][-1].end)
        if gi + 1 < len(groups):
            hi = min(hi, groups[gi + 1][0].start)
        hi = max(hi, end)
        optional = is_optional(text, (start, end), (lo, hi))
        level, level_span = _level(text, (lo, hi), end)
        extra = (level_span,) if level_span else ()
        for n in g:
            out.append(Candidate("languages", LanguageRequirement(n.code, level, not optional),
                                 (n.start, n.end), text[n.start:n.end], "languages.mention", 0.8, extra))
    return out


def resolve_languages(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """One entry per language, in order of first mention.

    A language is required when any mention requires it; its level is the first stated.
    Structured hints (France Travail "langues") replace the text mentions of their language.
    """
    by_code: dict[str, list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: c.span[0]):
        if isinstance(c.value, LanguageRequirement):
            by_code.setdefault(c.value.code, []).append(c)
    for code, group in by_code.items():
        hints = [c for c in group if c.rule.startswith("hint.")]
        used = hints or group
        for c in group:
            if c not in used:
                trace.reject(c, f"languages: a structured field states {code!r}")
        required = any(c.value.required for c in used)
        level = next((c.value.level for c in ranked(used) if c.value.level), None)
        if level is None and hints:
            level = next((c.value.level for c in group if c.value.level), None)
        rec.languages.append(LanguageRequirement(code, level, required))
        trace.use(f"languages[{len(rec.languages) - 1}]", *used)
