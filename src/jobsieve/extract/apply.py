"""How to apply: ``apply.emails``, ``apply.urls``, ``apply.reference``, ``apply.documents``.

An e-mail address or a link is for applications when its sentence says how to apply
("Merci d'envoyer votre candidature ... à jobs@...", "Send your resume to ...") or it sits in
the apply section, and the sentence is not about something else (personal data officers,
accessibility requests). The reference is what the candidate must quote: a text asked in the
subject line ("avec la référence suivante en objet : X", 'include "X" in the subject line')
or a labelled code ("Référence : V0824P100-47", "Job ID: 19304"). Documents are the
canonical labels of ``vocab/<lang>/apply.yaml`` named in an application sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .. import vocab
from ..doc import Candidate, Doc, Trace
from ..match import Finder
from ..model import Record, Span
from ..resolve import pick

KEYS = tuple("apply.emails apply.urls apply.reference apply.documents".split())

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    # The top-level domain ends where a glued capitalised word starts ("x@y.orgAttach").
    r"\.(?:[a-z]{2,24}(?![a-z])|[A-Z]{2,24}(?![A-Za-z]))")
_URL_FORMS = (r"https?://[^\s<>\"'()\[\]]+", r"www\.[^\s<>\"'()\[\]]+")
# A sentence end: "[.!?](?=\s)|\n", written to open with one character class so that the
# engine skips the other characters in C (an opening alternation is tried at every one).
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?=\s))")
# The same, read in a reversed stretch (the white space after "." comes before it there):
# its first match is the last sentence end before a place, found by one forward search.
_SENTENCE_END_BACK = re.compile(r"[.!?\n](?:(?<=\n)|(?<=\s.))")
_REF_VALUE = re.compile(r"(?:[A-Z]{1,5}#?\s)?[A-Za-z0-9][A-Za-z0-9./_#-]*")
_GLUED = re.compile(r"^(.*?\d)([A-Z][a-z].*)$")
_QUOTED = re.compile(r"[\"“«]\s*([^\"”»\n]{2,100}?)\s*[\"”»]\s*$")
_VALUE_STOP = re.compile(r"\s+(?:[àa]|to|par|by)\s+(?:l'adresse\s+)?\S+@|\s*[\"”»]|\s+(?:avant|before)\s")
_SCORE = {"subject": 0.9, "label": 0.7}
# Groups of forms found through the shared one-pass search, with what follows each form.
_GROUPS = {
    "cue": r"(?!(?-i:[a-z0-9]))",
    "not_apply": r"(?!(?-i:[a-z0-9]))",
    "reference_label": r"(?:\s*[:#°]\s*|\s+|(?=\d))",
    "subject_before": r"\s*[:«\"“]?\s*",
    "subject_after": "",
}


def _forms(label: str) -> list[str]:
    return [f for lang in vocab.LANGS for f in vocab.load(lang, "apply").get(label, []) or []]


@lru_cache(maxsize=1)
def _finder() -> tuple[Finder, tuple[tuple[str, str], ...]]:
    """One shared-pass finder for every group of forms, with the group and label of each
    form (one search of the posting's literals instead of one per group)."""
    forms: list[str] = []
    tags: list[tuple[str, str]] = []
    for group, tail in _GROUPS.items():
        for f in _forms(group):
            forms.append(rf"(?:{f}){tail}")
            tags.append((group, group))
    for lang in vocab.LANGS:
        for label, fs in (vocab.load(lang, "apply").get("documents") or {}).items():
            for f in fs:
                forms.append(rf"(?:{f})(?!(?-i:[a-z0-9]))")
                tags.append(("documents", label))
    for f in _URL_FORMS:
        forms.append(f)
        tags.append(("urls", "url"))
    return Finder(forms), tuple(tags)


_Groups = dict[str, list[tuple[str, re.Match[str]]]]


def _groups(text: str) -> _Groups:
    """``(label, match)`` of the forms of each group (glued ones too: "...généralesRéférence2024-00871")."""
    finder, tags = _finder()
    return finder.grouped(text, tags)


@lru_cache(maxsize=1)
def _negation() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(_forms('negation'))})\s+(?:\w+\s+)?$", re.I)


def _sentence(text: str, start: int, end: int) -> Span:
    m = _SENTENCE_END_BACK.search(text[max(0, start - 300):start][::-1])
    lo = start - m.start() if m else 0
    m = _SENTENCE_END.search(text, end, end + 300)
    return lo, (m.start() if m else min(len(text), end + 300))


class _Context:
    """Where the posting says how to apply, and where it speaks of something else."""

    def __init__(self, doc: Doc, groups: _Groups) -> None:
        self.doc = doc
        self.groups = groups
        # Found on first use: a posting without addresses, links or documents needs neither.
        self._cues: list[int] | None = None
        self._others: list[int] | None = None

    @property
    def cues(self) -> list[int]:
        if self._cues is None:
            self._cues = [m.start() for _, m in self.groups.get("cue", [])]
        return self._cues

    @property
    def others(self) -> list[int]:
        if self._others is None:
            self._others = [m.start() for _, m in self.groups.get("not_apply", [])]
        return self._others

    def applying(self, start: int, end: int) -> bool:
        """Whether the sentence around ``[start, end)`` tells how to apply."""
        lo, hi = _sentence(self.doc.text, start, end)
        if _any_in(self.others, lo, hi):
            return False
        if _any_in(self.cues, lo, hi):
            return True
        sec = self.doc.section_at(start)
        return sec is not None and sec.kind == "apply"


def _any_in(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def extract_apply(doc: Doc) -> list[Candidate]:
    """Candidates for the application e-mails, links, reference and documents."""
    try:
        groups = _groups(doc.text)  # one look-up of the shared search for every group
        ctx = _Context(doc, groups)
        return [*_addresses(ctx), *_references(doc.text, groups), *_documents(ctx)]
    except (re.error, ValueError, KeyError, IndexError):
        return []


def _emails(text: str) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    at = text.find("@")
    while at >= 0:
        m = _EMAIL.search(text, max(0, at - 64), at + 256)
        while m and m.end() <= at:  # an earlier address in the window
            m = _EMAIL.search(text, m.end(), at + 256)
        if m and m.start() < at < m.end() and not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "._%+-")):
            out.append(m)
            at = text.find("@", m.end())
        else:
            at = text.find("@", at + 1)
    return out


def _addresses(ctx: _Context) -> list[Candidate]:
    out: list[Candidate] = []
    text = ctx.doc.text
    emails = _emails(text)
    for m in emails:
        if ctx.applying(m.start(), m.end()):
            out.append(Candidate("apply.emails", m.group(), m.span(), m.group(), "apply.email", 0.8))
    taken = [e.span() for e in emails]
    for _, m in ctx.groups.get("urls", []):
        url = m.group().rstrip(".,;:!?")
        # "www." inside "https://www..." or an address's domain is not another link.
        if any(s <= m.start() < e for s, e in taken):
            continue
        taken.append(m.span())
        if ctx.applying(m.start(), m.end()):
            span = (m.start(), m.start() + len(url))
            out.append(Candidate("apply.urls", url, span, url, "apply.url", 0.6))
    return out


def _clean_ref(value: str) -> str:
    value = value.strip().rstrip(".,;:/-")
    g = _GLUED.match(value)
    return g.group(1) if g else value


def _references(text: str, groups: _Groups) -> list[Candidate]:
    out: list[Candidate] = []
    for _, m in groups.get("subject_before", []):
        start = m.end()
        line_end = text.find("\n", start)
        if line_end == start:  # the value is on the next line
            start += 1
            line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        chunk = text[start:line_end]
        # The value stops before the address it is sent to ("... X à jobs@org.fr").
        cut = _VALUE_STOP.search(chunk)
        value = (chunk[:cut.start()] if cut else chunk).strip(" :«“\"'.")
        if 2 <= len(value) <= 120:
            s = start + chunk.find(value)
            out.append(Candidate("apply.reference", value, (s, s + len(value)), value, "apply.subject", _SCORE["subject"]))
    for _, m in groups.get("subject_after", []):
        q = _QUOTED.search(text, max(0, m.start() - 120), m.start())
        if q:
            value = q.group(1).strip()
            s = q.start(1)
            out.append(Candidate("apply.reference", value, (s, s + len(value)), value, "apply.subject", _SCORE["subject"]))
    for _, m in groups.get("reference_label", []):
        v = _REF_VALUE.match(text, m.end())
        if not v:
            continue
        value = _clean_ref(v.group())
        if not any(ch.isdigit() for ch in value) or len(value) < 3:
            continue
        s = v.start()
        label = (m.start(), m.start() + len(m.group().rstrip(" \t:#°")))
        out.append(Candidate("apply.reference", value, (s, s + len(value)), value, "apply.label", _SCORE["label"],
                             (label,)))
    return out


def _documents(ctx: _Context) -> list[Candidate]:
    text = ctx.doc.text
    negation = _negation()
    out: list[Candidate] = []
    for label, m in ctx.groups.get("documents", []):
        if not ctx.applying(m.start(), m.end()):
            continue
        if negation.search(text, max(0, m.start() - 30), m.start()):
            continue
        out.append(Candidate("apply.documents", label, m.span(), m.group(), "apply.document", 0.8))
    return out


def _union(cands: list[Candidate], trace: Trace, path: str, *, fold: bool = False) -> list[str]:
    """Every distinct value, hints first, then in order of first mention; all are evidence."""
    out: list[str] = []
    seen: set[str] = set()
    for c in sorted(cands, key=lambda c: (not c.rule.startswith("hint."), c.span[0])):
        key = str(c.value).lower() if fold else str(c.value)
        if key not in seen:
            seen.add(key)
            out.append(str(c.value))
    if cands:
        trace.use(path, *cands)
    return out


def resolve_apply(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Addresses, links and documents: all distinct ones; the reference: the best one.

    A reference asked for the subject line outranks a labelled code; on equal footing the
    earliest wins (the resolver's default order).
    """
    by_key: dict[str, list[Candidate]] = {}
    for c in cands:
        by_key.setdefault(c.key, []).append(c)
    rec.apply.emails = _union(by_key.get("apply.emails", []), trace, "apply.emails", fold=True)
    rec.apply.urls = _union(by_key.get("apply.urls", []), trace, "apply.urls")
    rec.apply.documents = _union(by_key.get("apply.documents", []), trace, "apply.documents")
    best = pick(by_key.get("apply.reference", []), trace, "apply.reference")
    if best is not None:
        rec.apply.reference = str(best.value)
