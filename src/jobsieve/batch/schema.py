"""The Parquet schemas of a batch run's output, and records to rows and back.

A record row holds the record's fields as flat columns (first location, contract,
salary, dates...) for queries, and ``record_json`` (the record's ``to_dict()`` without its
text, which is the ``text`` column) so that :func:`record_from_row` rebuilds the record
exactly. The columns are documented in ``docs/batch.md``; change both together.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pyarrow as pa

from ..model import Record

SCHEMA_VERSION = 1

_LOCATION = pa.struct([("city", pa.string()), ("region", pa.string()), ("country", pa.string())])
_LANGUAGE = pa.struct([("code", pa.string()), ("level", pa.string()), ("required", pa.bool_())])
_BENEFIT = pa.struct([("kind", pa.string()), ("amount", pa.float64()), ("employer_share", pa.float64())])

RECORDS = pa.schema([
    ("partition", pa.int32()), ("index", pa.int32()),
    ("id", pa.string()), ("uri", pa.string()), ("format", pa.string()), ("language", pa.string()),
    ("title", pa.string()), ("employer", pa.string()),
    ("city", pa.string()), ("region", pa.string()), ("country", pa.string()),
    ("locations", pa.list_(_LOCATION)),
    ("contract_type", pa.string()), ("contract_months", pa.float64()), ("contract_renewable", pa.bool_()),
    ("working_time", pa.string()), ("hours_per_week", pa.float64()),
    ("salary_currency", pa.string()), ("salary_period", pa.string()),
    ("salary_min", pa.float64()), ("salary_max", pa.float64()),
    ("salary_payments_per_year", pa.int32()),
    ("salary_annual_min", pa.float64()), ("salary_annual_max", pa.float64()),
    ("posted", pa.date32()), ("start", pa.date32()), ("start_asap", pa.bool_()),
    ("deadline", pa.date32()), ("end", pa.date32()),
    ("remote_policy", pa.string()), ("remote_days_per_week", pa.float64()),
    ("remote_days_per_year", pa.float64()),
    ("experience_min_years", pa.float64()), ("experience_max_years", pa.float64()),
    ("education_eqf", pa.int32()),
    ("languages", pa.list_(_LANGUAGE)), ("benefits", pa.list_(_BENEFIT)),
    ("apply_emails", pa.list_(pa.string())), ("apply_urls", pa.list_(pa.string())),
    ("apply_reference", pa.string()), ("apply_documents", pa.list_(pa.string())),
    ("evidence", pa.string()), ("warnings", pa.list_(pa.string())),
    ("text", pa.string()), ("record_json", pa.string()),
])

FAILURES = pa.schema([
    ("partition", pa.int32()), ("uri", pa.string()), ("reason", pa.string()),
])

CLUSTERS = pa.schema([
    ("cluster_id", pa.string()), ("posting_id", pa.string()), ("is_canonical", pa.bool_()),
    ("uri", pa.string()), ("board", pa.string()), ("first_seen", pa.string()), ("last_seen", pa.string()),
    ("cluster_size", pa.int32()), ("row", pa.int64()), ("cluster_row", pa.int64()),
    ("partition", pa.int32()), ("index", pa.int32()),
])


def _date(value: str | None) -> date | None:
    # The spec says YYYY-MM-DD; anything else stays only in record_json rather than
    # failing a whole partition.
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def record_row(rec: Record, partition: int, index: int) -> dict[str, Any]:
    """One row of the records table."""
    d = rec.to_dict()
    text = d.pop("text") or ""
    loc0 = rec.locations[0] if rec.locations else None
    c, w, s, dt, r = rec.contract, rec.working_time, rec.salary, rec.dates, rec.remote
    return {
        "partition": partition, "index": index,
        "id": rec.id, "uri": rec.source.uri, "format": rec.source.format, "language": rec.language,
        "title": rec.title, "employer": rec.employer.name,
        "city": loc0.city if loc0 else None, "region": loc0.region if loc0 else None,
        "country": loc0.country if loc0 else None,
        "locations": d["locations"],
        "contract_type": c.type, "contract_months": c.duration_months, "contract_renewable": c.renewable,
        "working_time": w.type, "hours_per_week": w.hours_per_week,
        "salary_currency": s.currency, "salary_period": s.period, "salary_min": s.min, "salary_max": s.max,
        "salary_payments_per_year": _int(s.payments_per_year),
        "salary_annual_min": s.annual_min, "salary_annual_max": s.annual_max,
        "posted": _date(dt.posted), "start": _date(dt.start), "start_asap": dt.start_asap,
        "deadline": _date(dt.deadline), "end": _date(dt.end),
        "remote_policy": r.policy, "remote_days_per_week": r.days_per_week,
        "remote_days_per_year": r.days_per_year,
        "experience_min_years": rec.experience.min_years, "experience_max_years": rec.experience.max_years,
        "education_eqf": _int(rec.education.min_eqf_level),
        "languages": d["languages"], "benefits": d["benefits"],
        "apply_emails": list(rec.apply.emails), "apply_urls": list(rec.apply.urls),
        "apply_reference": rec.apply.reference, "apply_documents": list(rec.apply.documents),
        "evidence": json.dumps(d["evidence"], separators=(",", ":")),
        "warnings": list(rec.warnings),
        "text": text,
        "record_json": json.dumps(d, ensure_ascii=False, separators=(",", ":")),
    }


def records_table(records: list[Record], partition: int) -> pa.Table:
    """The records of one partition as a table of the records schema."""
    return pa.Table.from_pylist([record_row(r, partition, i) for i, r in enumerate(records)], schema=RECORDS)


def record_from_row(record_json: str, text: str | None) -> Record:
    """Rebuild a record from its ``record_json`` and ``text`` columns."""
    d = json.loads(record_json)
    d["text"] = text or ""
    return Record.from_dict(d)


def failures_table(failures: list[tuple[str, str]], partition: int) -> pa.Table:
    """The failures of one partition (uri, reason)."""
    return pa.Table.from_pylist([{"partition": partition, "uri": u, "reason": r} for u, r in failures],
                                schema=FAILURES)
