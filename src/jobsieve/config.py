"""One frozen configuration object for parsing (instead of many keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_DB = "jobsieve.db"
"""The store file the commands and the API use when none is given."""


@dataclass(frozen=True, slots=True)
class ParseConfig:
    """How to parse: reference date for relative dates, input size limit, forced format."""

    today: date | None = None
    """Reference date for "posted 3 days ago"; ``None`` means the current date."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """Inputs larger than this are refused (the file is named in the error)."""
    format: str = "auto"
    """``auto``, ``text``, ``markdown``, ``html`` or ``json``."""

    def reference_date(self) -> date:
        """The date relative expressions count from."""
        return self.today or date.today()


DEFAULT_CONFIG = ParseConfig()
