"""The posting record (spec v1) as typed dataclasses.

Every key of the spec is always present in :meth:`Record.to_dict`; an unknown value is
``None`` (or ``[]`` for lists), never a guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

Span = tuple[int, int]
"""A half-open ``[start, end)`` character span into the cleaned text."""

CONTRACT_TYPES = (
    "permanent", "fixed_term", "temporary", "internship", "apprenticeship",
    "freelance", "volunteer", "other",
)
WORKING_TIME_TYPES = ("full_time", "part_time")
SALARY_PERIODS = ("hour", "day", "week", "month", "year")
REMOTE_POLICIES = ("on_site", "hybrid", "remote")
SECTION_KINDS = (
    "about_employer", "context", "mission", "responsibilities", "profile",
    "conditions", "apply", "other",
)
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(slots=True)
class Source:
    uri: str | None = None
    format: str = "text"


@dataclass(slots=True)
class Employer:
    name: str | None = None


@dataclass(slots=True)
class Location:
    city: str | None = None
    region: str | None = None
    country: str | None = None


@dataclass(slots=True)
class Contract:
    type: str | None = None
    duration_months: float | None = None
    renewable: bool | None = None


@dataclass(slots=True)
class WorkingTime:
    type: str | None = None
    hours_per_week: float | None = None


@dataclass(slots=True)
class Salary:
    currency: str | None = None
    period: str | None = None
    min: float | None = None
    max: float | None = None
    payments_per_year: int | None = None
    annual_min: float | None = None
    annual_max: float | None = None


@dataclass(slots=True)
class Dates:
    posted: str | None = None
    start: str | None = None
    start_asap: bool = False
    deadline: str | None = None
    end: str | None = None


@dataclass(slots=True)
class Remote:
    policy: str | None = None
    days_per_week: float | None = None
    days_per_year: float | None = None


@dataclass(slots=True)
class Experience:
    min_years: float | None = None
    max_years: float | None = None


@dataclass(slots=True)
class Education:
    min_eqf_level: int | None = None


@dataclass(slots=True)
class LanguageRequirement:
    code: str
    level: str | None = None
    required: bool = True


@dataclass(slots=True)
class Benefit:
    kind: str
    amount: float | None = None
    employer_share: float | None = None


@dataclass(slots=True)
class Apply:
    emails: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    reference: str | None = None
    documents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    kind: str
    start: int
    end: int


@dataclass(slots=True)
class Related:
    """A teaser of another job listed around the posting (not part of it)."""

    title: str | None = None
    employer: str | None = None
    summary: str | None = None


_FIELD_NAMES: dict[type, frozenset[str]] = {}


@dataclass(slots=True)
class Record:
    """One parsed job posting: the spec's record plus the cleaned text it points into."""

    id: str = ""
    source: Source = field(default_factory=Source)
    language: str | None = None
    title: str | None = None
    employer: Employer = field(default_factory=Employer)
    locations: list[Location] = field(default_factory=list)
    contract: Contract = field(default_factory=Contract)
    working_time: WorkingTime = field(default_factory=WorkingTime)
    salary: Salary = field(default_factory=Salary)
    dates: Dates = field(default_factory=Dates)
    remote: Remote = field(default_factory=Remote)
    experience: Experience = field(default_factory=Experience)
    education: Education = field(default_factory=Education)
    languages: list[LanguageRequirement] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    apply: Apply = field(default_factory=Apply)
    sections: list[Section] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The spec's JSON object (every key present; spans as ``[start, end]`` lists)."""
        d = asdict(self)
        d["evidence"] = {k: [list(s) for s in v] for k, v in self.evidence.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        """Rebuild a record from :meth:`to_dict` output (as stored or sent over the API)."""
        def build(kind: type, value: Any) -> Any:
            if value is None:
                return kind()
            names = _FIELD_NAMES.get(kind)
            if names is None:  # dataclasses.fields() is slow enough to show in search latency
                names = _FIELD_NAMES[kind] = frozenset(f.name for f in fields(kind))
            return kind(**{k: v for k, v in value.items() if k in names})

        return cls(
            id=d.get("id", ""),
            source=build(Source, d.get("source")),
            language=d.get("language"),
            title=d.get("title"),
            employer=build(Employer, d.get("employer")),
            locations=[build(Location, x) for x in d.get("locations") or []],
            contract=build(Contract, d.get("contract")),
            working_time=build(WorkingTime, d.get("working_time")),
            salary=build(Salary, d.get("salary")),
            dates=build(Dates, d.get("dates")),
            remote=build(Remote, d.get("remote")),
            experience=build(Experience, d.get("experience")),
            education=build(Education, d.get("education")),
            languages=[build(LanguageRequirement, x) for x in d.get("languages") or []],
            benefits=[build(Benefit, x) for x in d.get("benefits") or []],
            apply=build(Apply, d.get("apply")),
            sections=[build(Section, x) for x in d.get("sections") or []],
            related=[build(Related, x) for x in d.get("related") or []],
            evidence={k: [tuple(s) for s in v] for k, v in (d.get("evidence") or {}).items()},
            warnings=list(d.get("warnings") or []),
            text=d.get("text", ""),
        )


def evidence_paths(rec: Record) -> list[str]:
    """The evidence keys a record must carry: one per non-null extracted value.

    Scalars use their dotted path (``dates.posted``); the salary is one expression
    (``salary``); list items use their index (``locations[0]``, ``languages[1]``).
    ``language``, ``id``, ``source``, ``sections``, ``related`` and ``text`` need none.

    >>> r = Record(title="Chef", dates=Dates(posted="2026-01-02"))
    >>> evidence_paths(r)
    ['title', 'dates.posted']
    """
    paths: list[str] = []
    if rec.title is not None:
        paths.append("title")
    if rec.employer.name is not None:
        paths.append("employer")
    paths += [f"locations[{i}]" for i in range(len(rec.locations))]
    for obj, prefix in (
        (rec.contract, "contract"), (rec.working_time, "working_time"),
        (rec.dates, "dates"), (rec.remote, "remote"), (rec.experience, "experience"),
        (rec.education, "education"),
    ):
        for f in fields(obj):
            v = getattr(obj, f.name)
            if v is not None and v is not False:
                paths.append(f"{prefix}.{f.name}")
    if rec.salary.min is not None or rec.salary.max is not None:
        paths.append("salary")
    paths += [f"languages[{i}]" for i in range(len(rec.languages))]
    paths += [f"benefits[{i}]" for i in range(len(rec.benefits))]
    if rec.apply.emails:
        paths.append("apply.emails")
    if rec.apply.urls:
        paths.append("apply.urls")
    if rec.apply.reference is not None:
        paths.append("apply.reference")
    if rec.apply.documents:
        paths.append("apply.documents")
    return paths
