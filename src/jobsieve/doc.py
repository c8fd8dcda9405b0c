"""The types passed between pipeline stages: the document, candidates and the trace.

Extractors are pure functions ``extract_x(doc) -> list[Candidate]``; resolvers
``resolve_x(candidates, doc, record, trace)`` decide, fill the record, and record in the
trace the evidence they used and every candidate they rejected (with the reason).

Candidate keys and value types (the same for text extractors and for reader hints):

=============================  ==================================================
key                            value
=============================  ==================================================
``title``, ``employer``        ``str``
``locations``                  :class:`~jobsieve.model.Location` (city may be None)
``contract.type``              ``str`` label of the spec's vocabulary
``contract.duration_months``   ``float``
``contract.renewable``         ``bool``
``working_time.type``          ``"full_time"`` / ``"part_time"``
``working_time.hours_per_week`` ``float``
``salary``                     :class:`~jobsieve.model.Salary` (annual_* left None:
                               the resolver annualises)
``dates.posted|start|deadline|end``  ISO ``str`` ``YYYY-MM-DD``
``dates.start_asap``           ``True``
``remote.policy``              ``str`` label; ``remote.days_per_week|days_per_year``
                               ``float``
``experience.min_years|max_years``  ``float``
``education.min_eqf_level``    ``int`` 1..8
``languages``                  :class:`~jobsieve.model.LanguageRequirement`
``benefits``                   :class:`~jobsieve.model.Benefit`
``apply.emails|urls|documents`` ``str`` (one per candidate); ``apply.reference`` ``str``
=============================  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import Section, Span


@dataclass(slots=True, frozen=True)
class Candidate:
    """One possible value for one field, found at ``span`` by rule ``rule``."""

    key: str
    """Dotted path of the record field it would fill (``salary``, ``contract.type``)."""
    value: Any
    span: Span
    text: str
    """The matched text, ``doc.text[span[0]:span[1]]``."""
    rule: str
    """Id of the rule that fired (``salary.fr.brut_mensuel``, ``hint.jsonld.title``)."""
    score: float = 1.0
    """Confidence used to rank candidates of the same key: higher wins."""
    spans: tuple[Span, ...] = ()
    """Further supporting spans (a label on the previous line, a second number)."""

    def all_spans(self) -> list[Span]:
        """The main span followed by the supporting ones."""
        return [self.span, *self.spans]


@dataclass(slots=True)
class Rejected:
    candidate: Candidate
    reason: str


@dataclass(slots=True)
class Trace:
    """What the resolvers decided: evidence per record path, warnings, rejected candidates."""

    evidence: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    def use(self, path: str, *cands: Candidate) -> None:
        """Record that the value at ``path`` came from these candidates."""
        spans = self.evidence.setdefault(path, [])
        for c in cands:
            for s in c.all_spans():
                if s not in spans and s[1] > s[0]:
                    spans.append(s)
            self.rules.append(c.rule)
        spans.sort()

    def reject(self, cand: Candidate, reason: str) -> None:
        self.rejected.append(Rejected(cand, reason))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass(slots=True)
class Doc:
    """A cleaned posting, ready for the extractors."""

    text: str
    lang: str = "fr"
    sections: list[Section] = field(default_factory=list)
    headings: list[Span] = field(default_factory=list)
    """Spans of heading lines (from Markdown/HTML headings or detected labels)."""
    hints: list[Candidate] = field(default_factory=list)
    """Candidates read from structured data (JSON-LD, France Travail fields)."""
    today: date | None = None
    format: str = "text"
    header_end: int = 0
    """End of the leading block of short lines (board header) where titles, places,
    dates and tags usually sit; 0 when the posting has none."""
    _scan: Any = field(default=None, init=False, repr=False, compare=False)
    _header: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def scan(self) -> Any:
        """The shared :class:`~jobsieve.match.Scan` of ``text`` (folded text, lines, numbers,
        vocabulary literals), made on first use."""
        if self._scan is None or self._scan.text is not self.text:
            from .match import scan_of

            self._scan = scan_of(self.text)
        return self._scan

    def section_at(self, pos: int) -> Section | None:
        """The section containing offset ``pos``, if any."""
        for s in self.sections:
            if s.start <= pos < s.end:
                return s
        return None

    def line_span(self, pos: int) -> Span:
        """Span of the line containing ``pos`` (without its newline)."""
        return self.scan.line_start(pos), self.scan.line_end(pos)


def make_doc(text: str, lang: str = "fr", **kw: Any) -> Doc:
    """A :class:`Doc` for already-clean text (tests, simple callers), sections detected."""
    from .sections import detect_header_end, detect_headings, detect_sections

    headings = detect_headings(text)
    kw.setdefault("header_end", detect_header_end(text, headings))
    return Doc(text=text, lang=lang, headings=headings,
               sections=detect_sections(text, headings), **kw)
