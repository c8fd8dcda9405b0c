"""JSON reader (placeholder: to be replaced by the schema.org / France Travail reader)."""

from __future__ import annotations

import json

from ..errors import InputError
from . import SourceDoc


def read_json(text: str, uri: str | None = None) -> list[SourceDoc]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(uri, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    items = data if isinstance(data, list) else [data]
    return [SourceDoc(text=str(i.get("description", "")), format="json", uri=uri) for i in items if isinstance(i, dict)]
