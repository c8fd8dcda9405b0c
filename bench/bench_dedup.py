"""Deduplication benchmark: time and peak memory of each step at 100k postings, and
precision/recall on planted duplicates.

Postings: ``gen_postings.generate`` gives varied records built on real postings (their
bodies, fields and a board-style header). Its bodies are few (one per real posting), so
that every generated posting is not a copy of a thousand others, each body gets a share of
its words replaced by other words of the corpus (``--mutate``): what two distinct postings
of one base still share then behaves like an employer's template (it is common, so it is
weighted down). On top of these distinct postings, known shares are planted:

- duplicates (same vacancy): a copy on another board with the header rewritten (board title
  format, no employer line, a footer), a repost (new date and reference, the intro
  reworded), an excerpt (the end of the text cut), or a board's shorter title (the title cut at a
  separator, without its qualifiers, or its English head noun);
- hard negatives (other vacancies): the same text for another city, the same employer's
  template for another role (new title, a third of the sentences replaced).

Precision and recall are pairwise over the planted truth. Steps timed and measured (peak
RSS, sampled with psutil): generation (not part of deduplication), fingerprints + document
frequencies (streaming), LSH signatures, candidate pairs, decisions, union-find.

    python bench/bench_dedup.py [--n 100000] [--seed 1] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_postings import BOARDS, TITLES, generate, load_bases  # noqa: E402
from memwatch import MemoryWatch  # noqa: E402

from jobsieve.dedup import DEFAULT_DEDUP, cluster_fingerprints, fingerprints_of  # noqa: E402
from jobsieve.dedup.index import DedupIndex  # noqa: E402
from jobsieve.dedup.parallel import record_from_json  # noqa: E402
from jobsieve.model import Location, Record, Source  # noqa: E402
from jobsieve.pipeline import record_id  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_TOKENS = re.compile(r"(\w+)")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
DUP_KINDS = ("cross_board", "repost", "excerpt", "generic_title")
NEG_KINDS = ("other_city", "other_role")
# what a board leaves out when it shortens a title: seniority, gender marks, contract words
_QUALIFIERS = re.compile(
    r"(?i)\s*[(\[]?\b(?:h\s*/\s*f|f\s*/\s*h|m\s*/\s*f|f\s*/\s*m|senior|junior|sr|jr|lead|principal|"
    r"confirm[ée]e?|exp[ée]riment[ée]e?|d[ée]butant|i{1,3}|cdi|cdd|stage|alternance|internship)\b[)\]]?")
_TITLE_CUT = re.compile(r"\s+[-\u2013\u2014|/]\s+|\s*[(,:]")


def board_title(title: str, lang: str | None, rng: np.random.Generator) -> str:
    """A board's shorter or more general label for the same job title.

    One of: the title cut at its first separator ("Data Engineer - Cloud" -> "Data
    Engineer"), without its qualifiers ("Comptable confirmé (H/F)" -> "Comptable"), or, in
    English, its head noun (the last word). The original title when none of these differs
    from it.
    """
    cut = _TITLE_CUT.split(title, 1)[0].strip()
    plain = " ".join(_QUALIFIERS.sub(" ", title).split()).strip(" -")
    words = plain.split()
    # French titles mix languages ("Data Engineer confirmé"), so their head noun is not known
    head = words[-1] if words and lang == "en" and len(words) > 1 else ""
    options = list(dict.fromkeys(t for t in (cut, plain, head) if t and t != title))
    return str(options[int(rng.integers(len(options)))]) if options else title


class Planter:
    """Turns distinct generated records into a stream with planted copies and near misses."""

    def __init__(self, bases, seed: int, mutate: float, dup_share: float, neg_share: float) -> None:
        self.rng = np.random.default_rng(seed)
        self.mutate = mutate
        self.dup_share = dup_share
        self.neg_share = neg_share
        vocab: set[str] = set()
        for b in bases:
            vocab.update(w for w in _TOKENS.findall(" ".join(b.paragraphs)) if len(w) > 3 and w.isalpha())
        self.vocab = np.array(sorted(vocab))
        self.titles = [b.record.title for b in bases if b.record.title] + TITLES["fr"] + TITLES["en"]
        self.cities = sorted({loc.city for b in bases for loc in b.record.locations if loc.city}
                             | {"Lyon", "Nantes", "Leeds", "Bristol", "Toulouse", "Denver"})
        self._split_cache: dict[str, tuple[list[str], np.ndarray]] = {}
        self.n = 0

    # ----------------------------------------------------------------- text helpers
    def _tokens(self, body: str) -> tuple[list[str], np.ndarray]:
        got = self._split_cache.get(body)
        if got is None:
            parts = _TOKENS.split(body)
            idx = np.array([i for i in range(1, len(parts), 2) if parts[i].isalpha()], dtype=np.int64)
            got = self._split_cache[body] = (parts, idx)
            if len(self._split_cache) > 512:
                self._split_cache.pop(next(iter(self._split_cache)))
        return got

    def _mutate(self, body: str, share: float) -> str:
        parts, idx = self._tokens(body)
        if not len(idx):
            return body
        out = list(parts)
        pick = idx[self.rng.random(len(idx)) < share]
        for i, w in zip(pick.tolist(), self.rng.choice(self.vocab, len(pick)).tolist()):
            out[i] = w
        return "".join(out)

    def _sentences(self, body: str) -> list[str]:
        return [s for s in _SENTENCE.split(body) if s.strip()]

    @staticmethod
    def _split(rec: Record) -> tuple[str, str]:
        head, _, body = rec.text.partition("\n\n")
        return head, body

    def _record(self, rec: Record, text: str, uri: str, **fields) -> Record:
        out = replace(rec, text=text, id=record_id(text + uri), source=Source(uri=uri, format="text"),
                      evidence={}, **fields)
        # the title opens every generated header: its evidence, as a parser would give it
        if out.title and text.startswith(out.title):
            out.evidence = {"title": [(0, len(out.title))]}
        return out

    def _uri(self) -> str:
        self.n += 1
        return f"https://{BOARDS[int(self.rng.integers(len(BOARDS)))]}/planted/{self.n}"

    # ----------------------------------------------------------------- planted kinds
    def duplicate(self, rec: Record, kind: str) -> Record:
        head, body = self._split(rec)
        city = rec.locations[0].city if rec.locations else ""
        if kind == "cross_board":
            text = f"{rec.title} (H/F)\n{city}\n\n{body}\nOffre relayée par un site partenaire, postulez en ligne.\n"
            return self._record(rec, text, self._uri(), employer=replace(rec.employer, name=None))
        if kind == "repost":
            sents = self._sentences(body)
            k = min(2, len(sents))
            intro = [self._mutate(s, 0.9) for s in sents[:k]]
            head2 = re.sub(r"\d{4}-\d{2}-\d{2}", "2026-03-02", head)
            head2 = re.sub(r"JS-\S+", f"JS-R{self.n}", head2)
            return self._record(rec, head2 + "\n\n" + "\n".join(intro + sents[k:]) + "\n", self._uri())
        if kind == "excerpt":
            sents = self._sentences(body)
            keep = max(3, int(len(sents) * 0.6))
            return self._record(rec, head + "\n\n" + "\n".join(sents[:keep]) + "\n", self._uri())
        # generic_title: a board shows its own, shorter label for the job; the body is the employer's
        generic = board_title(rec.title, rec.language, self.rng) if rec.title else None
        head2 = head.replace(rec.title, generic, 1) if rec.title and generic else head
        return self._record(rec, head2 + "\n\n" + body, self._uri(), title=generic)

    def negative(self, rec: Record, kind: str) -> Record:
        head, body = self._split(rec)
        if kind == "other_city":
            old = rec.locations[0].city if rec.locations else None
            new = str(self.rng.choice([c for c in self.cities if c != old]))
            head2 = head.replace(old, new) if old else f"{head}\n{new}"
            return self._record(rec, head2 + "\n\n" + body, self._uri(),
                                locations=[Location(city=new, country=rec.locations[0].country if rec.locations else None)])
        # other_role: the same employer's template with another job in it
        title = str(self.rng.choice([t for t in self.titles if t != rec.title]))
        sents = self._sentences(body)
        swap = self.rng.random(len(sents)) < 0.35
        sents = [self._mutate(s, 0.9) if w else s for s, w in zip(sents, swap)]
        head2 = head.replace(rec.title, title, 1) if rec.title else f"{title}\n{head}"
        return self._record(rec, head2 + "\n\n" + "\n".join(sents) + "\n", self._uri(), title=title)

    def stream(self, records: Iterator[Record], n: int) -> Iterator[tuple[Record, int, str, int]]:
        """(record, truth group, kind, index of the posting it was made from) until ``n`` records."""
        made = 0
        group = 0
        for rec in records:
            head, body = self._split(rec)
            base = self._record(rec, head + "\n\n" + self._mutate(body, self.mutate), rec.source.uri or self._uri())
            group += 1
            src = made
            yield base, group, "distinct", src
            made += 1
            r = self.rng.random()
            if r < self.dup_share:
                for _ in range(1 + int(self.rng.integers(0, 3))):
                    if made >= n:
                        return
                    kind = DUP_KINDS[int(self.rng.integers(len(DUP_KINDS)))]
                    yield self.duplicate(base, kind), group, kind, src
                    made += 1
            elif r < self.dup_share + self.neg_share and made < n:
                group += 1
                kind = NEG_KINDS[int(self.rng.integers(len(NEG_KINDS)))]
                yield self.negative(base, kind), group, kind, src
                made += 1
            if made >= n:
                return


def measure_incremental(lines: Iterator[str], n: int, truth: list[int]) -> dict:
    """Throughput of the incremental index (``DedupIndex.add``, SQLite in memory) on the first
    ``n`` postings, and its pairwise quality on them."""
    index = DedupIndex.open(":memory:")
    ids = []
    t0 = time.perf_counter()
    for k, line in enumerate(lines):
        if k >= n:
            break
        rec = record_from_json(line)
        index.add(rec)
        ids.append(rec.id)
        if k % 1000 == 999:
            index.commit()
    index.commit()
    seconds = time.perf_counter() - t0
    labels = [index.cluster_of(i) for i in ids]
    index.close()
    return {"postings": len(ids), "seconds": round(seconds, 1),
            "postings_per_s": round(len(ids) / seconds, 1) if seconds else None,
            "planted_quality": pairwise(labels, truth[: len(ids)])}


def pairwise(labels: list[int], truth: list[int]) -> dict:
    """Pairwise precision and recall of "same" (pairs inside predicted vs true clusters)."""
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())
    both = pairs(Counter(zip(labels, truth)))
    pred = pairs(Counter(labels))
    true = pairs(Counter(truth))
    return {"true_pairs": true, "predicted_pairs": pred, "correct_pairs": both,
            "precision": round(both / pred, 4) if pred else 1.0, "recall": round(both / true, 4) if true else 1.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="postings to deduplicate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mutate", type=float, default=0.25, help="share of body words replaced per distinct posting")
    ap.add_argument("--dup-share", type=float, default=0.25, help="share of distinct postings given 1-3 copies")
    ap.add_argument("--neg-share", type=float, default=0.08, help="share given a near miss (other city/role)")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes for fingerprints, signatures and decisions (2 pays off on an idle machine)")
    ap.add_argument("--incremental", type=int, default=5000,
                    help="also time DedupIndex.add on this many postings (0: skip)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    ap_workers = args.workers
    mem = MemoryWatch(every=0.2, pss=True)
    mem.mark("load")
    bases = load_bases()
    planter = Planter(bases, args.seed, args.mutate, args.dup_share, args.neg_share)

    # Generated postings go to a JSON Lines file first (not timed): deduplication then reads
    # them as it would read stored records, without the generator competing for the cores.
    mem.mark("generate (not dedup)")
    truth, kinds, sources = [], [], []
    n_chars = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "postings.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for rec, group, kind, src in planter.stream(generate(10 * args.n, seed=args.seed, bases=bases), args.n):
                fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
                truth.append(group)
                kinds.append(kind)
                sources.append(src)
                n_chars += len(rec.text)
        del bases, planter
        gc.collect()
        base_rss = mem.rss()
        cfg = DEFAULT_DEDUP

        def lines() -> Iterator[str]:
            with path.open(encoding="utf-8") as fh:
                yield from fh

        mem.mark("fingerprint+df")
        t0 = time.perf_counter()
        fps, df = fingerprints_of(lines(), cfg, workers=ap_workers, decode=record_from_json)
        fp_seconds = time.perf_counter() - t0
        result = cluster_fingerprints(fps, df, cfg, workers=ap_workers, on_step=mem.mark)
        mem.stop()
        incremental = measure_incremental(lines(), args.incremental, truth) if args.incremental else None
    gen_seconds = mem.seconds.get("generate (not dedup)", 0.0)
    secs = result.stats["seconds"]
    dedup_seconds = fp_seconds + sum(secs.values())
    quality = pairwise(result.labels, truth)
    # per planted kind: how often the copy landed with the posting it was made from
    per_kind: dict[str, list[int]] = {}
    for i, (k, src) in enumerate(zip(kinds, sources)):
        if k != "distinct":
            hit = per_kind.setdefault(k, [0, 0])
            hit[0] += result.same(i, src)
            hit[1] += 1
    merged_with_source = {k: f"{h}/{t}" for k, (h, t) in sorted(per_kind.items())}
    out = {
        "postings": len(fps),
        "mean_kb": round(n_chars / max(1, len(fps)) / 1024, 1),
        "planted": dict(Counter(kinds)),
        "config": {"num_perm": cfg.num_perm, "bands": cfg.bands, "shingle_words": cfg.shingle_words,
                   "common_df": cfg.common_df, "max_bucket": cfg.max_bucket},
        "workers": ap_workers,
        "seconds": {"generate (not dedup)": round(gen_seconds, 1), "fingerprint+df": round(fp_seconds, 1),
                    **{k: round(v, 1) for k, v in secs.items() if k != "fingerprint"}},
        "dedup_seconds": round(dedup_seconds, 1),
        "cpu_seconds": {k: round(v, 1) for k, v in mem.cpu.items()
                        if k not in ("start", "load", "done", "generate (not dedup)")},
        "load_average_1min_at_end": round(psutil.getloadavg()[0], 2),
        "postings_per_s": round(len(fps) / dedup_seconds, 1) if dedup_seconds else None,
        "peak_memory_mb": {k: round(v / 2**20) for k, v in mem.peaks.items()
                           if k not in ("start", "load", "done", "generate (not dedup)")},
        "peak_memory_mb_overall": round(max(v for k, v in mem.peaks.items() if k != "generate (not dedup)") / 2**20),
        "peak_rss_mb_main_process": round(mem.main_peak / 2**20),
        "memory_before_mb": round(base_rss / 2**20),
        "memory_note": "PSS of this process plus its workers (psutil; pages shared after fork counted once)",
        "candidate_pairs": result.stats["candidate_pairs"],
        "accepted_pairs": result.stats["accepted_pairs"],
        "chain_guard_rejects": result.stats["chain_guard_rejects"],
        "clusters": result.stats["clusters"],
        "planted_quality": quality,
        "merged_with_source": merged_with_source,
        "limits": {"seconds": 300, "peak_memory_mb": 4096},
        "incremental_index": incremental,
    }
    out["within_limits"] = dedup_seconds < 300 and out["peak_memory_mb_overall"] < 4096
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "dedup.json").write_text(json.dumps(out, indent=2))
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"dedup: {out['postings']} postings of {out['mean_kb']} KB on average, planted {out['planted']}")
    print(f"  {out['dedup_seconds']} s with {ap_workers} worker(s) ({out['postings_per_s']} postings/s), peak memory {out['peak_memory_mb_overall']} MB"
          f" -> {'within' if out['within_limits'] else 'OVER'} the limits (300 s, 4 GB)")
    print("  seconds by step: " + ", ".join(f"{k} {v}" for k, v in out["seconds"].items()))
    print("  CPU seconds by step (this process and its workers): "
          + ", ".join(f"{k} {v}" for k, v in out["cpu_seconds"].items())
          + f"; load average at the end {out['load_average_1min_at_end']} on {psutil.cpu_count()} cores")
    print("  peak memory MB by step (PSS, with workers): " + ", ".join(f"{k} {v}" for k, v in out["peak_memory_mb"].items())
          + f"; main process peak RSS {out['peak_rss_mb_main_process']} MB")
    print(f"  {out['candidate_pairs']} candidate pairs, {out['accepted_pairs']} accepted, "
          f"{out['chain_guard_rejects']} merges refused by the chaining guard, {out['clusters']} clusters")
    q = quality
    print(f"  planted pairs: precision {q['precision']}, recall {q['recall']} "
          f"({q['correct_pairs']} of {q['true_pairs']} true pairs found, {q['predicted_pairs']} predicted)")
    if incremental:
        iq = incremental["planted_quality"]
        print(f"  incremental index: {incremental['postings']} postings added one by one in {incremental['seconds']} s "
              f"({incremental['postings_per_s']}/s), planted precision {iq['precision']}, recall {iq['recall']}")
    print("  merged with the posting it was made from (copies should, near misses should not): "
          + ", ".join(f"{k} {v}" for k, v in merged_with_source.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
