"""Markdown reader: markup removed, headings and bullets kept as lines, a map to the raw text.

Postings in Markdown (board exports, converted pages) carry the same words as plain text
wrapped in markers: ``**bold**`` everywhere, ``## headings``, ``[links](url)``, escapes
(``NOM\\_PRENOM``) and entities. The reader removes the markers and keeps everything else
verbatim, so that every character of the output maps back to the raw Markdown.

Block structure (headings, bullets, fences, rules, quotes, tables) is found by one
line-start regex, inline markup by one regex over the text; both produce edits applied in
a single pass that also builds the :class:`~jobsieve.textmap.OffsetMap`. A CommonMark
parse (markdown-it-py) takes about 4 ms on a 10 KB posting and this about 0.25 ms;
removing markers does not need a full parse.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..doc import Candidate
from ..model import Span
from ..textmap import OffsetMap
from . import SourceDoc

# Matched on the text with a newline in front: the leading literal newline lets the regex
# engine jump from line to line instead of trying every position.
_BLOCK = re.compile(r"""\n(?:
    (?P<fence>[ ]{0,3}(?:`{3,}|~{3,}))[^\n]*$
  | (?P<rule>[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}))$
  | (?P<setext>[ ]{0,3}=+[ \t]*)$
  | (?P<atx>[ ]{0,3}\#{1,6})(?:[ \t]+|$)
  | (?P<table>[ ]{0,3}\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*)$
  | (?P<refdef>[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*)$
  | (?P<trow>[ ]{0,3}\|[ \t]*)
  | (?P<quote>[ ]{0,3}(?:>[ \t]?)+)
  | (?P<bullet>[ \t]*[-*+][ \t]+)
)""", re.M | re.X)

# Every alternative starts with a literal character (lookbehinds come after it), so the
# regex engine skips the other characters without trying each alternative.
_INLINE = re.compile(r"""
    \\(?P<esc>[!-/:-@\[-`{-~])
  | \\(?P<brk>)(?=\n)
  | !\[(?P<alt>[^\]\n]*)\]\([^()\s]*(?:[ \t]+"[^"\n]*")?\)
  | \[(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]
      \([ \t]*<?(?P<url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:[ \t]+"[^"\n]*")?[ \t]*\)
  | <(?P<auto>(?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>
  | <(?P<comment>!--.*?--)>
  | <(?P<br>br)[ \t]*/?>
  | <(?P<tag>/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?)>
  | `(?P<code>[^`\n]+)`
  | &(?P<entity>\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});
  | \*(?<![\\\w*]\*)\*{0,2}(?=[^\s*])
  | \*(?<=[^\s*\\]\*)\*{0,2}(?![\w*])
  | _(?<![\\\w_]_)_{0,2}(?=[^\s_])
  | _(?<=[^\s_\\]_)_{0,2}(?![\w_])
  | ~~
""", re.X | re.S)

# Markup that plain text does not carry: headings, paired bold, links, escapes, fences.
# Each regex starts with a literal, so a text without that character costs almost nothing.
_MD_SIGNALS = (
    re.compile(r"\n[ ]{0,3}\#{1,6}[ \t]+\S"),
    # Not "***" runs: some exports separate flattened list items with them.
    re.compile(r"\*\*(?<![\w*]\*\*)(?=[^\s*])[^\n*]+?(?<=[^\s*])\*\*(?![\w*])"),
    re.compile(r"__(?<![\w_]__)(?=[^\s_])[^\n_]+?(?<=[^\s_])__(?![\w_])"),
    re.compile(r"\]\([^)\s]+(?:[ \t]+\"[^\"\n]*\")?\)"),
    re.compile(r"\\[*_\#\[\]`>]"),
    re.compile(r"\n[ ]{0,3}(?:```|=+[ \t]*\n)"),
)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_TRAILING_PIPE = re.compile(r"\|[ \t]*$")
_URLISH = re.compile(r"^(?:(?:https?://|mailto:|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$", re.I)


def looks_like_markdown(text: str) -> bool:
    """Whether the text carries Markdown markup (headings, paired bold, links, escapes).

    Bullets and dashes do not count: plain text uses them too.
    """
    head = "\n" + text[:20000]
    n = 0
    for pattern in _MD_SIGNALS:
        for _ in pattern.finditer(head):
            n += 1
            if n >= 3:
                return True
    return False


@dataclass(slots=True)
class Rendered:
    """Markdown with its markup removed."""

    text: str
    offsets: OffsetMap
    headings: list[Span] = field(default_factory=list)
    links: list[tuple[Span, str]] = field(default_factory=list)


def _block_edits(src: str, edits: list, code: list[Span], headings: list[Span]) -> None:
    fence_at: int | None = None
    fence_mark = ""
    for m in _BLOCK.finditer("\n" + src):
        kind = m.lastgroup
        # Offsets in the padded text minus one: the match starts at the line's start.
        start, end = m.start(), m.end() - 1
        if fence_at is not None:
            if kind == "fence" and m.group("fence").strip()[0] == fence_mark:
                code.append((fence_at, start))
                edits.append((start, end, ""))
                fence_at = None
            continue
        if kind == "fence":
            fence_at, fence_mark = end, m.group("fence").strip()[0]
            edits.append((start, end, ""))
        elif kind in ("rule", "setext"):
            prev_end = start - 1
            prev_start = src.rfind("\n", 0, max(prev_end, 0)) + 1
            prev = src[prev_start:prev_end] if prev_end > 0 else ""
            # A line of '=' or '-' right under text underlines a heading (setext).
            if prev.strip() and (kind == "setext" or set(m.group(kind).replace(" ", "").replace("\t", "")) == {"-"}) \
                    and not _BLOCK.match("\n" + prev):
                headings.append((prev_start, prev_end))
            edits.append((start, end, ""))
        elif kind == "atx":
            line_end = src.find("\n", end)
            line_end = len(src) if line_end < 0 else line_end
            edits.append((start, end, ""))
            closing = _CLOSING_HASHES.search(src, end, line_end) if "#" in src[end:line_end] else None
            if closing:
                edits.append((closing.start(), line_end, ""))
                line_end = closing.start()
            headings.append((end, line_end))
        elif kind in ("table", "refdef"):
            # The whole line goes, so that table rows stay on adjacent lines.
            edits.append((start, min(end + 1, len(src)), ""))
        elif kind == "quote":
            edits.append((start, end, ""))
        elif kind == "trow":
            edits.append((start, end, ""))
            line_end = src.find("\n", end)
            line_end = len(src) if line_end < 0 else line_end
            last = _TRAILING_PIPE.search(src, end, line_end)
            if last:
                edits.append((last.start(), line_end, ""))
        elif kind == "bullet" and m.group(kind) != "- ":
            edits.append((start, end, "- "))
    if fence_at is not None:
        code.append((fence_at, len(src)))


def _inline_edits(src: str, start: int, end: int, edits: list, links: list) -> None:
    add = edits.append
    for m in _INLINE.finditer(src, start, end):
        kind = m.lastgroup  # None for emphasis markers (their alternatives have no group)
        s, e = m.span()
        if kind is None or kind in ("alt", "comment", "tag"):
            add((s, e, ""))  # emphasis markers, images, tags, comments: dropped
        elif kind == "url":
            ts, te = m.span("ltext")
            add((s, ts, ""))
            _inline_edits(src, ts, te, edits, links)
            add((te, e, ""))
            links.append(((ts, te), m.group("url")))
        elif kind == "esc" or kind == "brk":
            add((s, s + 1, ""))
        elif kind == "auto":
            a_s, a_e = m.span("auto")
            add((s, a_s + (7 if m.group("auto").lower().startswith("mailto:") else 0), ""))
            add((a_e, e, ""))
            links.append(((a_s, a_e), m.group("auto")))
        elif kind == "br":
            add((s, e, "\n"))
        elif kind == "code":
            add((s, s + 1, ""))
            add((e - 1, e, ""))
        elif kind == "entity":
            out = html.unescape(m.group())
            if out != m.group():
                add((s, e, out))


def _apply(src: str, edits: list, marks: list[int]) -> tuple[str, OffsetMap, dict[int, int]]:
    """Apply sorted edits; return the text, its map and the output offset of each mark.

    The map is built directly (copied runs never touch each other here, so there is
    nothing to merge), which is several times faster than one builder call per piece.
    """
    parts: list[str] = []
    m = OffsetMap()
    dst, srcs, length, src_length = m.dst, m.src, m.length, m.src_length
    n = pos = mi = 0
    out: dict[int, int] = {}
    marks = sorted(set(marks))
    nmarks = len(marks)
    for s, e, rep in edits:
        if s < pos:  # overlaps an earlier edit: the earlier one wins
            continue
        while mi < nmarks and marks[mi] <= s:
            out[marks[mi]] = n + (marks[mi] - pos)
            mi += 1
        if s > pos:
            parts.append(src[pos:s])
            dst.append(n)
            srcs.append(pos)
            length.append(s - pos)
            src_length.append(s - pos)
            n += s - pos
        while mi < nmarks and marks[mi] < e:
            out[marks[mi]] = n
            mi += 1
        if rep:
            parts.append(rep)
            dst.append(n)
            srcs.append(s)
            length.append(len(rep))
            src_length.append(e - s)
            n += len(rep)
        pos = e
    while mi < nmarks:
        out[marks[mi]] = n + (min(marks[mi], len(src)) - pos)
        mi += 1
    if pos < len(src):
        parts.append(src[pos:])
        dst.append(n)
        srcs.append(pos)
        length.append(len(src) - pos)
        src_length.append(len(src) - pos)
    return "".join(parts), m, out


def _trim(text: str, span: Span) -> Span | None:
    s, e = span
    # A heading is one line: a line break inside (from <br>) leaves only the last line.
    s = max(s, text.rfind("\n", s, e) + 1)
    while s < e and text[s] in " \t*_#:-":
        s += 1
    while e > s and text[e - 1] in " \t*_#":
        e -= 1
    return (s, e) if e > s else None


def render_markdown(src: str) -> Rendered:
    """Markdown to text without markup, with heading and link spans in that text."""
    edits: list[tuple[int, int, str]] = []
    code: list[Span] = []
    head_src: list[Span] = []
    links_src: list[tuple[Span, str]] = []
    _block_edits(src, edits, code, head_src)
    pos = 0
    for cs, ce in sorted(code):
        _inline_edits(src, pos, cs, edits, links_src)
        pos = ce
    _inline_edits(src, pos, len(src), edits, links_src)
    edits.sort(key=lambda x: (x[0], x[1]))
    marks = [p for span in head_src for p in span] + [p for span, _ in links_src for p in span]
    text, offsets, out = _apply(src, edits, marks)
    headings = [t for t in (_trim(text, (out[s], out[e])) for s, e in head_src) if t]
    links = [((out[s], out[e]), url) for (s, e), url in links_src if out[e] > out[s]]
    return Rendered(text, offsets, sorted(set(headings)), links)


def _apply_pattern() -> re.Pattern[str]:
    from .. import vocab

    return vocab.compile_alternation("apply_link")


def link_hints(text: str, links: list[tuple[Span, str]], source: str = "markdown") -> list[Candidate]:
    """Apply hints for links whose text asks to apply and whose target is not written out.

    ``[Postuler](mailto:jobs@example.org)`` gives ``apply.emails`` = the address, with the
    span of "Postuler"; a link whose text is the address itself gives nothing (the text
    extractors see the address), nor does a link that is not about applying.
    """
    out: list[Candidate] = []
    pattern = _apply_pattern()
    for (s, e), url in links:
        label = text[s:e].strip()
        low = url.strip().lower()
        if low.startswith("mailto:"):
            key, value = "apply.emails", unquote(url.strip()[7:].split("?", 1)[0]).strip()
            if "@" not in value:
                continue
        elif low.startswith(("http://", "https://")):
            key, value = "apply.urls", url.strip()
        else:
            continue
        if not label or _URLISH.match(label) or value.lower() in label.lower():
            continue
        if not pattern.search(label):
            continue
        ls = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        out.append(Candidate(key, value, (ls, ls + len(label)), label, f"hint.{source}.apply_link", 0.9))
    return out


def read_markdown(text: str, uri: str | None = None) -> SourceDoc:
    """A Markdown posting as text without markup (headings, links and a map kept)."""
    r = render_markdown(text)
    return SourceDoc(text=r.text, format="markdown", uri=uri, headings=r.headings,
                     offsets=r.offsets, links=r.links, hints=link_hints(r.text, r.links))
