"""``jobsieve ingest``, ``jobsieve search`` and ``jobsieve serve``: thin layers over the store."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..config import DEFAULT_DB, DEFAULT_MAX_BYTES, ParseConfig
from . import app
from .common import err_console, fail_line
from .parse_cmds import _today

DbOption = Annotated[Path, typer.Option("--db", help="The store file (created when missing).",
                                        envvar="JOBSIEVE_DB")]


def _open(db: Path, readonly: bool = False) -> Store:
    # The store (with numpy and the dedup engine) loads only for the commands that use it,
    # so that `jobsieve parse` starts faster.
    from ..store import Store, StoreError

    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        fail_line(str(db), str(exc).removeprefix(f"{db}: "))
        raise typer.Exit(2) from None


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively) of postings.")],
    db: DbOption = Path(DEFAULT_DB),
    batch_size: Annotated[int, typer.Option(min=1, help="Postings per transaction.")] = 200,
    force: Annotated[bool, typer.Option("--force", help="Parse again files already ingested.")] = False,
    workers: Annotated[int, typer.Option(min=0, help="Processes that parse while one writes (0: one per CPU, at most 4).")] = 0,
    today: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD for relative dates.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    dedupe: Annotated[bool, typer.Option("--dedupe/--no-dedupe", help="Group duplicate postings (one vacancy "
                                         "on several boards) as they are stored.")] = True,
) -> None:
    """Parse postings and store them (idempotent and resumable), grouping duplicates.

    The same posting ingested twice is one row (its id is a hash of its text); a file whose
    content changed updates its posting. Batches commit atomically with the list of finished
    files and their duplicate clusters, so a rerun after an interruption skips what was
    stored. Inputs that cannot be parsed are quarantined and listed at the end; exit status
    1 if any failed.
    """
    config = ParseConfig(today=_today(today), max_bytes=max_bytes)
    store = _open(db)
    show = sys.stderr.isatty()
    progress = Progress(TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err_console, transient=True, disable=not show)
    task = progress.add_task("ingest", total=None)
    with progress:
        try:
            report = store.ingest(paths, config, batch_size=batch_size, force=force, dedupe=dedupe,
                                  workers=workers or min(4, os.cpu_count() or 1),
                                  on_start=lambda n: progress.update(task, total=n),
                                  on_file=lambda n: progress.advance(task, n))
        except KeyboardInterrupt:
            err_console.print("interrupted: committed batches are kept; run the same command to resume")
            raise typer.Exit(130) from None
        finally:
            total = store.count()
            store.close()
    out = Console(stderr=True, highlight=False)
    out.print(f"{escape(str(db))}: {report.postings} postings from {report.files_done} files "
              f"({report.added} added, {report.updated} updated, {report.unchanged} unchanged); "
              f"{report.files_skipped} files already ingested; {total} postings in the store "
              f"[{report.seconds:.1f} s]", soft_wrap=True)
    if report.dedup:
        kind, d = next(iter(report.dedup.items()))
        if kind == "recluster":
            out.print(f"duplicates: {d['postings']} postings in {d['clusters']} vacancies, "
                      f"{d['clusters_seen_more_than_once']} seen more than once [{d['seconds']:.1f} s]", soft_wrap=True)
    if report.failed:
        out.print(f"[red]{len(report.failed)} inputs failed[/red] (quarantined):", soft_wrap=True)
        for uri, reason in report.failed:
            fail_line(uri, reason)
        raise typer.Exit(1)


def _cell(x: object) -> str:
    return escape(str(x)) if x not in (None, "") else ""


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help='Words (all must appear), "a phrase", prefix*, -excluded, a OR b.')] = "",
    db: DbOption = Path(DEFAULT_DB),
    contract: Annotated[list[str] | None, typer.Option(help="Contract type (repeatable): permanent, fixed_term, temporary, internship, apprenticeship, freelance, volunteer, other.")] = None,
    remote: Annotated[list[str] | None, typer.Option(help="Remote policy (repeatable): on_site, hybrid, remote.")] = None,
    min_salary: Annotated[str | None, typer.Option(help="Minimum annual salary (40000 or 40k).")] = None,
    currency: Annotated[str | None, typer.Option(help="Salary currency (EUR, USD...).")] = None,
    city: Annotated[list[str] | None, typer.Option(help="City (repeatable; accents and case ignored).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Country code (repeatable): FR, US...")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Posting language (repeatable): fr, en.")] = None,
    min_experience: Annotated[str | None, typer.Option(help="Postings asking at least this many years.")] = None,
    max_experience: Annotated[str | None, typer.Option(help="Postings asking at most this many years.")] = None,
    open_: Annotated[bool | None, typer.Option("--open/--closed", help="Deadline not passed (or unknown) / passed.")] = None,
    posted_since: Annotated[str | None, typer.Option(help="Posted on or after a date (YYYY-MM-DD) or in the last N days (7d).")] = None,
    sort: Annotated[str | None, typer.Option(help="relevance (default with words), date, salary, deadline.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, help="Results per page (at most 100).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines of records (with their sources).")] = False,
    no_text: Annotated[bool, typer.Option("--no-text", help="With --json: leave the cleaned text out.")] = False,
    facets: Annotated[bool, typer.Option("--facets", help="Also print the facet counts.")] = False,
    today: Annotated[str | None, typer.Option(help="The day 'open' and '7d' count from (YYYY-MM-DD).")] = None,
) -> None:
    """Search the store: a table of matches (or JSON Lines with --json)."""
    params = {
        "q": query, "contract": contract or [], "remote": remote or [], "min_salary": min_salary,
        "currency": currency, "city": city or [], "country": country or [], "language": language or [],
        "min_experience": min_experience, "max_experience": max_experience,
        "open": None if open_ is None else str(open_).lower(), "posted_since": posted_since, "sort": sort,
        "page": str(page), "per_page": str(per_page),
    }
    from ..store import BadParameter, QueryError, SearchQuery

    try:
        sq = SearchQuery.from_params(params, today=_today(today))
    except BadParameter as exc:
        raise typer.BadParameter(str(exc).removeprefix(f"{exc.param}: "), param_hint=f"--{exc.param.replace('_', '-')}") from None
    if not db.exists():
        fail_line(str(db), "no such store (run `jobsieve ingest PATH --db FILE` first)")
        raise typer.Exit(2)
    store = _open(db, readonly=True)
    try:
        result = store.search(sq, facets=facets)
        if as_json and not no_text:
            full = {h.record.id: store.get(h.record.id) for h in result.items}
            for h in result.items:
                if full.get(h.record.id) is not None:
                    h.record = full[h.record.id].record
    except QueryError as exc:
        fail_line("query", str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    if as_json:
        for h in result.items:
            sys.stdout.write(json.dumps(h.to_dict(text=not no_text), ensure_ascii=False) + "\n")
        return
    from .. import render

    t = Table(title=f"{result.total} postings" + (f" for {escape(query)!s}" if query else "")
              + (f" (page {result.page} of {result.pages})" if result.pages > 1 else ""),
              title_justify="left")
    for col in ("title", "employer", "city", "contract", "annual salary", "remote", "deadline"):
        t.add_column(col, overflow="fold")
    t.add_column("seen on", overflow="fold", min_width=31)
    for h in result.items:
        r = h.record
        boards = h.boards
        seen = _cell(", ".join(boards))
        if len(boards) > 1:
            seen += f"\n(also posted on {len(boards) - 1} other board{'s' if len(boards) > 2 else ''})"
        t.add_row(_cell(r.title), _cell(r.employer.name), _cell(render.places_text(r)), _cell(r.contract.type),
                  _cell(render.salary_text(r, annual=True) if r.salary.annual_min is not None
                        or r.salary.annual_max is not None else ""), _cell(r.remote.policy), _cell(r.dates.deadline),
                  seen)
    # Piped output gets a wide table rather than Rich's 80-column default.
    console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160)
    console.print(t)
    if facets:
        for name, values in result.facets.items():
            if values:
                console.print(f"[bold]{name}[/bold]: " + ", ".join(
                    f"{escape(str(v['value']))} ({v['count']})" for v in values))


@app.command("serve")
def serve_cmd(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on (only this machine by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    api_key: Annotated[str | None, typer.Option(
        help="Key that POST /api/postings requires (default: $JOBSIEVE_API_KEY; without one, posting is disabled).",
        show_default=False)] = None,
) -> None:
    """Serve the HTTP API and the web UI over a store (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from ..store import StoreError
    from ..web import create_app

    key = api_key or os.environ.get("JOBSIEVE_API_KEY") or None
    try:
        web = create_app(db, api_key=key)
    except StoreError as exc:
        fail_line(str(db), str(exc).removeprefix(f"{db}: "))
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"jobsieve: serving {escape(str(db))} at http://{shown}:{port}/ "
                      f"(API docs at /docs; adding postings {'enabled' if key else 'disabled'})")
    uvicorn.run(web, host=host, port=port, log_level="warning")
