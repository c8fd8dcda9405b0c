"""The one library call every layer uses: raw posting in, :class:`Record` out.

    read (bytes -> SourceDoc) -> clean (-> cleaned text + offset map + related jobs)
    -> language -> sections -> scan (vocabulary literals of every field, once)
    -> for each field: extract candidates, resolve -> Record

The CLI, the HTTP API, ingest and the batch runners are thin layers over
:func:`parse_source` / :func:`parse_bytes` / :func:`parse_files`.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_text
from .config import DEFAULT_CONFIG, ParseConfig
from .doc import Doc, Trace
from .errors import InputError
from .extract import FIELDS
from .lang import detect_language
from .model import Record, Source
from .readers import SourceDoc, iter_paths, read_bytes, read_path, read_text
from .sections import detect_header_end, detect_headings, detect_sections


@dataclass(slots=True)
class StageTimer:
    """Accumulates seconds per pipeline stage (for ``make bench``; off by default).

    ``clock`` is wall time by default; ``time.process_time`` gives CPU seconds, which other
    work on the machine disturbs less.
    """

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    clock: Callable[[], float] = time.perf_counter

    def stage(self, name: str) -> _Timed:
        """The context that adds its time to stage ``name``."""
        return _Timed(self, name)


class _Timed:
    """One timed stage: a plain class, not a generator-based context manager, so the bench
    does not count the timer's own cost (about 10,000 instructions a stage) as parse time."""

    __slots__ = ("timer", "name", "t0")

    def __init__(self, timer: StageTimer, name: str) -> None:
        self.timer, self.name, self.t0 = timer, name, 0.0

    def __enter__(self) -> None:
        self.t0 = self.timer.clock()

    def __exit__(self, *exc: object) -> None:
        self.timer.seconds[self.name] += self.timer.clock() - self.t0


class _NoStage:
    """The stage context when nothing is timed: one shared object whose enter and exit do
    nothing (a generator-based context manager costs about 10,000 instructions a stage)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_STAGE = _NoStage()


def _nostage(name: str) -> _NoStage:
    return _NO_STAGE


def record_id(text: str) -> str:
    """Content hash of the cleaned text: the same posting always gets the same id."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def parse_source(src: SourceDoc, config: ParseConfig = DEFAULT_CONFIG,
                 timer: StageTimer | None = None) -> Record:
    """Parse one source document (a reader's output) into a record."""
    stage = timer.stage if timer is not None else _nostage
    with stage("clean"):
        cleaned = clean_text(src.text)
        hints = []
        for h in src.hints:
            span = cleaned.offsets.span_from_source(h.span)
            if span is not None:
                hints.append(type(h)(h.key, h.value, span, cleaned.text[span[0]:span[1]],
                                     h.rule, h.score, ()))
        headings = [s for s in (cleaned.offsets.span_from_source(h) for h in src.headings) if s]
    with stage("language"):
        lang = detect_language(cleaned.text)
    with stage("sections"):
        found = detect_headings(cleaned.text)
        headings = sorted(set(headings) | set(found))
        sections = detect_sections(cleaned.text, headings)
        header_end = detect_header_end(cleaned.text, headings)
    doc = Doc(text=cleaned.text, lang=lang or "en", sections=sections, headings=headings,
              hints=hints, today=config.reference_date(), format=src.format,
              header_end=header_end)
    rec = Record(
        id=record_id(cleaned.text), source=Source(uri=src.uri, format=src.format),
        language=lang, sections=sections, related=cleaned.related, text=cleaned.text,
    )
    with stage("scan"):
        doc.scan.hits()  # every field's vocabulary found in one pass (see jobsieve.match)
    trace = Trace()
    for spec in FIELDS:
        with stage(spec.name):
            cands = spec.extract(doc)
            if hints:  # most postings (plain text) have none
                cands += [h for h in hints if h.key.split("[")[0] in spec.keys]
            spec.resolve(cands, doc, rec, trace)
    rec.evidence = dict(sorted(trace.evidence.items()))
    rec.warnings = trace.warnings
    return rec


def parse_many(data: str | bytes, *, format: str = "auto", source: str | None = None,
               config: ParseConfig = DEFAULT_CONFIG) -> list[Record]:
    """Parse an input that may hold several postings (a JSON list, an API answer).

    Strict: raises :class:`InputError` if any part of the input is unusable (a bad JSON
    Lines line); use :func:`parse_input` to get the good postings and the failures apart.
    """
    if isinstance(data, bytes):
        docs = read_bytes(data, uri=source, config=config, format=format)
    else:
        docs = read_text(data, uri=source, format=format)
    errors = getattr(docs, "errors", ())
    if errors:
        raise errors[0]
    return [parse_source(d, config) for d in docs]


def parse(text: str | bytes, *, format: str = "auto", source: str | None = None,
          config: ParseConfig = DEFAULT_CONFIG) -> Record:
    """Parse one job posting into a :class:`Record`.

    >>> rec = parse("Chef de partie (H/F) - CDI - Lyon")
    >>> rec.to_dict()["contract"]["type"] in (None, "permanent")
    True
    """
    records = parse_many(text, format=format, source=source, config=config)
    if len(records) != 1:
        raise InputError(source, f"holds {len(records)} postings; use jobsieve.parse_many()")
    return records[0]


@dataclass(slots=True)
class Failure:
    """An input that could not be parsed."""

    uri: str
    reason: str


def parse_input(data: bytes, uri: str, config: ParseConfig = DEFAULT_CONFIG,
                timer: StageTimer | None = None) -> Iterator[Record | Failure]:
    """Records of every posting in one input held in memory (standard input, an upload).

    Like :func:`parse_files`, failures (the whole input, or one bad JSON Lines line) are
    yielded, not raised.
    """
    try:
        docs = read_bytes(data, uri=uri, config=config)
    except InputError as exc:
        yield Failure(exc.uri or uri, exc.reason)
        return
    for err in getattr(docs, "errors", ()):
        yield Failure(err.uri or uri, err.reason)
    for d in docs:
        try:
            yield parse_source(d, config, timer)
        except Exception as exc:  # one bad posting never stops a batch
            yield Failure(d.uri or uri, f"internal error while parsing: {type(exc).__name__}: {exc}")


def parse_files(paths: Iterable[Path], config: ParseConfig = DEFAULT_CONFIG,
                timer: StageTimer | None = None) -> Iterator[Record | Failure]:
    """Records of every posting in the files and folders given; failures are yielded, not raised."""
    for item in iter_paths(list(paths)):
        if isinstance(item, InputError):
            yield Failure(item.uri or "", item.reason)
            continue
        try:
            docs = read_path(item, config)
        except InputError as exc:
            yield Failure(exc.uri or str(item), exc.reason)
            continue
        # Items of a multi-posting input that could not be read (a bad JSON Lines line).
        for err in getattr(docs, "errors", ()):
            yield Failure(err.uri or str(item), err.reason)
        for d in docs:
            try:
                yield parse_source(d, config, timer)
            except Exception as exc:  # one bad posting never stops a batch
                yield Failure(d.uri or str(item), f"internal error while parsing: {type(exc).__name__}: {exc}")
