"""The ``jobsieve`` command: a thin Typer layer over the library."""

from __future__ import annotations

import inspect

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


def _reflow(doc: str) -> str:
    """A docstring as help text: Typer keeps single line breaks, which the terminal width
    then breaks again, so each paragraph becomes one line and the terminal wraps it."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


for _cmd in app.registered_commands:
    if _cmd.help is None and _cmd.callback is not None and _cmd.callback.__doc__:
        _cmd.help = _reflow(_cmd.callback.__doc__)


def main() -> None:
    """Entry point of the ``jobsieve`` script."""
    app()
