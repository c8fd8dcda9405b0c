"""Years of experience asked: ``experience.min_years`` and ``experience.max_years``.

A duration ("3 ans", "2-3 years", "trois ans", "4 Mois", "5+ years") is found first; its
context then says whether it is experience the candidate needs:

1. the experience word follows it ("3 ans d'expérience", "5 years' professional
   experience", "2+ years of immigration law experience") -- or a looser word right after
   ("two years of financial related work");
2. the experience word leads the clause ("Expérience : 2 An(s)", "une expérience d'au moins
   trois ans", "expérience ... requise (2-3 ans minimum)");
3. a label whose first words were lost in flattened pages ("...requisPlus de 3 ans");
4. a bare "5+ years" (the plus sign is how postings write experience floors).

Durations of the employer's history ("fort de 20 ans d'expérience"), of contracts and
trainings are not requirements (words just before the number say so). Section kinds are not
used to filter: a heading misread as the employer's presentation would hide the profile.
"Débutant accepté" states no minimum: nothing is extracted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder, anchors, fold, fold_pattern, literal_forms, scan_of
from ..match.folding import WIDE_STANDIN
from ..model import Record
from ..resolve import pick
from .context import digit_runs
from .number_starts import odd_cases
from .numbers import number_pattern, parse_number
from .qualifiers import clause_span, is_optional

KEYS = tuple("experience.min_years experience.max_years".split())

_MAX_YEARS = 40.0
_LEFT = 110
_RIGHT = 110
_SCORE = {"after": 0.8, "label": 0.8, "before": 0.7, "list": 0.75, "flat_label": 0.6, "plus": 0.5}
_OPTIONAL_FACTOR = 0.4
_CLAUSE_END = re.compile(r"[.;!?\n•·●§]")
# The last clause end of a stretch in one call: ".*" runs to the end and backs off to it.
_LAST_CLAUSE_END = re.compile(rf"(?s:.*){_CLAUSE_END.pattern}")
# End of a word; flattened pages glue the next heading or list number to it ("3 ansLangues",
# "related work2."), so only a following lower-case letter continues the word.
_END = r"(?!(?-i:[a-zà-ÿ]))"


def _alt(label: str) -> str:
    forms = vocab.merged("experience").get(label, [])
    return "(?:" + "|".join(forms) + ")" if forms else r"(?!x)x"


@lru_cache(maxsize=1)
def _keywords() -> Finder:
    return Finder([rf"(?:{f})(?!\w)" for f in vocab.merged("experience").get("keyword", [])])


@lru_cache(maxsize=1)
def _units() -> tuple[Finder, int]:
    """Finder of the year and month units; patterns below the returned index are years."""
    years = [rf"(?:{f}){_END}" for f in vocab.merged("experience").get("years", [])]
    months = [rf"(?:{f}){_END}" for f in vocab.merged("experience").get("months", [])]
    return Finder(years + months), len(years)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    num = number_pattern()
    aka = r"(?:\s*\(\s*\d{1,2}\s*\))?"  # "eight (8) years"
    sep = rf"(?:\s*[-–/]\s*|\s+{_alt('range_sep')}\s+)"
    word = r"[^\s.;!?,:()\[\]]+"
    sp = r"[^\S\n]"  # a duration and its keyword sit on one line
    return {
        # The number (or range) written just before a unit, searched in a short left window.
        "amount": re.compile(
            rf"(?<![\d_+/,])(?<!\d\.)(?P<lo>{num}){aka}(?:{sep}(?P<hi>{num}){aka})?(?P<plus>\s*\+)?\s*", re.I),
        "pre": re.compile(
            rf"(?:(?P<pmin>{_alt('min_before')})|(?P<pmax>{_alt('max_before')})|{_alt('range_start')})\s*",
            re.I),
        "post": re.compile(rf"\s*(?:(?P<amin>{_alt('min_after')})(?!\w)|\+)", re.I),
        "kw_after": re.compile(
            rf"(?:['’]s?)?(?:{sp}+(?:{word}{sp}+){{0,8}}?|{sp}*)(?:d['’]|l['’])?{_alt('keyword')}{_END}"
            rf"|(?:{sp}+(?:{word}{sp}+){{0,3}}?|{sp}*)(?:d['’])?{_alt('work')}{_END}", re.I),
        "label_end": re.compile(rf"{_alt('label')}\s*", re.I),
        "label_near": re.compile(_alt("label"), re.I),
        "not_before": re.compile(rf"{_alt('not_before')}(?!\w)[^\d]{{0,12}}", re.I),
        "not_in_gap": re.compile(rf"(?<!\w){_alt('not_before')}(?!\w)", re.I),
    }


def _clause_start(text: str, lo: int, pos: int) -> int:
    m = _LAST_CLAUSE_END.match(text, lo, pos)
    return m.end() if m else lo


def extract_experience(doc: Doc) -> list[Candidate]:
    """Candidates for the minimum and maximum years of experience asked."""
    try:
        return _extract(doc)
    except (re.error, ValueError, IndexError):
        return []


# Where a word starts: after a non-word character, a digit glued after a letter
# ("field3-6 years"), a capital glued after a lower-case letter ("requisPlus de 3 ans").
_STARTS = re.compile(r"\b\w|(?<=[^\W\d_])\d|(?<=[a-zß-ÿ])[A-ZÀ-Þ]")


_BACKREF = re.compile(r"\\\d|\(\?P=")
# By the pattern's id (with the pattern kept alive): hashing a compiled pattern hashes its
# whole code, microseconds for the long ones, on every call.
_ENDING: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def _ending_regex(pat: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pat`` at a word start and up to the end of the searched stretch: one search finds
    the leftmost (longest) such match (None when ``pat`` cannot be wrapped)."""
    got = _ENDING.get(id(pat))
    if got is None or got[0] is not pat:
        rx = None
        if not _BACKREF.search(pat.pattern):
            try:
                rx = re.compile(rf"(?=(?-i:{_STARTS.pattern}))(?:{pat.pattern})\Z", pat.flags)
            except re.error:
                rx = None
        got = _ENDING[id(pat)] = (pat, rx)
    return got[1]


def _ending_at(pat: re.Pattern[str], text: str, end: int, window: int) -> re.Match[str] | None:
    """The longest match of ``pat`` that starts a word and ends exactly at ``end``."""
    rx = _ending_regex(pat)
    if rx is not None:
        return rx.search(text, max(0, end - window), end)
    for k in _STARTS.finditer(text, max(0, end - window), end):
        m = pat.fullmatch(text, k.start(), end)
        if m:
            return m
    return None


@lru_cache(maxsize=None)
def _cues(*labels: str) -> re.Pattern[str] | None:
    """Folded literals one of which every match of these vocabulary labels holds, as one
    pattern (None when a form has none)."""
    found: set[str] = set()
    for label in labels:
        for f in vocab.merged("experience").get(label, []):
            got = anchors(fold_pattern(f))
            if not got:
                return None
            found |= got
    return re.compile("|".join(map(re.escape, sorted(found, key=len, reverse=True)))) if found else None


def _ending_cued(pat: re.Pattern[str], cues: re.Pattern[str] | None, text: str, end: int,
                 window: int) -> re.Match[str] | None:
    """:func:`_ending_at`, first asking the folded stretch for one of the literals every
    match holds: most stretches have none, and a search of them is cheap."""
    lo = max(0, end - window)
    if cues is not None and not odd_cases(text, lo, end) and cues.search(scan_of(text).low, lo, end) is None:
        return None
    return _ending_at(pat, text, end, window)


# Word characters of folded text kept, every other byte a space: ``bytes.split`` then
# gives the words of a window in one call.
_WORD_BYTES = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256))


@lru_cache(maxsize=1)
def _number_words() -> tuple[frozenset[bytes], re.Pattern[str]] | None:
    """The number words as folded text, and a pattern finding them whole in folded text
    (None when a form is not a list of literals)."""
    out: set[str] = set()
    for forms in vocab.merged("numbers").values():
        for f in forms:
            lits = literal_forms(f)
            if lits is None:
                return None
            out.update(fold(w) for w in lits)
    alts = "|".join(map(re.escape, sorted(out, key=len, reverse=True)))
    return frozenset(w.encode("latin-1") for w in out), re.compile(rf"\b(?:{alts})\b")


_AMOUNT_WINDOW = 32


def _amount_before(text: str, end: int, amount: re.Pattern[str]) -> re.Match[str] | None:
    """The longest number expression ending at ``end`` ("3", "3 à 5", "eight (8)").

    Such an expression opens with a number: it is tried only where one opens in the
    window, from the left (the first match is the longest), which spares trying it at
    every word start: at the runs of digits and, when a word of the window is one, at
    the number words. The folded window says where: a number word matched in any case
    folds to the word, and the characters that match another one case-insensitively
    ("ſ", "ı", "İ") or are digits of other scripts fold to a stand-in; a window holding
    one is searched the ordinary way.
    """
    lo = max(0, end - _AMOUNT_WINDOW)
    rx = _ending_regex(amount)
    words = _number_words()
    low = scan_of(text).low
    if rx is None or words is None or (low.find(WIDE_STANDIN, lo, end) >= 0 and low.count(
            WIDE_STANDIN, lo, end) != text.count(WIDE_STANDIN, lo, end)):
        return _ending_at(amount, text, end, _AMOUNT_WINDOW)
    runs = digit_runs(text)
    i = bisect_left(runs, (lo, -1))
    starts = []
    while i < len(runs) and runs[i][0] < end:
        starts.append(runs[i][0])
        i += 1
    if not words[0].isdisjoint(low[lo:end].encode("latin-1").translate(_WORD_BYTES).split()):
        starts = sorted(starts + [w.start() for w in words[1].finditer(low, lo, end)])
    for p in starts:
        m = rx.match(text, p, end)
        if m is not None:
            return m
    return None


def _durations(text: str) -> list[tuple[int, int, re.Match[str], bool]]:
    """``(start, end, amount match, in months)`` of each "<number> <unit>" of ``text``."""
    finder, n_years = _units()
    amount = _patterns()["amount"]
    out = []
    last_u, last_m = -1, None  # two units may start at one place ("An(s)", "An")
    for i, unit in finder.finditer(text):
        u = unit.start()
        if u == last_u:
            m = last_m
        else:
            m = last_m = _number_before(text, u, amount)
            last_u = u
        if m:
            out.append((m.start(), unit.end(), m, i >= n_years))
    return out


def _number_before(text: str, u: int, amount: re.Pattern[str]) -> re.Match[str] | None:
    """:func:`_amount_before` the unit at ``u``, after a cheap test: a digit or a number
    word must end right before it."""
    j = u - 1
    while j >= 0 and text[j] in " \t+)":
        j -= 1
    if j < 0 or not text[j].isalnum():
        return None
    if not text[j].isdigit():
        k = j
        while k >= 0 and text[k].isalpha():
            k -= 1
        if parse_number(text[k + 1:j + 1]) is None:
            return None
    return _amount_before(text, u, amount)


def _extract(doc: Doc) -> list[Candidate]:
    text = doc.text
    p = _patterns()
    out: list[Candidate] = []
    durations = _durations(text)
    keywords = [m.span() for _, m in _keywords().finditer(text)] if durations else []
    for start, end, m, in_months in durations:
        lo = parse_number(m.group("lo"))
        hi = parse_number(m.group("hi")) if m.group("hi") else None
        if lo is None:
            continue
        num_start = start
        if not _worth_reading(text, start, end, m, p, keywords):
            continue
        # Lead-in quantifier ("au moins", "up to", "from") belongs to the expression.
        pre = _ending_cued(p["pre"], _cues("min_before", "max_before", "range_start"), text, start, 30)
        pmax = False
        if pre:
            start = pre.start()
            pmax = bool(pre.group("pmax"))
        post = p["post"].match(text, end)
        amin = bool(post)
        if post and post.group("amin"):
            end = post.end()
        plus = bool(m.group("plus"))
        kind = _kind(text, start, end, plus, p, keywords)
        if kind is None:
            continue
        if _ending_cued(p["not_before"], _cues("not_before"), text, num_start, 40):
            continue
        factor = 12.0 if in_months else 1.0
        lo_y = round(lo / factor, 3)
        hi_y = round(hi / factor, 3) if hi is not None else None
        if lo_y > _MAX_YEARS or (hi_y is not None and (hi_y > _MAX_YEARS or hi_y <= lo_y)):
            continue
        score = _SCORE[kind]
        span = (start, end)
        snippet = text[start:end]
        rule = f"experience.{kind}"
        if pmax and hi_y is None:
            out.append(Candidate("experience.max_years", lo_y, span, snippet, rule, score))
            continue
        out.append(Candidate("experience.min_years", lo_y, span, snippet, rule, score))
        # "2-3 ans minimum" and "at least 5+" are floors: the upper figure is no cap.
        if hi_y is not None and not amin and not plus:
            out.append(Candidate("experience.max_years", hi_y, span, snippet, rule, score))
    return _qualified(text, out)


def _qualified(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Lower the score of nice-to-have durations ("5 ans dans le luxe serait un plus").

    Read only when the durations disagree: with one value, the qualifier changes nothing.
    """
    if len({(c.key, c.value) for c in cands}) <= len({c.key for c in cands}):
        return cands
    out = []
    for c in cands:
        if is_optional(text, c.span, clause_span(text, c.span[0], c.span[1], commas=True)):
            c = Candidate(c.key, c.value, c.span, c.text, c.rule, c.score * _OPTIONAL_FACTOR, c.spans)
        out.append(c)
    return out


def _worth_reading(text: str, start: int, end: int, m: re.Match[str], p: dict[str, re.Pattern[str]],
                   keywords: list[tuple[int, int]]) -> bool:
    """A cheap first test: could any context of :func:`_kind` hold for this duration?

    Most durations of a posting (contract lengths, "sur 12 mois") have none; this spares
    them the lead-in and qualifier analysis.
    """
    if m.group("plus"):
        return True
    i = bisect_left(keywords, (start,)) - 1
    if i >= 0 and keywords[i][0] >= start - _LEFT:
        return True
    if p["label_near"].search(text, max(0, start - 45), start):
        return True
    return p["kw_after"].match(text, end, min(len(text), end + _RIGHT)) is not None


def _kind(text: str, start: int, end: int, plus: bool, p: dict[str, re.Pattern[str]],
          keywords: list[tuple[int, int]]) -> str | None:
    """Which context makes the duration at ``[start, end)`` an experience requirement."""
    if p["kw_after"].match(text, end, min(len(text), end + _RIGHT)):
        return "after"
    lo = _clause_start(text, max(0, start - _LEFT), start)
    i = bisect_left(keywords, (start,)) - 1
    kw_end = keywords[i][1] if i >= 0 and keywords[i][0] >= lo and keywords[i][1] <= start else None
    gap = text[kw_end:start] if kw_end is not None else ""
    if kw_end is not None and not any(ch.isdigit() for ch in gap) and not p["not_in_gap"].search(gap):
        gap = gap.strip()
        return "label" if gap in ("", ":", "-") else "before"
    if _ending_cued(p["label_end"], _cues("label"), text, start, 15):
        return "flat_label"
    if _under_heading(text, start, keywords):
        return "list"
    if plus:
        return "plus"
    return None


# A list item that names a field of experience before the duration: "- Customer service: ".
_ITEM_LEAD = re.compile(r"[^\S\n]*(?:[-–•*·●▪][^\S\n]*)?[^\W\d_][^:\n]{0,60}:[^\S\n]*\Z")
_ITEM_LINE = re.compile(r"[^\S\n]*(?:[-–•*·●▪][^\S\n]*)?[^\W\d_][^:\n]{0,60}:[^\n]{0,60}\Z")
_HEADING_REST = re.compile(r"[^\S\n]*:?[^\S\n]*\Z")


def _under_heading(text: str, start: int, keywords: list[tuple[int, int]]) -> bool:
    """Whether the duration at ``start`` ends a list item ("- Customer service: 1 year") of a
    list whose heading line is the experience word alone ("Experience:"), as job boards lay
    out their screening questions."""
    line = text.rfind("\n", 0, start) + 1
    if not _ITEM_LEAD.match(text, line, start):
        return False
    for _ in range(6):
        if line == 0:
            return False
        above = text.rfind("\n", 0, line - 1) + 1
        i = bisect_left(keywords, (above,))
        if i < len(keywords) and keywords[i][1] < line and not text[above:keywords[i][0]].strip() \
                and _HEADING_REST.match(text, keywords[i][1], line - 1):
            return True
        if text[above:line - 1].strip() and not _ITEM_LINE.match(text, above, line - 1):
            return False
        line = above
    return False


def _same_expression(c: Candidate, mins: list[Candidate], value: float) -> bool:
    return any(m.span == c.span and m.value == value for m in mins)


def resolve_experience(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Pick the minimum (labelled and earliest first); the maximum only from the same range.

    A maximum is kept only when it comes from an expression whose minimum is the one
    chosen ("3 à 5 ans" next to "Expérience : 3 An(s)"): a cap from another sentence (a
    nice-to-have "3-6 years") does not describe the chosen requirement.
    """
    mins = [c for c in cands if c.key == "experience.min_years"]
    maxs = [c for c in cands if c.key == "experience.max_years"]
    best = pick(mins, trace, "experience.min_years")
    if best is not None:
        rec.experience.min_years = float(best.value)
        kept = [c for c in maxs if _same_expression(c, mins, best.value)]
        for c in maxs:
            if c not in kept:
                trace.reject(c, f"experience.max_years: {c.text.strip()!r} is not the range of the minimum kept")
    else:
        kept = maxs
    top = pick(kept, trace, "experience.max_years")
    if top is not None:
        rec.experience.max_years = float(top.value)
