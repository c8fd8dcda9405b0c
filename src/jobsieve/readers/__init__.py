"""Readers turn bytes into :class:`SourceDoc` texts (one per posting found in the input).

``read_bytes`` refuses what is not a posting (empty, binary, too large), decodes (UTF-8,
else a detected encoding), sniffs the format when asked for ``auto`` and hands over to the
reader of that format. Every failure is an :class:`~jobsieve.errors.InputError` naming
the input and the reason. Inputs that hold several postings (a JSON list, JSON Lines)
return a :class:`Docs` list whose ``errors`` name the items that could not be read, so
that one bad line never hides the good ones.
"""

from __future__ import annotations

import re
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

# Files that are not text, recognised by their first bytes, to say what they are.
_MAGIC = (
    (b"%PDF", "PDF document (convert it to text first)"),
    (b"PK\x03\x04", "ZIP archive or office document (convert it to text first)"),
    (b"\xd0\xcf\x11\xe0", "old office document (convert it to text first)"),
    (b"{\\rtf", "RTF document (convert it to text first)"),
    (b"\x89PNG", "PNG image, not a posting"),
    (b"\xff\xd8\xff", "JPEG image, not a posting"),
    (b"GIF8", "GIF image, not a posting"),
    (b"\x1f\x8b", "gzip archive (decompress it first)"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:body|div|p|br|ul|li|h[1-6]|table|span|section|article)[\s/>]", re.I)


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
    links: list[tuple[Span, str]] = field(default_factory=list)
    """Link targets of the markup (``mailto:`` and web addresses), with the span of the
    link's text in ``text``."""


class Docs(list):
    """The postings read from one input, plus the errors of the items that failed."""

    def __init__(self, docs=(), errors: list[InputError] | None = None) -> None:
        super().__init__(docs)
        self.errors: list[InputError] = list(errors or [])


def check_bytes(data: bytes, uri: str | None) -> None:
    """Refuse inputs that are empty or obviously not text, naming what they are."""
    if not data.strip():
        raise InputError(uri, "empty input" if not data else "empty input (only blank characters)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(uri, f"binary file: {what}")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(uri, "binary file (NUL bytes), not a posting")


def decode(data: bytes, uri: str | None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds."""
    check_bytes(data, uri)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(uri, "invalid UTF-16 text") from None
    text = _detect(data)
    if text is None:
        raise InputError(uri, "binary file or unknown text encoding")
    # Many control characters mean the bytes were not text in any encoding.
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise InputError(uri, "binary file (control characters), not a posting")
    return text


# Postings are French or English: when the detector hesitates between encodings that fit
# equally well, a Western European one is the likely truth (short Latin-1 French texts
# otherwise come out as Central European, "à" read as "ŕ").
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if best.encoding not in _WESTERN:
        for m in matches:
            if m.encoding in _WESTERN and m.chaos <= best.chaos + 0.02 and m.coherence >= best.coherence - 0.1:
                return str(m)
    return str(best)


def _looks_like_json(head: str) -> bool:
    return head.startswith("{") or (head.startswith("[") and re.match(r"\[\s*[{\[\]\"]", head) is not None)


def sniff_format(text: str, uri: str | None = None) -> str:
    """Guess ``text``, ``markdown``, ``html`` or ``json`` from the name and the content.

    A ``.txt`` name still lets the content say Markdown or HTML (exports of either are
    often saved as text), never JSON; other known suffixes decide alone.
    """
    by_name = SUFFIXES.get(Path(uri).suffix.lower()) if uri else None
    if by_name and by_name != "text":
        return by_name
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if by_name is None and _looks_like_json(head):
        return "json"
    if _HTML_START.match(head) or (by_name is None and head.startswith("<") and _HTML_TAGS.search(head)):
        return "html"
    from .markdown import looks_like_markdown

    return "markdown" if looks_like_markdown(text) else "text"


def read_text(text: str, *, uri: str | None = None, format: str = "auto") -> Docs:
    """Already-decoded input to source documents (one per posting it holds)."""
    fmt = sniff_format(text, uri) if format == "auto" else format
    if fmt not in FORMATS:
        raise InputError(uri, f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if not text.strip():
        raise InputError(uri, "empty input")
    try:
        if fmt == "text":
            from .plain import read_plain

            return Docs([read_plain(text, uri)])
        if fmt == "markdown":
            from .markdown import read_markdown

            return Docs([read_markdown(text, uri)])
        if fmt == "html":
            from .html import read_html

            return Docs(read_html(text, uri))
        from .jsonfeed import read_json

        return read_json(text, uri)
    except InputError:
        raise
    except (RecursionError, MemoryError):
        raise InputError(uri, f"{fmt} input too deeply nested or too large to read") from None
    except Exception as exc:  # a reader bug must still name the file, never print a traceback
        raise InputError(uri, f"could not read as {fmt}: {type(exc).__name__}: {exc}") from None


def read_bytes(data: bytes, *, uri: str | None = None, config: ParseConfig = DEFAULT_CONFIG,
               format: str | None = None) -> Docs:
    """Raw bytes to source documents; raises :class:`InputError` for unusable input."""
    if len(data) > config.max_bytes:
        raise InputError(uri, f"input is larger than the limit of {config.max_bytes:,} bytes (--max-bytes)")
    return read_text(decode(data, uri), uri=uri, format=format or config.format)


def read_path(path: Path, config: ParseConfig = DEFAULT_CONFIG) -> Docs:
    """Read one file (its name is the uri in records and errors)."""
    uri = str(path)
    try:
        if path.is_dir():
            raise InputError(uri, "is a directory, not a file")
        size = path.stat().st_size
        if size > config.max_bytes:
            raise InputError(uri, f"file is {size:,} bytes, over the limit of {config.max_bytes:,} bytes (--max-bytes)")
        with path.open("rb") as fh:
            # Read one byte past the limit: special files report no size.
            data = fh.read(config.max_bytes + 1)
    except OSError as exc:
        raise InputError(uri, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, uri=uri, config=config)


def _wanted(f: Path) -> bool:
    return f.suffix.lower() in SUFFIXES or f.suffix == ""


def iter_paths(paths: list[Path]) -> Iterator[Path | InputError]:
    """Files named, or found (recursively, sorted) under the folders named.

    In folders, hidden files and files whose name does not say posting (.txt, .md,
    .html, .json, .jsonl, or no suffix) are skipped; a folder holding none is an error.
    Files named explicitly are always read.
    """
    for p in paths:
        if p.is_dir():
            found = 0
            try:
                for f in sorted(p.rglob("*")):
                    rel = f.relative_to(p)
                    if not any(part.startswith(".") for part in rel.parts) and f.is_file() and _wanted(f):
                        found += 1
                        yield f
            except OSError as exc:
                yield InputError(str(p), f"cannot list folder: {exc.strerror or exc}")
                continue
            if not found:
                yield InputError(str(p), "no postings found in this folder (no .txt, .md, .html, .json or .jsonl files)")
        elif p.exists():
            yield p
        else:
            yield InputError(str(p), "no such file or directory")

