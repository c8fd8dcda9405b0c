"""``jobsieve dedupe`` and ``jobsieve eval-dedup``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import InputError
from . import app
from .common import fail_line


@app.command("eval-dedup")
def eval_dedup_cmd(
    pairs: Annotated[Path, typer.Argument(help="Labelled pairs (JSON Lines: a, b, same[, kind, note]); "
                                               "a and b are posting files relative to this file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Parse the postings a pairs file names, cluster them all together, and score "same".

    A pair is predicted "same" when both postings land in one cluster. Prints precision,
    recall and F1, the counts per kind, and every mistake with its similarity numbers and
    the rule that decided.
    """
    from ..dedup.evaluate import evaluate_pairs

    if not pairs.is_file():
        fail_line(str(pairs), "no such pairs file")
        raise typer.Exit(2)
    try:
        report = evaluate_pairs(pairs)
    except InputError as exc:
        fail_line(exc.uri or str(pairs), exc.reason)
        raise typer.Exit(2) from None
    for name, reason in report.failures:
        fail_line(name, reason)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    s, c = report.scores(), report.counts()
    console.print(f"[bold]{escape(str(pairs))}[/bold]: {len(report.results)} pairs, "
                  f"{report.stats.get('postings', 0)} postings clustered together")
    console.print(f"  same: precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}"
                  f"   (tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, tn {c['tn']})")
    kinds = Table(show_header=True, box=None, padding=(0, 2))
    kinds.add_column("kind")
    kinds.add_column("pairs", justify="right")
    kinds.add_column("correct", justify="right")
    for kind, k in sorted(report.by_kind().items()):
        kinds.add_row(kind, str(k["pairs"]), str(k["correct"]))
    console.print(kinds)
    wrong = report.mistakes()
    if not wrong:
        console.print("  no mistakes")
        return
    console.print(f"[bold]mistakes[/bold] ({len(wrong)}):")
    for m in wrong:
        p = m.pair
        label = "same, predicted different" if p.same else "different, predicted same"
        console.print(f"  [red]{label}[/red] ({escape(p.kind or '-')}): {escape(p.a)}  {escape(p.b)}", soft_wrap=True)
        console.print(f"    jaccard {m.jaccard:.2f}, containment {m.containment:.2f}; rule {m.rule}: "
                      f"{escape(m.detail)}", soft_wrap=True)
        if p.note:
            console.print(f"    note: {escape(p.note)}", soft_wrap=True)


@app.command("dedupe")
def dedupe_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders of postings to parse and cluster (not with --db).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="De-duplicate the postings of this store.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="With --db: forget the deduplication "
                                                            "state and cluster every posting again.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Print single-posting clusters too.")] = False,
) -> None:
    """Group postings that are one vacancy (the same ad on several boards, reposts, agency copies).

    With files: prints one JSON line per cluster of two or more postings (canonical id and
    every source). With --db: indexes the store's postings not yet seen (or all of them with
    --rebuild), sets each posting's cluster_id to its cluster's canonical posting, and prints
    a summary.
    """
    if db is not None:
        if paths:
            raise typer.BadParameter("give either files or --db, not both")
        _dedupe_db(db, rebuild)
        return
    if not paths:
        raise typer.BadParameter("give files or folders of postings, or --db STORE")
    from ..dedup import cluster
    from ..pipeline import Failure, parse_files

    records, failed = [], 0
    for item in parse_files(paths):
        if isinstance(item, Failure):
            fail_line(item.uri, item.reason)
            failed += 1
        else:
            records.append(item)
    result = cluster(records)
    for c in result.clusters:
        if len(c.members) > 1 or show_all:
            d = c.to_dict()
            d["title"] = records[c.canonical].title
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
    st = result.stats
    print(f"{st['postings']} postings, {st['clusters']} vacancies, {st['multi_member_clusters']} seen more than once",
          file=sys.stderr)
    raise typer.Exit(1 if failed else 0)


def _dedupe_db(db: Path, rebuild: bool) -> None:
    from ..dedup.storedb import StoreDedupError, dedupe_store

    try:
        report = dedupe_store(db, rebuild=rebuild)
    except StoreDedupError as exc:
        fail_line(str(db), str(exc))
        raise typer.Exit(2) from None
    print(json.dumps(report, ensure_ascii=False))
