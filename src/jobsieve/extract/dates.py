"""Posting, start, deadline and end dates, and "start as soon as possible".

Date-like spans are found and converted by :mod:`.datetext`; a date only counts when
something says what it is (``vocab/*/dates.yaml``, ``cues``):

1. a cue just before it on its line ("Publié le 21 novembre 2024", "Poste à pourvoir :
   1er avril 2026", "avant le 9 mars 2026", "Start: April 2026"): 0.9;
2. a cue line right above a line holding only the date ("Date limite de dépôt de
   candidatures" / "26 mars 2026"): 0.9;
3. a range "du 02/12 au 20/12/2024", "from 13 November 2025 to 26 May 2026": start and
   end (0.85), or the deadline when a deadline cue opens it;
4. a line holding only a date in the board header, under the title: the posting date (0.7).

"jusqu'au" / "until" give the deadline in a sentence about applying and the end date in
one about the contract. Dates with no cue (company history, "First review of
applications will occur on May 3") are ignored. A start given as a month ("septembre
2024") is its first day, and a start written to the day outranks it. Relative dates
("il y a 3 jours", "posted 2 days ago") count back from ``doc.today`` and only as the
posting date. "Dès que possible" / "ASAP" set ``start_asap`` when they follow a start cue
(or say "immediate start" on their own); the start date then stays empty.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import timedelta
from functools import lru_cache

from .. import match, vocab
from ..doc import Candidate, Doc, Trace
from ..model import Record
from ..resolve import pick
from . import context as cx
from .datetext import FoundDate, complete, date_before, find_dates, weekday_names

KEYS = tuple("dates.posted dates.start dates.start_asap dates.deadline dates.end".split())

CUED = 0.9
RANGE = 0.85
HEADER_LINE = 0.7
MONTH_ONLY_PENALTY = 0.05
CUE_WINDOW = 90
CUE_GAP = 30
LABEL_LINE_MAX = 100


def _alt(key: str) -> str:
    forms: list[str] = []
    for lang in vocab.LANGS:
        value = vocab.load(lang, "dates").get(key) or []
        forms += [str(f) for f in value]
    return "|".join(f"(?:{f})" for f in forms) or r"(?!x)x"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    weekdays = "|".join(re.escape(w) for w in weekday_names())
    fillers = r"le|la|du|on|the|in|of|en|from|for|at|is|by|à|:"
    # A time of day before the date ("5pm, Friday 14 March", "à 12h le 3 mars").
    clock = (r"\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![^\W\d_])"
             r"|\d{1,2}(?::\d{2}|h\d{0,2})(?![^\W\d_])|midnight|noon|midday|minuit|midi")
    return {
        # What may stand between a cue and its date: punctuation, small words, a weekday,
        # a time of day.
        "gap": re.compile(rf"[\W_]*(?:(?:{fillers}|{weekdays}|{clock})\.?[\W_]*)*", re.I),
        "lone": re.compile(rf"[\W_]*(?:(?:{weekdays})\.?[\W_]*)?", re.I),
        "range_open": re.compile(match.START + rf"(?:{_alt('range_open')})\s*\Z", re.I),
        "range_join": re.compile(rf"\s*(?:{_alt('range_join')})\s*", re.I),
        "bare_day_range": re.compile(
            match.START + rf"(?:{_alt('range_open')})\s+(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s*"
            rf"(?:{_alt('range_join')})\s*\Z", re.I),
        "apply": re.compile(match.bounded(_alt("apply_words")), re.I),
        "contract": re.compile(match.bounded(_alt("contract_words")), re.I),
        "join_before": re.compile(rf"\s*(?:{_alt('range_join')})\s*\Z", re.I),
    }


def _cues() -> match.Matcher:
    return match.matcher("dates", "cues")


@lru_cache(maxsize=1)
def _cue_anchors() -> tuple[tuple[int, int], ...] | None:
    """(literal id, length) of the anchors of the cues, one of which every cue contains
    (None when a cue has none)."""
    cues = _cues()
    if cues.unanchored or any(cased for _, cased in cues.by_anchor):
        return None
    return tuple((match.LITERALS.add(match.fold(a)), len(a)) for a, _ in cues.by_anchor)


def _cues_in(text: str, lang: str, lo: int, hi: int) -> list[match.Hit]:
    """The cues of ``text[lo:hi]``: none where no anchor of a cue lies within (most places
    dates are looked for; the matcher would read every anchor of the posting to say so)."""
    anchors = _cue_anchors()
    if anchors is not None:
        scan = match.scan_of(text)
        spots = scan.memo.get(_cues_in)
        if spots is None:
            hits = scan.hits()
            spots = scan.memo[_cues_in] = sorted((at, at + n) for lid, n in anchors for at in hits.get(lid, ()))
        i = bisect_left(spots, (lo,))
        while i < len(spots) and spots[i][0] < hi and spots[i][1] > hi:
            i += 1
        if i == len(spots) or spots[i][0] >= hi:
            return []
    return _cues().finditer(text, lang, lo, hi)


def _cue_before(text: str, pos: int, lang: str) -> match.Hit | None:
    """The cue closest before ``pos`` on its line, if only filler stands between them."""
    lo = max(cx.line_start(text, pos), pos - CUE_WINDOW)
    hits = _cues_in(text, lang, lo, pos)
    if not hits:
        return None
    cue = hits[-1]
    gap = text[cue.end:pos]
    if len(gap) > CUE_GAP or not _patterns()["gap"].fullmatch(gap):
        return None
    return cue


def _cue_above(text: str, f: FoundDate, lang: str) -> match.Hit | None:
    """The cue of a label line right above a line that holds only the date."""
    if not _is_lone(text, f):
        return None
    prev_end = cx.line_start(text, f.start) - 1
    for _ in range(3):  # skip up to two blank lines
        if prev_end <= 0:
            return None
        ps = cx.line_start(text, prev_end)
        if text[ps:prev_end].strip():
            break
        prev_end = ps - 1
    else:
        return None
    if len(text[ps:prev_end].strip()) > LABEL_LINE_MAX:
        return None
    hits = _cues_in(text, lang, ps, prev_end)
    return hits[-1] if hits else None


def _is_lone(text: str, f: FoundDate) -> bool:
    ls, le = cx.line_start(text, f.start), cx.line_end(text, f.start)
    return _patterns()["lone"].fullmatch(text[ls:f.start] + text[f.end:le]) is not None


def _until_role(doc: Doc, pos: int) -> str | None:
    """Deadline if the sentence is about applying, end if about the contract."""
    p = _patterns()
    cs, ce = cx.clause_start(doc.text, pos, 200), cx.clause_end(doc.text, pos, 200)
    section = doc.section_at(pos)
    if p["apply"].search(doc.text, cs, ce) or (section is not None and section.kind == "apply"):
        return "deadline"
    if p["contract"].search(doc.text, cs, ce):
        return "end"
    return None


def _role(doc: Doc, cue: match.Hit, pos: int) -> str | None:
    return _until_role(doc, pos) if cue.form.label == "until" else cue.form.label


def _cand(role: str, f: FoundDate, iso: str, rule: str, score: float,
          support: tuple[tuple[int, int], ...] = ()) -> Candidate:
    if f.precision == "month":
        score -= MONTH_ONLY_PENALTY
    return Candidate(f"dates.{role}", iso, (f.start, f.end), f.text, rule, score, support)


def _ranges(doc: Doc, found: list[FoundDate]) -> tuple[list[Candidate], set[int]]:
    """Candidates of "du X au Y" / "from X to Y" ranges, and the dates they used."""
    p, text = _patterns(), doc.text
    out: list[Candidate] = []
    used: set[int] = set()
    starts = {f.start: i for i, f in enumerate(found)}
    for i, second in enumerate(found):
        if second.precision != "day" or i in used:
            continue
        first, first_iso, opener = None, None, None
        join = p["join_before"].search(text, max(0, second.start - 10), second.start)
        if join:
            cand = date_before(text, join.start(), doc.lang)
            if cand is not None and cand.precision in ("day", "partial"):
                opener = p["range_open"].search(text, max(0, cand.start - 15), cand.start)
                if opener:
                    first, first_iso = cand, complete(cand, second)
        if first is None:
            bare = p["bare_day_range"].search(text, max(0, second.start - 30), second.start)
            if bare:
                day = int(bare.group("d"))
                iso = f"{second.iso[:8]}{day:02d}"
                if 1 <= day <= 31 and iso < second.iso:
                    opener, first_iso = bare, iso
                    first = FoundDate(bare.start("d"), bare.end("d"), bare.group("d"), iso, "day")
        if first is None or first_iso is None or first_iso >= second.iso:
            continue
        cue = _cue_before(text, opener.start(), doc.lang)
        role = _role(doc, cue, opener.start()) if cue else None
        support = (cue.span,) if cue else ()
        if role == "deadline":
            out.append(_cand("deadline", second, second.iso, "dates.range.deadline", CUED, support))
        elif role in (None, "start", "end"):
            out.append(_cand("start", first, first_iso, "dates.range.start", RANGE, support))
            out.append(_cand("end", second, second.iso, "dates.range.end", RANGE, support))
        else:
            continue
        used.add(i)
        if first.start in starts:
            used.add(starts[first.start])
    return out, used


def _singles(doc: Doc, found: list[FoundDate], used: set[int]) -> list[Candidate]:
    text, head = doc.text, cx.header_end(doc)
    out = []
    for i, f in enumerate(found):
        if i in used or f.iso is None:
            continue
        cue = _cue_before(text, f.start, doc.lang) or _cue_above(text, f, doc.lang)
        if cue is not None:
            form = cue.form
            role = _role(doc, cue, f.start)
            if role is None or (role != "start" and f.precision == "month"):
                continue
            if f.precision == "relative" and role != "posted":
                continue
            score = form.score if form.score is not None else CUED
            out.append(_cand(role, f, f.iso, f"dates.cue.{role}", score, (cue.span,)))
        elif f.start < head and f.precision in ("day", "relative") and _is_lone(text, f):
            out.append(_cand("posted", f, f.iso, "dates.header_line.posted", HEADER_LINE))
    return out


def _relative_words(doc: Doc, hits: list[match.Hit]) -> list[Candidate]:
    """"Publiée aujourd'hui", "Posted yesterday": the posting date, from ``doc.today``."""
    if doc.today is None:
        return []
    out = []
    for h in hits:
        cue = _cue_before(doc.text, h.start, doc.lang)
        if cue is None or cue.form.label != "posted":
            continue
        iso = (doc.today - timedelta(days=int(h.form.label))).isoformat()
        f = FoundDate(h.start, h.end, h.text, iso, "relative")
        out.append(_cand("posted", f, iso, "dates.cue.posted_relative", CUED, (cue.span,)))
    return out


def _asap(doc: Doc, hits: list[match.Hit]) -> list[Candidate]:
    text = doc.text
    out = []
    for h in hits:
        if h.form.label == "standalone":
            out.append(Candidate("dates.start_asap", True, h.span, h.text,
                                 "dates.asap.standalone", CUED))
            continue
        cue = _cue_before(text, h.start, doc.lang)
        if cue is None:
            # "Poste en CDI à pourvoir dès que possible": look a little further back.
            lo = max(cx.clause_start(text, h.start, 60), h.start - 60)
            hits = _cues_in(text, doc.lang, lo, h.start)
            cue = hits[-1] if hits else None
        if cue is not None and cue.form.label == "start":
            out.append(Candidate("dates.start_asap", True, h.span, h.text,
                                 "dates.asap.after_cue", CUED, (cue.span,)))
    return out


def extract_dates(doc: Doc) -> list[Candidate]:
    """Candidates for the posting, start, deadline and end dates and ``start_asap``."""
    found = find_dates(doc.text, doc.lang, doc.today)
    ranged, used = _ranges(doc, found)
    hits = match.matcher("dates", "asap", "relative_words").finditer(doc.text, doc.lang)
    return (ranged + _singles(doc, found, used)
            + _relative_words(doc, [h for h in hits if h.form.group == "relative_words"])
            + _asap(doc, [h for h in hits if h.form.group == "asap"]))


def resolve_dates(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the dates and write them into ``rec``.

    A start date found in the text wins over "as soon as possible"; ``start_asap`` is
    set only when no start date was chosen.
    """
    by_key: dict[str, list[Candidate]] = {k: [] for k in KEYS}
    for c in cands:
        if c.key in by_key:
            by_key[c.key].append(c)
    for key in ("posted", "start", "deadline", "end"):
        best = pick(by_key[f"dates.{key}"], trace, f"dates.{key}")
        setattr(rec.dates, key, best.value if best else None)
    asap = by_key["dates.start_asap"]
    if rec.dates.start is not None:
        for c in asap:
            trace.reject(c, f"dates.start_asap: a start date ({rec.dates.start}) was found")
        asap = []
    best = pick(asap, trace, "dates.start_asap")
    rec.dates.start_asap = bool(best and best.value)
