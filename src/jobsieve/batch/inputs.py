"""What a batch reads: the input listing, its deterministic partitions, and the postings of one partition.

Three kinds of input, told apart by the file name:

- ``.parquet``: one raw posting per row, column ``text`` (or ``html`` / ``content``),
  optional ``uri`` and ``format``; split into row ranges;
- ``.jsonl`` / ``.ndjson``: one JSON object per line, split into line ranges. A line whose
  object has a string ``text``, ``html`` or ``content`` field and is neither a schema.org
  object (no ``@type`` / ``@context``) nor a France Travail offer is a *raw posting*
  (optional ``uri`` and ``format`` fields); any other line goes through the JSON reader,
  exactly as ``jobsieve parse`` reads a JSON Lines file;
- any other posting file (text, Markdown, HTML, JSON): read whole, as ``parse`` reads it.

Folders are searched recursively in sorted order. Partitions hold up to ``size`` units (a
file, a line or a row) and depend only on the listing, so a rerun over the same input maps
to the same partitions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..config import ParseConfig
from ..errors import InputError
from ..model import Record
from ..pipeline import Failure, parse_files, parse_source
from ..readers import FORMATS, SUFFIXES, SourceDoc, decode, read_text
from ..readers.francetravail import is_offer
from ..readers.jsonfeed import read_json

LINE_SUFFIXES = (".jsonl", ".ndjson")
RAW_FIELDS = ("text", "html", "content")
_CHUNK = 1 << 24


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of units of one kind: files, lines of a JSON Lines file, or rows of a Parquet file."""

    kind: str
    """``files``, ``lines`` or ``rows``."""
    paths: tuple[str, ...] = ()
    """The files (``files``), or the one file the lines or rows come from."""
    start: int = 0
    """First byte (``lines``) or first row (``rows``)."""
    end: int = 0
    """Byte or row after the last one."""
    first: int = 1
    """Number of the first line or row (1-based, for uris like ``file.jsonl:42``)."""
    units: int = 0


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: its number and its segments."""

    index: int
    segments: tuple[Segment, ...]

    @property
    def units(self) -> int:
        """Files, lines and rows it holds."""
        return sum(s.units for s in self.segments)

    @property
    def name(self) -> str:
        """``part-00042``: the stem of every file the partition writes."""
        return f"part-{self.index:05d}"

    def to_dict(self) -> dict:
        """A JSON-ready view (for the manifest)."""
        return {"index": self.index, "segments": [asdict(s) for s in self.segments]}

    @classmethod
    def from_dict(cls, d: dict) -> Partition:
        """Read back :meth:`to_dict`."""
        return cls(d["index"], tuple(Segment(**{**s, "paths": tuple(s["paths"])}) for s in d["segments"]))


@dataclass(slots=True)
class Listing:
    """The input files (absolute, in order) and the inputs that could not be listed."""

    files: list[Path] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def fingerprint(self) -> list[list]:
        """(path, size, mtime_ns) of every file: a changed input changes this."""
        out = []
        for f in self.files:
            try:
                st = f.stat()
                out.append([str(f), st.st_size, st.st_mtime_ns])
            except OSError:
                out.append([str(f), -1, -1])
        return out


def _wanted(f: Path) -> bool:
    s = f.suffix.lower()
    return s in SUFFIXES or s == ".parquet" or f.suffix == ""


def list_inputs(paths: list[Path]) -> Listing:
    """Files named, or found (recursively, sorted, hidden ones skipped) under the folders named."""
    out = Listing()
    for p in paths:
        p = Path(p).absolute()
        if p.is_dir():
            try:
                found = [f for f in sorted(p.rglob("*"))
                         if not any(part.startswith(".") for part in f.relative_to(p).parts)
                         and f.is_file() and _wanted(f)]
            except OSError as exc:
                out.errors.append((str(p), f"cannot list folder: {exc.strerror or exc}"))
                continue
            if not found:
                out.errors.append((str(p), "no postings found in this folder "
                                           "(no .txt, .md, .html, .json, .jsonl or .parquet files)"))
            out.files += found
        elif p.exists():
            out.files.append(p)
        else:
            out.errors.append((str(p), "no such file or directory"))
    return out


def _line_ranges(path: Path, size: int) -> Iterator[Segment]:
    """Segments of ``size`` lines each, found with one pass over the file's newlines."""
    total = path.stat().st_size
    start, first, count, pos = 0, 1, 0, 0
    last = b"\n"
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            last = chunk[-1:]
            nl = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            i = 0
            while count + (len(nl) - i) >= size:
                i += size - count
                end = pos + int(nl[i - 1]) + 1
                yield Segment("lines", (str(path),), start, end, first, size)
                start, first, count = end, first + size, 0
            count += len(nl) - i
            pos += len(chunk)
    if start < total:
        yield Segment("lines", (str(path),), start, total, first, count + (last != b"\n"))


def _row_ranges(path: Path, size: int) -> Iterator[Segment]:
    import pyarrow.parquet as pq

    n = pq.ParquetFile(path).metadata.num_rows
    for start in range(0, n, size):
        end = min(n, start + size)
        yield Segment("rows", (str(path),), start, end, start + 1, end - start)


def plan(listing: Listing, size: int) -> list[Partition]:
    """Cut the listing into partitions of up to ``size`` units (files, lines or rows)."""
    parts: list[Partition] = []
    current: list[Segment] = []
    files: list[str] = []
    units = 0

    def close_files() -> None:
        nonlocal files
        if files:
            current.append(Segment("files", tuple(files), units=len(files)))
            files = []

    def close_partition() -> None:
        nonlocal current, units
        close_files()
        if current:
            parts.append(Partition(len(parts), tuple(current)))
        current, units = [], 0

    for f in listing.files:
        suffix = f.suffix.lower()
        if suffix in LINE_SUFFIXES or suffix == ".parquet":
            close_files()
            try:
                segs = list(_line_ranges(f, size) if suffix != ".parquet" else _row_ranges(f, size))
            except Exception:  # unreadable: reading it whole in its partition reports why
                segs = [Segment("files", (str(f),), units=1)]
            if not segs and suffix in LINE_SUFFIXES:  # an empty file: reading it says so
                segs = [Segment("files", (str(f),), units=1)]
            for seg in segs:
                if units and units + seg.units > size:
                    close_partition()
                current.append(seg)
                units += seg.units
            continue
        if units >= size:
            close_partition()
        files.append(str(f))
        units += 1
    close_partition()
    return parts


# ---------------------------------------------------------------------------- reading

def raw_posting(obj: object) -> tuple[str, str | None, str] | None:
    """``(text, uri, format)`` when a JSON object is a raw posting wrapper, else ``None``.

    >>> raw_posting({"text": "Chef de rang - CDI", "uri": "https://example.org/1"})
    ('Chef de rang - CDI', 'https://example.org/1', 'auto')
    >>> raw_posting({"@type": "JobPosting", "title": "Chef", "description": "..."}) is None
    True
    """
    if not isinstance(obj, dict) or "@type" in obj or "@context" in obj or is_offer(obj):
        return None
    for key in RAW_FIELDS:
        value = obj.get(key)
        if isinstance(value, str):
            fmt = obj.get("format")
            if fmt not in FORMATS:
                fmt = "html" if key == "html" else "auto"
            uri = obj.get("uri")
            return value, uri if isinstance(uri, str) and uri else None, fmt
    return None


def _docs_of_text(body: str, uri: str | None, where: str, fmt: str) -> list[SourceDoc]:
    return list(read_text(body, uri=uri or where, format=fmt))


def _line_docs(line: bytes, where: str, config: ParseConfig) -> list[SourceDoc]:
    """The postings of one JSON Lines line (raises :class:`InputError`)."""
    if len(line) > config.max_bytes:
        raise InputError(where, f"line is larger than the limit of {config.max_bytes:,} bytes (--max-bytes)")
    text = decode(line, where)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    raw = raw_posting(obj)
    if raw is not None:
        return _docs_of_text(raw[0], raw[1], where, raw[2])
    return list(read_json(text, uri=where))


def _parse_docs(docs: list[SourceDoc], where: str, config: ParseConfig) -> Iterator[Record | Failure]:
    for d in docs:
        try:
            yield parse_source(d, config)
        except Exception as exc:  # one bad posting never stops a batch
            yield Failure(d.uri or where, f"internal error while parsing: {type(exc).__name__}: {exc}")


def _read_lines(seg: Segment, config: ParseConfig) -> Iterator[Record | Failure]:
    path = seg.paths[0]
    try:
        with open(path, "rb") as fh:
            fh.seek(seg.start)
            data = fh.read(seg.end - seg.start)
    except OSError as exc:
        yield Failure(path, f"cannot read: {exc.strerror or exc}")
        return
    if seg.start == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for n, line in enumerate(data.split(b"\n"), seg.first):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            docs = _line_docs(line.rstrip(b"\r"), where, config)
        except InputError as exc:
            yield Failure(exc.uri or where, exc.reason)
            continue
        yield from _parse_docs(docs, where, config)


def _read_rows(seg: Segment, config: ParseConfig) -> Iterator[Record | Failure]:
    import pyarrow.parquet as pq

    path = seg.paths[0]
    try:
        pf = pq.ParquetFile(path)
        names = set(pf.schema_arrow.names)
        body = next((c for c in RAW_FIELDS if c in names), None)
        if body is None:
            yield Failure(path, "Parquet input has no text, html or content column")
            return
        cols = [body] + [c for c in ("uri", "format") if c in names]
        # only the row groups that overlap the segment are read
        table, row = [], 0
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            if row + n > seg.start and row < seg.end:
                t = pf.read_row_group(g, columns=cols)
                table.append(t.slice(max(0, seg.start - row), min(seg.end, row + n) - max(seg.start, row)))
            row += n
    except Exception as exc:  # a damaged file fails its partition's rows, with the reason
        yield Failure(path, f"cannot read Parquet rows {seg.start + 1}-{seg.end}: {type(exc).__name__}: {exc}")
        return
    n = seg.first
    for t in table:
        data = t.to_pydict()
        uris = data.get("uri") or [None] * t.num_rows
        fmts = data.get("format") or [None] * t.num_rows
        for value, uri, fmt in zip(data[body], uris, fmts):
            where = f"{path}:{n}"
            n += 1
            yield from _row(value, uri, fmt, where, body, config)


def _row(value: object, uri: object, fmt: object, where: str, body: str,
         config: ParseConfig) -> Iterator[Record | Failure]:
    """The records of one Parquet row (a raw posting)."""
    if isinstance(value, bytes):
        try:
            value = decode(value, where)
        except InputError as exc:
            yield Failure(exc.uri or where, exc.reason)
            return
    if not isinstance(value, str) or not value.strip():
        yield Failure(where, f"empty {body} column")
        return
    if len(value) > config.max_bytes:
        yield Failure(where, f"posting is larger than the limit of {config.max_bytes:,} bytes (--max-bytes)")
        return
    fmt = fmt if fmt in FORMATS else ("html" if body == "html" else "auto")
    uri = uri if isinstance(uri, str) and uri else None
    try:
        docs = _docs_of_text(value, uri, where, fmt)
    except InputError as exc:
        yield Failure(exc.uri or where, exc.reason)
        return
    yield from _parse_docs(docs, where, config)


def read_partition(part: Partition, config: ParseConfig) -> Iterator[Record | Failure]:
    """Records (and failures) of one partition, in input order."""
    for seg in part.segments:
        if seg.kind == "files":
            yield from parse_files([Path(p) for p in seg.paths], config)
        elif seg.kind == "lines":
            yield from _read_lines(seg, config)
        else:
            yield from _read_rows(seg, config)
