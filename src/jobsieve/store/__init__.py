"""The embedded store: SQLite + FTS5 for postings, with filters, facets and duplicate clusters.

    from jobsieve.store import Store, SearchQuery
    with Store("jobsieve.db") as store:
        store.ingest(["postings/"])
        result = store.search(SearchQuery(q="plaidoyer", contract=("fixed_term",), city=("Paris",)))
        for hit in result.items:
            print(hit.record.title, hit.boards)
"""

from .core import DEFAULT_DB, Store
from .fts import QueryError
from .ingest import IngestReport
from .schema import StoreError
from .search import MAX_PER_PAGE, BadParameter, Hit, SearchQuery, SearchResult, SourceRef

__all__ = [
    "DEFAULT_DB", "MAX_PER_PAGE", "BadParameter", "Hit", "IngestReport", "QueryError", "SearchQuery",
    "SearchResult", "SourceRef", "Store", "StoreError",
]
