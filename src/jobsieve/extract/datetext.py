"""Find calendar dates in text and convert them, with their exact spans.

One precompiled pattern describes the date-like spans (day-month-year in words,
month-year, numeric dates, year-less pieces that only count as the first end of a range,
and relative expressions such as "il y a 3 jours"); it runs on the lower-cased,
accent-folded copy of the text (:func:`~jobsieve.match.fold`), only around
the years and relative markers the text holds, and each span is converted directly (no
date parser call). Month names come from dateparser's language data, so every spelling it
knows (and its accent-less form) is understood without a hand-written list. Numeric dates
are read day-first in French and month-first in English unless only one order is a valid
date ("02-16-2026")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from .. import vocab
from ..match import LITERALS, fold, fold_pattern, scan_of, trie_regex
from .context import digit_runs

MIN_YEAR, MAX_YEAR = 1990, 2100


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Lower-cased month names and abbreviations (with and without accents) to 1..12."""
    from dateparser.data.date_translation_data import en, fr

    keys = ("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december")
    out: dict[str, int] = {}
    for data in (fr, en):
        for n, key in enumerate(keys, 1):
            for name in data.info.get(key, []):
                # One- and two-letter abbreviations are too ambiguous in running text.
                if len(name) >= 3:
                    out[name.lower()] = n
                    out[_fold(name)] = n
    return out


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    out: dict[str, int] = {}
    for lang in vocab.LANGS:
        for word, value in (vocab.load(lang, "dates").get("number_words") or {}).items():
            out[str(word).lower()] = int(value)
    return out


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:
    """Surface forms of relative-date units (day, week, month, hour) to the unit."""
    out: dict[str, str] = {}
    for lang in vocab.LANGS:
        for unit, forms in (vocab.load(lang, "dates").get("relative_units") or {}).items():
            for f in forms:
                out[str(f).lower()] = unit
    return out


def _vocab_alt(key: str) -> str:
    forms: list[str] = []
    for lang in vocab.LANGS:
        value = vocab.load(lang, "dates").get(key) or []
        forms += [str(f) for f in (value if isinstance(value, list) else [value])]
    return "|".join(f"(?:{f})" for f in forms) or r"(?!x)x"


@lru_cache(maxsize=1)
def weekday_names() -> tuple[str, ...]:
    """Lower-cased weekday names and abbreviations of every language (3 letters or more)."""
    from dateparser.data.date_translation_data import en, fr

    keys = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return tuple(sorted({n.lower() for data in (fr, en) for k in keys
                         for n in data.info.get(k, []) if len(n) >= 3}, key=len, reverse=True))


def _alt(words) -> str:
    # Shaped as a trie: at each word start the engine then tests a few first letters
    # instead of every name; the names that fit a place are prefixes of one another and
    # are still tried longest first, so the matches are those of a longest-first list.
    return trie_regex(words)


@lru_cache(maxsize=1)
def _date_pattern() -> str:
    """The pattern of every date-like span, as it reads in lower-cased, accent-folded text
    (:func:`~jobsieve.match.fold`)."""
    month = rf"(?:{_alt({_fold(n) for n in month_names()})})(?![^\W\d_])\.?"
    day = r"(?:1er|1st|2nd|3rd|[0-9]{1,2}(?:st|nd|rd|th)?)"
    year = r"(?:19|20)[0-9][0-9]"
    num = rf"(?:[0-9]+|{_alt(_number_words())})"
    units = rf"(?:{_alt(_units())})(?![^\W\d_])"
    ago, ago_after = _vocab_alt("ago_before"), _vocab_alt("ago_after")
    parts = [
        rf"(?P<iso>(?P<iy>{year})-(?P<im>[0-9][0-9])-(?P<id>[0-9][0-9]))(?![0-9])",
        rf"(?P<num>(?P<na>[0-9]{{1,2}})(?P<sep>[/.\-])(?P<nb>[0-9]{{1,2}})(?P=sep)(?P<ny>{year}))(?![0-9])",
        # Two-digit years only with slashes, and not inside a longer run of numbers.
        r"(?P<num2>(?P<na3>[0-9]{1,2})/(?P<nb3>[0-9]{1,2})/(?P<ny3>[0-9][0-9]))(?![0-9/]|[.\-][0-9])",
        rf"(?P<dmy>(?P<d1>{day})\s*(?:de\s+|of\s+)?(?P<m1>{month}),?\s*(?P<y1>{year}))(?![0-9])",
        rf"(?P<mdy>(?P<m2>{month})\s*(?P<d2>{day}),?\s*(?P<y2>{year}))(?![0-9])",
        rf"(?P<my>(?P<m3>{month})\s*(?:de\s+|of\s+|,\s*)?(?P<y3>{year}))(?![0-9])",
        rf"(?P<dm>(?P<d4>{day})\s*(?:de\s+|of\s+)?(?P<m4>{month}))",
        rf"(?P<md>(?P<m5>{month})\s*(?P<d5>{day}))(?![0-9])",
        r"(?P<nd>(?P<na2>[0-9]{1,2})/(?P<nb2>[0-9]{1,2}))(?![0-9/])",
        rf"(?P<ago>(?:{ago})\s*(?P<an>{num})\s*(?P<au>{units}))",
        rf"(?P<ago2>(?P<an2>{num})\s*(?P<au2>{units})\s*(?:{ago_after}))",
    ]
    return fold_pattern(r"(?<![\w/.\-])(?:" + "|".join(parts) + r")")


@lru_cache(maxsize=1)
def date_regex() -> re.Pattern[str]:
    """Every date-like span of a :func:`~jobsieve.match.fold`-ed text."""
    return re.compile(_date_pattern())


@lru_cache(maxsize=1)
def _ending_regex() -> re.Pattern[str]:
    """A date-like span ending where the search ends."""
    return re.compile(f"(?:{_date_pattern()})\\Z")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date-like span and what it means."""

    start: int
    end: int
    text: str
    iso: str | None
    """``YYYY-MM-DD`` when the span is a whole date (or a month: its first day)."""
    precision: str
    """``day``, ``month``, ``partial`` (no year: only valid as a range's first end) or
    ``relative`` (counted back from the reference date)."""
    day: int | None = None
    month: int | None = None


def _iso(y: int, m: int, d: int) -> str | None:
    if not (MIN_YEAR <= y <= MAX_YEAR):
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group()) if s[0].isdigit() else 1


def _month(s: str) -> int | None:
    s = s.rstrip(".").lower()
    names = month_names()
    return names.get(s) or names.get(_fold(s))


def _year(s: str) -> int:
    y = int(s)
    return y + 2000 if y < 100 else y


def numeric_order(a: int, b: int, lang: str) -> tuple[int, int] | None:
    """(day, month) of two numbers: the valid order, else the language's usual one."""
    day_first = a <= 31 and 1 <= b <= 12
    month_first = 1 <= a <= 12 and b <= 31
    if day_first and month_first:
        return (b, a) if lang == "en" else (a, b)
    if day_first:
        return a, b
    if month_first:
        return b, a
    return None


def _relative(n: str, unit: str, today: date | None) -> str | None:
    if today is None:
        return None
    words = _number_words()
    count = words.get(n.lower()) if not n.isdigit() else int(n)
    kind = _units().get(unit.lower())
    if count is None or kind is None:
        return None
    if kind == "month":
        # Calendar months, as people count them: two months before 10 March is 10 January
        # (and one month before 31 March is the last day of February).
        return (today - relativedelta(months=count)).isoformat()
    days = {"day": 1, "week": 7, "hour": 0}[kind] * count
    return (today - timedelta(days=days)).isoformat()


def convert(m: re.Match[str], lang: str, today: date | None = None,
            text: str | None = None) -> FoundDate | None:
    """The meaning of one :func:`date_regex` match (None when it is not a valid date);
    ``text`` is the original of the lowered text it ran on."""
    g = m.groupdict()
    s, e = m.start(), m.end()
    t = text[s:e] if text is not None else m.group()
    if g["iso"]:
        iso = _iso(int(g["iy"]), int(g["im"]), int(g["id"]))
        return FoundDate(s, e, t, iso, "day") if iso else None
    for kind, a, b, y in (("num", "na", "nb", "ny"), ("num2", "na3", "nb3", "ny3")):
        if g[kind]:
            order = numeric_order(int(g[a]), int(g[b]), lang)
            iso = _iso(_year(g[y]), order[1], order[0]) if order else None
            return FoundDate(s, e, t, iso, "day") if iso else None
    for kind, dk, mk, yk in (("dmy", "d1", "m1", "y1"), ("mdy", "d2", "m2", "y2")):
        if g[kind]:
            month = _month(g[mk])
            iso = _iso(int(g[yk]), month, _day(g[dk])) if month else None
            return FoundDate(s, e, t, iso, "day") if iso else None
    if g["my"]:
        month = _month(g["m3"])
        iso = _iso(int(g["y3"]), month, 1) if month else None
        return FoundDate(s, e, t, iso, "month") if iso else None
    for kind, dk, mk in (("dm", "d4", "m4"), ("md", "d5", "m5")):
        if g[kind]:
            month = _month(g[mk])
            d = _day(g[dk])
            if month and 1 <= d <= 31:
                return FoundDate(s, e, t, None, "partial", d, month)
            return None
    if g["nd"]:
        order = numeric_order(int(g["na2"]), int(g["nb2"]), lang)
        if order is None:
            return None
        return FoundDate(s, e, t, None, "partial", order[0], order[1])
    if g["ago"] or g["ago2"]:
        n, unit = (g["an"], g["au"]) if g["ago"] else (g["an2"], g["au2"])
        iso = _relative(n, unit, today)
        return FoundDate(s, e, t, iso, "relative") if iso else None
    return None


# Every whole date holds a year (a two-digit one only as in "20/03/24"), and relative
# dates hold their marker ("il y a", "ago"): the full date pattern runs only around them.
# Years are read from the posting's runs of digits (a four-digit run "19xx"/"20xx", or
# the last digit of a run before "/" and two digits), as this pattern would find them.
_YEAR = re.compile(r"[0-9](?:(?<=[12])(?<![0-9][0-9])[09][0-9][0-9](?![0-9])|/[0-9][0-9](?![0-9/]))")
_WINDOW = 28


def _years(text: str, low: str) -> list[tuple[int, int]]:
    """The spans :data:`_YEAR` finds in ``low`` (the fold of ``text``), in order."""
    out: list[tuple[int, int]] = []
    n, taken = len(low), 0
    for a, b in digit_runs(text):
        if b <= taken:  # the two digits after the slash of the year just read
            continue
        if b - a == 4 and low[a] in "12" and low[a + 1] in "09":
            out.append((a, b))
            taken = b
        elif b + 2 < n and low[b] == "/" and "0" <= low[b + 1] <= "9" and "0" <= low[b + 2] <= "9" \
                and (b + 3 == n or low[b + 3] not in "0123456789/"):
            out.append((b - 1, b + 3))
            taken = b + 3
    return out


@lru_cache(maxsize=1)
def _relative_markers() -> tuple[tuple[str, int], ...]:
    """The markers of relative dates, each with its literal id in the posting's scan."""
    out = []
    for key in ("ago_before", "ago_after"):
        for lang in vocab.LANGS:
            out += [str(f).lower() for f in vocab.load(lang, "dates").get(key) or []
                    if re.fullmatch(r"[\w' ]+", str(f))]
    return tuple((m, LITERALS.add(fold(m))) for m in out)


def find_dates(text: str, lang: str = "fr", today: date | None = None) -> list[FoundDate]:
    """Every whole or relative date of ``text`` that converts, in text order."""
    scan = scan_of(text)
    low = scan.low
    ending = _ending_regex()
    out: dict[int, FoundDate] = {}
    last_end = 0
    for ys, ye in _years(text, low):
        if ys < last_end:
            continue
        m = ending.search(low, max(last_end, ys - _WINDOW), ye)
        if m is None and low[ys + 1] != "/":
            m = date_regex().match(low, ys)  # year first: "2024-11-21"
        if m is not None and m.start() <= ys and m.end() >= ye:
            found = convert(m, lang, today, text)
            if found is not None and found.precision in ("day", "month"):
                out[found.start] = found
                last_end = found.end
    rx = date_regex()
    markers = _relative_markers()
    hits = scan.hits()
    for marker, lid in markers:
        # The scan found each marker with every other literal (and where punctuation
        # stands for its spaces: checked here).
        for at in hits.get(lid, ()):
            if not low.startswith(marker, at):
                continue
            lo, hi = max(0, at - 25), min(len(text), at + len(marker) + 25)
            for m in rx.finditer(low, lo, hi):
                if (m.group("ago") or m.group("ago2")) and m.start() <= at < m.end():
                    found = convert(m, lang, today, text)
                    if found is not None:
                        out[found.start] = found
    return [out[k] for k in sorted(out)]


def date_before(text: str, end: int, lang: str = "fr") -> FoundDate | None:
    """A date (maybe without its year) that ends exactly at ``end``."""
    m = _ending_regex().search(scan_of(text).low, max(0, end - 30), end)
    return convert(m, lang, text=text) if m is not None else None


def complete(first: FoundDate, second: FoundDate) -> str | None:
    """The first end of a range written without its year ("du 02/12 au 20/12/2024")."""
    if first.iso or second.iso is None or first.month is None or first.day is None:
        return first.iso
    year = int(second.iso[:4])
    iso = _iso(year, first.month, first.day)
    if iso and iso > second.iso:
        iso = _iso(year - 1, first.month, first.day)
    return iso
