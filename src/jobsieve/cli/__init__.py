"""The ``jobsieve`` command: a thin Typer layer over the library."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="jobsieve",
    help="Turn job postings (French and English) into structured records with evidence, "
         "then store, search, de-duplicate and serve them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on ``app``.
from . import parse_cmds  # noqa: E402,F401
from . import store_cmds  # noqa: E402,F401
from . import dedup_cmds  # noqa: E402,F401
from . import batch_cmds  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``jobsieve`` script."""
    app()
