"""The field extractors, in the order the pipeline runs them.

Each field module defines ``KEYS`` (the candidate keys it owns), a pure
``extract_<field>(doc) -> list[Candidate]`` and ``resolve_<field>(cands, doc, record,
trace)``. Resolvers run in this order, so a later one may read what an earlier one decided
(the country reads the locations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..doc import Candidate, Doc, Trace
from ..model import Record
from . import (
    apply, benefits, contract, dates, education, employer, experience, languages, locations,
    remote, salary, title, working_time,
)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    keys: tuple[str, ...]
    extract: Callable[[Doc], list[Candidate]]
    resolve: Callable[[list[Candidate], Doc, Record, Trace], None]


def _spec(mod) -> FieldSpec:
    name = mod.__name__.rsplit(".", 1)[-1]
    return FieldSpec(name, mod.KEYS, getattr(mod, f"extract_{name}"), getattr(mod, f"resolve_{name}"))


FIELDS: tuple[FieldSpec, ...] = tuple(_spec(m) for m in (
    title, employer, locations, contract, working_time, salary, dates, remote,
    experience, education, languages, benefits, apply,
))
