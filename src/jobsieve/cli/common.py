"""What every command shares: the error line format and the progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err_console = Console(stderr=True, highlight=False)


def fail_line(uri: str, reason: str) -> None:
    """One clear line on stderr naming the input and the reason."""
    err_console.print(f"[red]jobsieve: error:[/red] {escape(uri)}: {escape(reason)}", soft_wrap=True)


@contextmanager
def progress_for(label: str, total: int | None = None, enabled: bool = True) -> Iterator[Callable[..., None]]:
    """A Rich progress bar on stderr (only when stderr is a terminal); yields ``advance()``."""
    if not enabled or not sys.stderr.isatty():
        yield lambda *a, **k: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)
