"""``jobsieve parse`` and ``jobsieve eval``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..config import DEFAULT_MAX_BYTES, ParseConfig
from . import app
from .common import fail_line, progress_for

FORMATS = ("auto", "text", "markdown", "html", "json")


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r}: choose one of {', '.join(FORMATS)}")
    return value


@app.command("parse")
def parse_cmd(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders (searched recursively) of postings; '-' reads standard input.")],
    format: Annotated[str, typer.Option("--format", "-f", callback=_format,
        help="Input format: auto (by file name and content), text, markdown, html or json.")] = "auto",
    today: Annotated[str | None, typer.Option(
        help="Reference date YYYY-MM-DD for relative dates ('il y a 3 jours', 'posted 2 days ago'); default: today.")] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON instead of one line per record.")] = False,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave the cleaned text out of the output (smaller lines).")] = False,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    table: Annotated[bool, typer.Option("--table", help="Print a readable table of the main fields instead of JSON.")] = False,
) -> None:
    """Parse job postings into records, printed as JSON Lines on standard output.

    Errors go to standard error, one line per input naming the file and the reason; the
    other inputs are still parsed. Exit status 1 if any input failed, else 0.
    """
    from ..pipeline import Failure, parse_files, parse_input

    config = ParseConfig(today=_today(today), max_bytes=max_bytes, format=format)
    failed = 0
    rows: list = []

    def emit(rec) -> None:
        if table:
            rows.append(rec)
            return
        d = rec.to_dict()
        if no_text:
            d.pop("text")
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2 if pretty else None) + "\n")

    files = [Path(p) for p in paths if p != "-"]
    if "-" in paths:
        try:
            # One byte past the limit is enough to know the input is too large.
            data = sys.stdin.buffer.read(max_bytes + 1)
        except OSError as exc:
            data = None
            fail_line("<stdin>", f"cannot read: {exc.strerror or exc}")
            failed += 1
        for item in parse_input(data, "<stdin>", config) if data is not None else ():
            if isinstance(item, Failure):
                fail_line(item.uri, item.reason)
                failed += 1
            else:
                emit(item)
    with progress_for("Parsing", enabled=bool(files)) as advance:
        for item in parse_files(files, config):
            if isinstance(item, Failure):
                fail_line(item.uri, item.reason)
                failed += 1
            else:
                emit(item)
            advance()
    if table:
        Console().print(records_table(rows))
    sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


def records_table(records: list):
    """A readable two-column table (field, value) per parsed record, one after another."""
    from rich.console import Group

    from .. import render

    tables = []
    for r in records:
        d, exp = r.dates, r.experience
        t = Table(title=f"[bold]{escape(Path(r.source.uri or '<stdin>').name)}[/bold]",
                  title_justify="left", show_header=False, box=None, padding=(0, 2))
        t.add_column("field", style="cyan", no_wrap=True)
        t.add_column("value", overflow="fold")
        dates = ", ".join(f"{k} {v}" for k, v in (("posted", d.posted), ("start", d.start),
                          ("deadline", d.deadline), ("end", d.end)) if v)
        if d.start_asap:
            dates += (", " if dates else "") + "start ASAP"
        years = "" if exp.min_years is None else f"{exp.min_years:g}" + (
            f"–{exp.max_years:g}" if exp.max_years else "+") + " years"
        rows = [
            ("title", r.title), ("employer", r.employer.name), ("language", r.language),
            ("places", render.places_text(r)), ("contract", render.contract_text(r)),
            ("working time", " ".join(x for x in (r.working_time.type or "", f"{r.working_time.hours_per_week:g} h/wk" if r.working_time.hours_per_week else "") if x)),
            ("salary", render.salary_text(r)), ("annual", render.salary_text(r, annual=True)),
            ("dates", dates), ("remote", render.remote_text(r)), ("experience", years),
            ("education", f"EQF level {r.education.min_eqf_level}" if r.education.min_eqf_level else ""),
            ("languages", render.languages_text(r)),
            ("benefits", ", ".join(b.kind for b in r.benefits)),
            ("apply", ", ".join([*r.apply.emails, *r.apply.urls, *(["ref " + r.apply.reference] if r.apply.reference else [])])),
            ("related jobs", str(len(r.related)) if r.related else ""),
            ("warnings", "; ".join(r.warnings)),
        ]
        for k, v in rows:
            if v:
                t.add_row(k, escape(str(v)))
        tables.append(t)
    return Group(*tables)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _score_table(title: str, summary: dict) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("field", "P", "R", "F1", "tp", "fp", "fn", "acc"):
        t.add_column(col, justify="left" if col == "field" else "right")
    for k, v in summary["fields"].items():
        style = "red" if v["f1"] < 0.8 else None
        t.add_row(k, _fmt(v["precision"]), _fmt(v["recall"]), _fmt(v["f1"]), str(v["tp"]),
                  str(v["fp"]), str(v["fn"]), _fmt(v["accuracy"]), style=style)
    m = summary["micro"]
    t.add_section()
    t.add_row("micro", _fmt(m["precision"]), _fmt(m["recall"]), _fmt(m["f1"]), "", "", "",
              f"{summary['all_right']}/{summary['postings']} all right", style="bold")
    return t


@app.command("eval")
def eval_cmd(
    gold: Annotated[list[Path], typer.Argument(help="Flat gold files (JSON Lines); the files they name are relative to them.")],
    by_file: Annotated[bool, typer.Option("--by-file", help="Also list, per posting, the keys it got wrong.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    today: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD for relative dates.")] = None,
    root: Annotated[Path | None, typer.Option(help="Folder the gold files' paths are relative to (default: each gold file's folder).")] = None,
) -> None:
    """Score the parser against gold labels: per-field precision/recall/F1, micro-F1, all-right share.

    French and English are reported apart. See the spec for the scoring rules.
    """
    from ..evaluate import evaluate, report

    config = ParseConfig(today=_today(today))
    out: dict = {}
    for g in gold:
        if not g.is_file():
            fail_line(str(g), "no such gold file")
            raise typer.Exit(2)
        try:
            scores = evaluate(g, config, root=root)
        except ValueError as exc:
            fail_line(str(g), str(exc))
            raise typer.Exit(2) from None
        rep = report(scores)
        if by_file:
            rep["by_file"] = [{"file": s.file, "errors": s.errors, "failed": s.failed}
                              for s in scores if not s.all_right]
        out[str(g)] = rep
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = Console()
    for g, rep in out.items():
        for part, summary in rep.items():
            if part == "by_file":
                continue
            console.print(_score_table(f"{g} [{part}] {summary['postings']} postings", summary))
            for f in summary["failed"]:
                console.print(f"[red]failed[/red] {f['file']}: {f['reason']}")
        if by_file:
            for entry in rep.get("by_file", []):
                console.print(f"[bold]{entry['file']}[/bold]" + (f" failed: {entry['failed']}" if entry["failed"] else ""))
                for e in entry["errors"]:
                    console.print(f"  {e['key']}: gold={e['gold']!r} pred={e['pred']!r}", markup=False, highlight=False)
