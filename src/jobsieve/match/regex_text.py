"""Regexes written and read as text (no parser needed): a trie of words as one regex,
the literal text a regex opens with, its letters lower-cased."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_regex(words: Iterable[str], rest: dict[str, list[str]] | None = None) -> str:
    """One regex for ``words`` shaped as a trie (most positions fail on their first
    character); ``rest`` maps a word to regex tails tried after it, longest first."""
    trie: dict = {}
    tails = rest or {}
    for w in set(words) | set(tails):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node.setdefault("", [])
        node[""] += tails.get(w, [""])

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        ends = sorted(set(node.get("", [])), key=lambda r: (r == "", -len(r)))
        alts += [f"(?:{r})" if r else "" for r in ends]
        if "" in alts:
            alts.remove("")
            if not alts:
                return ""
            return f"(?:{'|'.join(alts)})?"
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(trie)


_META = set(".^$*+?{}[]|()\\")
_QUANT = set("*+?{")


def _top_level_bar(form: str) -> bool:
    depth, i = 0, 0
    while i < len(form):
        c = form[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = form.find("]", i + 2)
            i = j + 1 if j > 0 else len(form)
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            return True
        i += 1
    return False


def literal_prefix(form: str) -> tuple[str, str]:
    """Split a regex into its leading literal text and the rest (read from the text of the
    pattern: no parser needed).

    >>> literal_prefix("salaires?")
    ('salaire', 's?')
    >>> literal_prefix("r[ée]mun")
    ('r', '[ée]mun')
    """
    if _top_level_bar(form):
        return "", form
    out, i = [], 0
    while i < len(form):
        c = form[i]
        if c == "\\" and i + 1 < len(form) and not form[i + 1].isalnum():
            lit, step = form[i + 1], 2
        elif c in _META:
            break
        else:
            lit, step = c, 1
        if form[i + step:i + step + 1] and form[i + step] in _QUANT:
            break  # "s?": the quantified character is not part of the fixed prefix
        out.append(lit)
        i += step
    return "".join(out), form[i:]


def lower_form(form: str) -> str:
    """Lower-case the letters of a regex, not its escapes (``\\W`` stays ``\\W``)."""
    out, i = [], 0
    while i < len(form):
        if form[i] == "\\" and i + 1 < len(form):
            out.append(form[i:i + 2])
            i += 2
        else:
            out.append(form[i].lower())
            i += 1
    return "".join(out)
