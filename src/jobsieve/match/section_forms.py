"""The forms of vocabulary sections (labels, scores, flags), the letter boundaries they
are matched between, and the hits they make."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import vocab

# A letter boundary (digits and punctuation are not letters, so "MISSION1 year" splits),
# or a lower/upper case change in run-together text.
START = r"(?:(?<![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"
END = r"(?:(?![^\W\d_])|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a vocabulary section.

    A section of ``vocab/<lang>/<name>.yaml`` is a list of regexes or a mapping from a
    label to such a list; an item may also be ``{re: ..., score: 0.5, local: true,
    glued: true, cased: true}``.
    """

    label: str
    pattern: str
    score: float | None
    lang: str | None
    """The only document language it applies to (``local``), or None for every language."""
    glued: bool = False
    """Matched even when glued to the previous word ("Wilson, NCW2 Contract")."""
    cased: bool = False
    """Matched case-sensitively, as written ("VIE", not the French word "vie")."""
    group: str = ""
    """The section it belongs to (matches of one section never overlap)."""


def _forms(lang: str, label: str, items: Any, group: str = "") -> list[Form]:
    out = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            out.append(Form(label, item, None, None, group=group))
        elif isinstance(item, dict) and isinstance(item.get("re"), str):
            out.append(Form(label, item["re"], item.get("score"),
                            lang if item.get("local") else None, bool(item.get("glued")),
                            bool(item.get("cased")), group))
    return out


@lru_cache(maxsize=None)
def section(name: str, key: str) -> tuple[Form, ...]:
    """Every form of section ``key`` (``a.b`` for a nested one) of ``vocab/*/<name>.yaml``,
    label by label in the order the files list them."""
    by_label: dict[str, list[Form]] = {}
    for lang in vocab.LANGS:
        value: Any = vocab.load(lang, name)
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            for label, items in value.items():
                by_label.setdefault(str(label), []).extend(_forms(lang, str(label), items, key))
        elif value is not None:
            by_label.setdefault(key, []).extend(_forms(lang, key, value, key))
    # Label by label (each language's forms within), so that where matches overlap the
    # label listed first wins whatever the language.
    return tuple(f for forms in by_label.values() for f in forms)


def alternation(forms: tuple[Form, ...] | list[Form]) -> str:
    """The forms as one non-capturing alternation (no boundaries added)."""
    return "|".join(f"(?:(?-i:{f.pattern}))" if f.cased else f"(?:{f.pattern})"
                    for f in forms) or r"(?!x)x"


@lru_cache(maxsize=None)
def subsection(name: str, key: str, sub: str) -> str:
    """Forms of the nested list ``<key>.<sub>`` of every language, as one alternation."""
    return alternation(section(name, f"{key}.{sub}"))


def bounded(pattern: str) -> str:
    """``pattern`` between letter boundaries."""
    return f"{START}(?:{pattern}){END}"


def is_start(text: str, i: int) -> bool:
    """Whether a word may start at ``i`` (a letter boundary or a case change)."""
    if i <= 0 or i >= len(text):
        return True
    prev = text[i - 1]
    return not prev.isalpha() or (prev.islower() and text[i].isupper())


def is_end(text: str, j: int) -> bool:
    """Whether a word may end at ``j``."""
    if j <= 0 or j >= len(text):
        return True
    nxt = text[j]
    return not nxt.isalpha() or (text[j - 1].islower() and nxt.isupper())


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a form matched (offsets into the original text) and which one."""

    start: int
    end: int
    text: str
    form: Form

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def label(self) -> str:
        return self.form.label

    @property
    def family(self) -> str:
        """The part of the label before the dot (``period`` for ``period.month``)."""
        return self.form.label.partition(".")[0]

    @property
    def kind(self) -> str:
        """The part of the label after the dot (``month`` for ``period.month``)."""
        return self.form.label.partition(".")[2]


# Hits are made by the dozen per posting: setting the slots directly skips the frozen
# dataclass's __init__ (a Python call setting each field through object.__setattr__), at a
# third of its cost; the object is the same.
_new_object = object.__new__
_set_start, _set_end, _set_text, _set_form = (
    Hit.__dict__[f].__set__ for f in ("start", "end", "text", "form"))


def new_hit(start: int, end: int, text: str, form: Form) -> Hit:
    """``Hit(start, end, text, form)``, made faster."""
    hit = _new_object(Hit)
    _set_start(hit, start)
    _set_end(hit, end)
    _set_text(hit, text)
    _set_form(hit, form)
    return hit
