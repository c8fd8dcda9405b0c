"""jobsieve: structured, de-duplicated, searchable job postings with evidence for every field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import ParseConfig
from .errors import InputError
from .model import Record

if TYPE_CHECKING:
    from .pipeline import Failure, parse, parse_files, parse_many, parse_source

__all__ = ["Failure", "InputError", "ParseConfig", "Record", "parse", "parse_files",
           "parse_many", "parse_source"]
__version__ = "0.1.0"

_PIPELINE = {"Failure", "parse", "parse_files", "parse_many", "parse_source"}


def __getattr__(name: str):
    # The parser (vocabularies, gazetteer, matchers) loads on first use, so commands and
    # modules that only read the store or the model start fast.
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'jobsieve' has no attribute {name!r}")
