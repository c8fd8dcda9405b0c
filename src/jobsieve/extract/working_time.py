"""Working time (full-time or part-time) and hours per week.

Type words come from ``vocab/*/working_time.yaml`` (``types``), scored like contract
words: a labelled line ("Temps de travail : Temps plein", "Job Type: Full-time") 0.95,
a tag line of the board header 0.85, elsewhere the form's own score. French "à temps plein" nearly
always describes the job; English "full-time" qualifies many things ("a full-time
student", "full-time work experience"), so alone it scores under the floor and counts
only when it qualifies the job, is labelled, or stands in the header.

Hours are a number of hours that is either per week ("35h/semaine", "40 hours per
week"), on a working-time line ("Durée du travail : 39H10", "Horaires : 36H30"), or next
to the contract ("CDI/39h"). "39h10" is 39 h 10 min (39.17). A range ("24-32 Hours/Week")
gives no value, and neither does a time of day ("9h-17h") or hours counted over something
else ("8 hour shift", "7 heures par jour"). The hours never imply full or part time on
their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import match
from ..doc import Candidate, Doc, Trace
from ..model import Record
from ..resolve import pick
from . import context as cx

KEYS = tuple("working_time.type working_time.hours_per_week".split())

DEFAULT_SCORE = 0.8
LABELLED = 0.95
HEADER = 0.85
MIN_SCORE = 0.5
MAX_HOURS = 60.0


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    sub = lambda s: match.subsection("working_time", "hours", s)  # noqa: E731
    units, joiners = sub("units"), sub("range_joiners")
    return {
        "label": re.compile(match.START + rf"(?:{match.alternation(match.section('working_time', 'labels'))})"
                            r"\s*[:：\-–|]\s*\Z", re.I),
        # Starts with a digit so that the engine can skip quickly to the digits of the text
        # ([0-9] rather than \d: a range is tested faster than a Unicode category).
        "hours": re.compile(
            rf"(?P<h>[0-9](?<![0-9.,:][0-9])[0-9]?(?:[.,][0-9]{{1,2}})?)\s?(?:{units})(?:\s?(?P<min>[0-5][0-9]))?"
            r"(?![^\W\d_]|[0-9])", re.I),
        "range_before": re.compile(rf"\d\s*(?:{units})?\s*(?:{joiners})\s*\Z", re.I),
        "per_week": re.compile(rf"\s*(?:{sub('per_week')}){match.END}", re.I),
        "other_period": re.compile(rf"\s*(?:{sub('other_periods')}){match.END}", re.I),
        "time_range": re.compile(r"\s*(?:-|–|à|a|to)\s*\d{1,2}\s?(?:h|:\d\d|am|pm)", re.I),
        "label_before": re.compile(match.START + rf"(?:{sub('labels')})\s*[:\-–]?\s*(?:de\s+|of\s+)?\Z", re.I),
        "neighbour_before": re.compile(match.START + rf"(?:{sub('neighbours')})\s*[/,(\-–]?\s*\Z", re.I),
    }


# How every label match ends: most mentions have no such ending before them, and this
# pattern (opening with a character class, which the engine skips to) says so quickly.
_LABEL_TAIL = re.compile(r"[:：\-–|]\s*\Z")


def _types(doc: Doc, head: int) -> list[Candidate]:
    out = []
    label = _patterns()["label"]
    for h in match.matcher("working_time", "types").finditer(doc.text, doc.lang):
        s, form = h.start, h.form
        score, where = form.score if form.score is not None else DEFAULT_SCORE, "text"
        lo = max(cx.line_start(doc.text, s), s - 60)
        if _LABEL_TAIL.search(doc.text, lo, s) and label.search(doc.text, lo, s):
            score, where = max(score, LABELLED), "labelled"
        elif cx.in_header_tag(doc, s, head):
            score, where = max(score, HEADER), "header"
        if score >= MIN_SCORE:
            out.append(Candidate("working_time.type", form.label, h.span, h.text,
                                 f"working_time.{where}.{form.label}", score))
    return out


def _hours(doc: Doc) -> list[Candidate]:
    p = _patterns()
    text = doc.text
    out = []
    # A count of hours starts a run of digits (see the pattern's look-behind).
    for m in cx.finditer_digits(p["hours"], text):
        if p["time_range"].match(text, m.end()) or p["other_period"].match(text, m.end()) \
                or p["range_before"].search(text, max(0, m.start() - 12), m.start()):
            continue  # a range of hours ("24-32 Hours/Week"), or a time of day ("9h-17h")
        s = m.start("h")
        before = max(cx.line_start(text, s), s - 50)
        week = p["per_week"].match(text, m.end())
        if week:
            rule, score, end = "per_week", 0.9, week.end()
        elif p["label_before"].search(text, before, s):
            rule, score, end = "labelled", 0.9, m.end()
        elif p["neighbour_before"].search(text, before, s):
            rule, score, end = "contract", 0.8, m.end()
        else:
            continue
        hours = cx.parse_number(m.group("h"))
        if hours is None:
            continue
        if m.group("min"):
            hours += int(m.group("min")) / 60
        if not 0 < hours <= MAX_HOURS:
            continue
        out.append(Candidate("working_time.hours_per_week", round(hours, 2), (s, end),
                             text[s:end], f"working_time.hours.{rule}", score))
    return out


def extract_working_time(doc: Doc) -> list[Candidate]:
    """Candidates for full/part time and weekly hours in ``doc.text``."""
    return _types(doc, cx.header_end(doc)) + _hours(doc)


def resolve_working_time(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the working-time values and write them into ``rec``."""
    types = [c for c in cands if c.key == "working_time.type"]
    hours = [c for c in cands if c.key == "working_time.hours_per_week"]
    best = pick(types, trace, "working_time.type")
    rec.working_time.type = best.value if best else None
    best = pick(hours, trace, "working_time.hours_per_week",
                same=lambda a, b: abs(a - b) < 0.01)
    rec.working_time.hours_per_week = best.value if best else None
