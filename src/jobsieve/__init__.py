"""jobsieve: structured, de-duplicated, searchable job postings with evidence for every field."""

from .config import ParseConfig
from .errors import InputError
from .model import Record
from .pipeline import Failure, parse, parse_files, parse_many, parse_source

__all__ = ["Failure", "InputError", "ParseConfig", "Record", "parse", "parse_files",
           "parse_many", "parse_source"]
__version__ = "0.1.0"
