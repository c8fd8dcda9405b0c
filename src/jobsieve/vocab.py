"""Language knowledge kept as data: ``vocab/<lang>/<field>.yaml``.

Each file maps canonical labels (identical across languages) to surface forms, usually
regular expressions. Postings often mix languages (an English board header over a French
body), so extractors match the forms of every language and use the detected language only
to break ties.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGS = ("fr", "en")

# libyaml's loader when PyYAML was built with it (ten times faster on our vocabularies, the same
# result), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(stream: Any) -> Any:
    """Safe-load one YAML document (no tags that build Python objects)."""
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a SafeLoader


@lru_cache(maxsize=None)
def load(lang: str, name: str) -> dict[str, Any]:
    """The parsed ``vocab/<lang>/<name>.yaml`` (an empty dict when the file is absent)."""
    path = resources.files("jobsieve") / "vocab" / lang / f"{name}.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return read_yaml(fh) or {}


@lru_cache(maxsize=None)
def merged(name: str) -> dict[str, list[Any]]:
    """For each canonical label, the surface forms of every language (fr first)."""
    out: dict[str, list[Any]] = {}
    for lang in LANGS:
        for label, forms in load(lang, name).items():
            if isinstance(forms, list):
                out.setdefault(label, []).extend(forms)
            else:
                out.setdefault(label, []).append(forms)
    return out


@lru_cache(maxsize=None)
def compile_alternation(name: str, key: str | None = None, flags: int = re.I) -> re.Pattern[str]:
    """One regex matching any surface form of ``name`` (or of label ``key``).

    Each label becomes a named group ``g0``, ``g1``... in label order; use
    :func:`labels` to map a match's ``lastgroup`` back to the label.
    """
    parts = []
    for i, (label, forms) in enumerate(merged(name).items()):
        if key is not None and label != key:
            continue
        alt = "|".join(f"(?:{f})" for f in forms if isinstance(f, str))
        if alt:
            parts.append(f"(?P<g{i}>{alt})")
    return re.compile("|".join(parts) or r"(?!x)x", flags)


@lru_cache(maxsize=None)
def labels(name: str) -> dict[str, str]:
    """Group name (``g0``...) to canonical label, for :func:`compile_alternation` matches."""
    return {f"g{i}": label for i, label in enumerate(merged(name))}
