"""A block of labelled lines rendered from structured data, with hints pointing into it.

Structured inputs (schema.org JobPosting, France Travail offers) are rendered as text a
person would read ("Type de contrat : CDD - 6 Mois"), so that the record's evidence can
point at words like any other posting's; each structured value becomes a hint whose span
is the value's place in that text.
"""

from __future__ import annotations

from typing import Any

from ..doc import Candidate
from ..model import Span


class HeaderBuilder:
    """Append lines and paragraphs; record hints and headings at their offsets."""

    __slots__ = ("_parts", "_len", "hints", "headings")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.hints: list[Candidate] = []
        self.headings: list[Span] = []

    def __len__(self) -> int:
        return self._len

    def _add(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def line(self, value: str, label: str = "", *, heading: bool = False) -> Span:
        """Append ``label`` + ``value`` as one line; return the value's span."""
        value = " ".join(value.split())
        if self._len and not self._parts[-1].endswith("\n"):
            self._add("\n")
        self._add(label)
        start = self._len
        self._add(value)
        end = self._len
        self._add("\n")
        if heading:
            self.headings.append((start - len(label), end))
        return (start, end)

    def blank(self) -> None:
        """End the current paragraph with an empty line (once)."""
        if self._len and not "".join(self._parts[-2:]).endswith("\n\n"):
            self._add("\n" if self._parts[-1].endswith("\n") else "\n\n")

    def block(self, text: str, headings: list[Span] = ()) -> int:
        """Append a paragraph of text (with its own heading spans).

        Returns the shift that turns an offset in ``text`` into one in the built text
        (leading blank lines of ``text`` are dropped).
        """
        self.blank()
        lead = len(text) - len(text.lstrip("\n"))
        shift = self._len - lead
        self._add(text.strip("\n"))
        self._add("\n")
        self.headings += [(shift + s, shift + e) for s, e in headings if s >= lead]
        return shift

    def hint(self, key: str, value: Any, span: Span, rule: str, score: float = 1.0,
             sub: Span | None = None) -> None:
        """Record a hint for ``value`` at ``span`` (or at ``sub``, offsets inside ``span``)."""
        s, e = span if sub is None else (span[0] + sub[0], span[0] + sub[1])
        if e <= s or value is None:
            return
        text = self.text()[s:e]
        self.hints.append(Candidate(key, value, (s, e), text, rule, score))

    def text(self) -> str:
        """The text built so far."""
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""
