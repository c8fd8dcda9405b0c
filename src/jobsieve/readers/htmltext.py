"""HTML to readable text with selectolax: blocks as lines, list items as "- " lines.

Used for HTML fragments (a JSON-LD ``description``, a France Travail field) and as the
fallback when trafilatura finds no main content (short pages, truncated HTML). Headings
and links are kept as spans of the output text.
"""

from __future__ import annotations

import html
import re

from ..model import Span

_SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "select", "option", "button", "input", "textarea", "nav", "footer", "aside", "-comment",
    "title", "meta", "link",
})
_PARAGRAPH = frozenset({"p", "blockquote", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3",
                        "h4", "h5", "h6", "hr", "section", "article", "header", "main", "form"})
_LINE = frozenset({"div", "li", "tr", "dt", "dd", "br", "figure", "figcaption", "address",
                   "caption", "tbody", "thead", "center", "label", "fieldset", "details", "summary"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*(?:p|br|div|ul|ol|li|strong|b|em|i|h[1-6]|span)\b", re.I)


class _Out:
    """Text being written, with HTML's whitespace rules (runs of spaces are one space)."""

    __slots__ = ("parts", "n", "last", "pre")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.last = "\n"
        self.pre = 0

    def add(self, s: str) -> None:
        if not self.pre:
            s = _SPACES.sub(" ", s)
            if self.last in " \n":
                s = s.lstrip(" ")
        if s:
            self.parts.append(s)
            self.n += len(s)
            self.last = s[-1]

    def trim(self) -> None:
        while self.parts and self.last == " ":
            p = self.parts.pop()
            q = p.rstrip(" ")
            self.n -= len(p) - len(q)
            if q:
                self.parts.append(q)
            self.last = self.parts[-1][-1] if self.parts else "\n"

    def newline(self, count: int) -> None:
        if not self.parts:
            return
        self.trim()
        tail = "".join(self.parts[-2:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < count:
            self.parts.append("\n" * (count - have))
            self.n += count - have
            self.last = "\n"


def _children(node) -> list:
    out = []
    c = node.child
    while c is not None:
        out.append(c)
        c = c.next
    return out


def node_text(root) -> tuple[str, list[Span], list[tuple[Span, str]]]:
    """Text of a selectolax node: (text, heading spans, (link text span, href) pairs)."""
    out = _Out()
    headings: list[Span] = []
    links: list[tuple[Span, str]] = []
    stack: list[tuple[object, int]] = [(c, -1) for c in reversed(_children(root))]
    # Entries (node, -1) enter a node; (node, start) leave it (start = its output offset).
    while stack:
        node, start = stack.pop()
        tag = node.tag
        if start >= 0:
            if tag in _HEADINGS:
                out.trim()
                if out.n > start:
                    headings.append((start, out.n))
            elif tag == "a":
                href = (node.attributes.get("href") or "").strip()
                out.trim()
                if href and out.n > start:
                    links.append(((start, out.n), href))
            elif tag == "pre":
                out.pre -= 1
            if tag in _PARAGRAPH:
                out.newline(2)
            elif tag in _LINE:
                out.newline(1)
            continue
        if tag == "-text":
            out.add(node.text_content or "")
            continue
        if tag in _SKIP:
            continue
        if tag in _PARAGRAPH:
            out.newline(2)
        elif tag in _LINE:
            out.newline(1)
        if tag == "li":
            out.add("- ")
        elif tag in ("td", "th") and out.last not in "\n":
            out.add(" | ")
        elif tag == "pre":
            out.pre += 1
        elif tag == "img":
            continue
        stack.append((node, out.n))
        stack.extend((c, -1) for c in reversed(_children(node)))
    out.trim()
    text = "".join(out.parts)
    end = len(text.rstrip("\n"))
    return text[:end], [h for h in headings if h[1] <= end], [l for l in links if l[0][1] <= end]


def html_to_text(fragment: str) -> tuple[str, list[Span], list[tuple[Span, str]]]:
    """Text of an HTML fragment or page; plain text (no tags) is only unescaped."""
    if _ESCAPED_TAG.search(fragment) and not _TAG.search(fragment):
        fragment = html.unescape(fragment)
    if not _TAG.search(fragment):
        return html.unescape(fragment).strip(), [], []
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(fragment)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return "", [], []
    return node_text(root)
