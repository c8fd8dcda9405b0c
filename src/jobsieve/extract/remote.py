"""Remote-work policy and the number of remote days per week or per year.

Policy words come from ``vocab/*/remote.yaml`` (``policies``: on_site, remote, hybrid),
scored 0.75 unless the form says otherwise (a bare "télétravail" 0.6: in a French posting
it nearly always means part of the week; a bare English "hybrid" 0.45, under the 0.5
floor, as it may be a hybrid cloud), 0.85 on a tag line of the board header ("No remote").
Three refinements:

- a statement hedged as an option ("option to be fully remote") scores lower than the
  posting's plain statement of its arrangement;
- an on-site phase limited in time ("Full présentiel pendant 2 mois, puis ...") means
  remote work comes after it: hybrid;
- mentions in sentences about other postings or the whole company ("Jobs posted with
  location as 'Remote - United States' ...") do not count.

Day counts are numbers of days attached to a remote-work word ("2 jours de télétravail",
"TT 1 jour / semaine", "3 Days Working From Home", "Teleworking: up to 110 days per year")
or following one in the same sentence with a period ("Télétravail selon les règles (2
j/sem.)"). Days attached to the workplace ("3 days per week in office", "minimum on-site
presence: 5 days/month") are not remote days; a range ("de 2 à 5 jours") gives no count
but says hybrid. A count without a period is per week when it is at most 5. Fewer than
five remote days a week, or a yearly allowance, make the policy hybrid.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import match
from ..doc import Candidate, Doc, Trace
from ..model import Record
from ..resolve import pick
from . import context as cx
from . import number_starts as numstarts

KEYS = tuple("remote.policy remote.days_per_week remote.days_per_year".split())

DEFAULT_SCORE = 0.75
HEADER = 0.85
DAYS_SCORE = 0.85
HEDGED = 0.7
MIN_SCORE = 0.5
WORK_WEEK = 5
ATTACH_FILLER = r"(?:\s*(?:[:(\-–]|de|d['’]|of|jusqu['’](?:à|a)|up to|max(?:imum)?|au plus|possible|selon [^\n().;]{0,40}?)\s*){0,4}"


def _sub(key: str) -> str:
    return match.alternation(match.section("remote", key))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    num, units, joiners = cx.number_pattern(), _sub("day_units"), _sub("range_joiners")
    day_words, onsite = _sub("day_words"), _sub("onsite_words")
    per_week, per_year = _sub("per_week"), _sub("per_year")
    return {
        "days": re.compile(
            rf"(?<![\w.,])(?:(?P<lo>{num})\s*(?:{units})?\s*(?:{joiners})\s*)?(?P<n>{num})\s*(?:{units}){match.END}",
            re.I),
        "remote_after": re.compile(rf"\s*(?:de|d['’]|of)?\s*(?:{day_words}){match.END}", re.I),
        "remote_before": re.compile(match.START + rf"(?:{day_words}){ATTACH_FILLER}\Z", re.I),
        "remote_in_clause": re.compile(match.bounded(day_words), re.I),
        "onsite_after": re.compile(rf"\s*(?:(?:per|a|/|par)\s*\w+\s*)?(?:[\w'’]+\s+){{0,2}}?(?:{onsite}){match.END}", re.I),
        "onsite_before": re.compile(match.START + rf"(?:{onsite})[^\n.;]{{0,25}}\Z", re.I),
        "per_week": re.compile(rf"(?:\s*(?:de|d['’]|of)?\s*(?:{day_words}))?[^\n.;]{{0,20}}?(?:{per_week}){match.END}", re.I),
        "per_year": re.compile(rf"(?:\s*(?:de|d['’]|of)?\s*(?:{day_words}))?[^\n.;]{{0,20}}?(?:{per_year}){match.END}", re.I),
        "per_month": re.compile(r"\s*(?:/|par|per|a)\s*(?:mois|month)", re.I),
        "then": re.compile(rf"\s*(?:{_sub('then_remote')})", re.I),
        "boilerplate": re.compile(_sub("boilerplate"), re.I),
        "hedge": re.compile(rf"(?:{_sub('hedges')})\s*(?:\w+\s+){{0,2}}\Z", re.I),
    }


@lru_cache(maxsize=1)
def _boilerplate_cues() -> tuple[str, ...] | None:
    """Folded literals one of which every boilerplate sentence holds (None: unknown)."""
    cues: set[str] = set()
    for f in match.section("remote", "boilerplate"):
        found = match.anchors(match.fold_pattern(f.pattern))
        if not found:
            return None
        cues |= found
    return tuple(sorted(cues))


def _in_boilerplate(doc: Doc, pos: int) -> bool:
    text = doc.text
    cs, ce = cx.clause_start(text, pos, 200), cx.clause_end(text, pos, 200)
    # Most clauses hold none of the words a boilerplate sentence needs: a few substring
    # tests on the folded text spare the search of the whole alternation.
    cues = _boilerplate_cues()
    if cues is not None and not numstarts.odd_cases(text, cs, ce):
        low = doc.scan.low[cs:ce]
        if not any(c in low for c in cues):
            return False
    return _patterns()["boilerplate"].search(text, cs, ce) is not None


def _policies(doc: Doc, hits: list[match.Hit], head: int) -> list[Candidate]:
    p, text = _patterns(), doc.text
    out = []
    for h in hits:
        s = h.start
        if _in_boilerplate(doc, s):
            continue
        label = rule = h.form.label
        score = h.form.score if h.form.score is not None else DEFAULT_SCORE
        span = h.span
        if label == "on_site":
            then = p["then"].match(text, h.end)
            if then:
                label, rule, span = "hybrid", "on_site_then_remote", (s, then.end())
        if label == "remote" and p["hedge"].search(text, max(cx.line_start(text, s), s - 60), s):
            score, rule = score * HEDGED, "remote_hedged"
        if cx.in_header_tag(doc, s, head):
            score = max(score, HEADER)
        if score >= MIN_SCORE:
            out.append(Candidate("remote.policy", label, span, text[span[0]:span[1]],
                                 f"remote.{rule}", score))
    return out


def _day_counts(doc: Doc, hits: list[match.Hit]) -> list[re.Match[str]]:
    """Numbers of days near a remote-work word (the only places a remote count can be)."""
    text, rx = doc.text, _patterns()["days"]
    found: dict[int, re.Match[str]] = {}
    for h in hits:
        # A count opens with a number: only the places where one starts are tried.
        for m in numstarts.finditer(rx, text, max(0, h.start - 100), min(len(text), h.end + 100)):
            found.setdefault(m.start(), m)
    return [found[k] for k in sorted(found)]


def _days(doc: Doc, hits: list[match.Hit]) -> list[Candidate]:
    p, text = _patterns(), doc.text
    out = []
    for m in _day_counts(doc, hits):
        s, e = m.span()
        ls = max(cx.line_start(text, s), s - 80)
        # The word right after the count says what the days are ("3 Days Working From
        # Home" after "2 Days On-Site /"); else the nearest one before it.
        after = p["remote_after"].match(text, e)
        if not after and (p["onsite_after"].match(text, e) or p["onsite_before"].search(text, ls, s)):
            continue
        attached = after or p["remote_before"].search(text, ls, s)
        cs = max(cx.clause_start(text, s, 120), ls)
        in_clause = p["remote_in_clause"].search(text, cs, s)
        week, year = p["per_week"].match(text, e), p["per_year"].match(text, e)
        if not attached and not (in_clause and (week or year)):
            continue
        if _in_boilerplate(doc, s) or p["per_month"].match(text, e):
            continue
        end = max(e, attached.end() if attached and attached.start() >= e else e,
                  week.end() if week else e, year.end() if year else e)
        span = (s, end)
        if m.group("lo"):
            out.append(Candidate("remote.policy", "hybrid", span, text[s:end],
                                 "remote.days_range", DAYS_SCORE))
            continue
        n = cx.parse_number(m.group("n"))
        if n is None or n <= 0:
            continue
        if year and not week:
            if n <= 366:
                out.append(Candidate("remote.days_per_year", n, span, text[s:end],
                                     "remote.days_per_year", DAYS_SCORE))
            continue
        if not week and n > WORK_WEEK:
            continue  # no period, and too many for a week
        if n <= 7:
            out.append(Candidate("remote.days_per_week", n, span, text[s:end],
                                 "remote.days_per_week", DAYS_SCORE if week else DAYS_SCORE - 0.1))
    return out


def extract_remote(doc: Doc) -> list[Candidate]:
    """Candidates for the remote policy and remote days in ``doc.text``."""
    hits = match.matcher("remote", "policies", "day_words").finditer(doc.text, doc.lang)
    return (_policies(doc, [h for h in hits if h.form.group == "policies"], cx.header_end(doc))
            + _days(doc, [h for h in hits if h.form.group == "day_words"]))


def resolve_remote(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the remote values and write them into ``rec``.

    Fewer than five remote days a week, or a yearly allowance of remote days, make the
    policy hybrid whatever else the text says; a full week of remote days makes it remote.
    """
    by_key: dict[str, list[Candidate]] = {k: [] for k in KEYS}
    for c in cands:
        if c.key in by_key:
            by_key[c.key].append(c)
    week = pick(by_key["remote.days_per_week"], trace, "remote.days_per_week")
    year = pick(by_key["remote.days_per_year"], trace, "remote.days_per_year")
    rec.remote.days_per_week = week.value if week else None
    rec.remote.days_per_year = year.value if year else None
    policies = by_key["remote.policy"]
    implied = None
    if week is not None:
        implied = "hybrid" if week.value < WORK_WEEK else "remote"
    elif year is not None:
        implied = "hybrid"
    if implied is not None:
        count = week or year
        policies = policies + [Candidate("remote.policy", implied, count.span, count.text,
                                         "remote.implied_by_days", 1.0)]
    best = pick(policies, trace, "remote.policy")
    rec.remote.policy = best.value if best else None
