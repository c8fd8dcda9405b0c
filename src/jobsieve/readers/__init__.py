"""Readers turn bytes into :class:`SourceDoc` texts (one per posting found in the input).

``read_bytes`` sniffs the format when asked for ``auto``, decodes (UTF-8, else a detected
encoding), and hands over to the reader of that format. Every failure is an
:class:`~jobsieve.errors.InputError` naming the input and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_CONFIG, ParseConfig
from ..doc import Candidate
from ..errors import InputError
from ..model import Span
from ..textmap import OffsetMap

FORMATS = ("text", "markdown", "html", "json")
SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json", ".jsonl": "json",
    ".ndjson": "json",
}


@dataclass(slots=True)
class SourceDoc:
    """The text of one posting as a reader produced it, before cleaning."""

    text: str
    format: str
    uri: str | None = None
    hints: list[Candidate] = field(default_factory=list)
    """Structured values (JSON-LD, API fields) with spans into ``text``."""
    headings: list[Span] = field(default_factory=list)
    """Spans of lines that were headings in the source markup."""
    offsets: OffsetMap | None = None
    """Map from ``text`` back to the raw input, when the reader can keep one."""


def decode(data: bytes, uri: str | None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds."""
    if not data.strip():
        raise InputError(uri, "empty input")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(uri, "binary file (NUL bytes), not a posting")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(uri, "binary file or unknown text encoding")
    text = str(best)
    # Control characters other than whitespace mean this is not text.
    bad = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if bad > 8:
        raise InputError(uri, "binary file (control characters), not a posting")
    return text


def sniff_format(text: str, uri: str | None = None) -> str:
    """Guess ``text``, ``markdown``, ``html`` or ``json`` from the name and the content."""
    if uri:
        fmt = SUFFIXES.get(Path(uri).suffix.lower())
        if fmt:
            return fmt
    head = text.lstrip()[:2000]
    low = head.lower()
    if head.startswith(("{", "[")):
        return "json"
    if low.startswith(("<!doctype html", "<html")) or ("<body" in low or "<div" in low or "<p>" in low):
        return "html"
    from .markdown import looks_like_markdown

    return "markdown" if looks_like_markdown(text) else "text"


def read_text(text: str, *, uri: str | None = None, format: str = "auto") -> list[SourceDoc]:
    """Already-decoded input to source documents (one per posting it holds)."""
    fmt = sniff_format(text, uri) if format == "auto" else format
    if fmt not in FORMATS:
        raise InputError(uri, f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if fmt == "text":
        from .plain import read_plain

        return [read_plain(text, uri)]
    if fmt == "markdown":
        from .markdown import read_markdown

        return [read_markdown(text, uri)]
    if fmt == "html":
        from .html import read_html

        return read_html(text, uri)
    from .jsonfeed import read_json

    return read_json(text, uri)


def read_bytes(data: bytes, *, uri: str | None = None, config: ParseConfig = DEFAULT_CONFIG,
               format: str | None = None) -> list[SourceDoc]:
    """Raw bytes to source documents; raises :class:`InputError` for unusable input."""
    if len(data) > config.max_bytes:
        raise InputError(uri, f"file is {len(data):,} bytes, over the limit of {config.max_bytes:,} bytes")
    return read_text(decode(data, uri), uri=uri, format=format or config.format)


def read_path(path: Path, config: ParseConfig = DEFAULT_CONFIG) -> list[SourceDoc]:
    """Read one file (its name is the uri in records and errors)."""
    uri = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(uri, f"cannot read: {exc.strerror or exc}") from None
    if size > config.max_bytes:
        raise InputError(uri, f"file is {size:,} bytes, over the limit of {config.max_bytes:,} bytes")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(uri, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, uri=uri, config=config)


def iter_paths(paths: list[Path]) -> Iterator[Path | InputError]:
    """Files named or found (recursively, sorted) under the given paths; hidden files skipped."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f
        elif p.exists():
            yield p
        else:
            yield InputError(str(p), "no such file or directory")
