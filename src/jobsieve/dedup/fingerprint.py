"""A posting's fingerprint: what deduplication keeps of a record.

A :class:`Fingerprint` is small (a few KB), picklable and independent of every other
posting, so it can be computed in any worker, stored next to the posting and shipped to
whoever decides a pair. It holds the shingle hashes of the text (all of them until
:meth:`Fingerprint.compact` keeps a bottom-k sketch), the stems of every word (to ask "does
the other posting mention this?"), and the record fields that the decision weighs.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass, field

import numpy as np

from ..model import Record
from .config import DEFAULT_DEDUP, DedupConfig
from .text import content_words, employer_noise, hash_text, sentence_at, sentence_hash, stem_hash, words

_ARRONDISSEMENT = re.compile(r"\b(?:\d{1,2}(?:e|er|eme|th|st|nd|rd)?|[ivx]+e?)\b(?:\s+arrondissement)?|\bcedex\b|\barrondissement\b")
_SAINT = {"st": "saint", "ste": "sainte"}
_FIRST_LINE = 160
# record fields that can veto a merge, and the evidence path each is read from
_STATED = (("contract", "contract.type"), ("salary", "salary"), ("experience", "experience.min_years"))


@dataclass(slots=True)
class Fingerprint:
    """What deduplication needs of one posting."""

    id: str
    uri: str | None = None
    board: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    lang: str | None = None
    completeness: float = 0.0
    """How much of the record is filled (the most complete member becomes canonical)."""
    shingles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))
    """Sorted uint32 shingle hashes: all of them, or the smallest ``sketch_size`` once compact."""
    n_shingles: int = 0
    """Distinct shingles of the text (before the sketch)."""
    stems: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))
    """Sorted unique uint32 hashes of the stems of every word of the text."""
    title: tuple[str, ...] = ()
    """Folded content words of the title (the record's, else the first line)."""
    title_supported: tuple[str, ...] = ()
    """Title words that the body uses too (a title word the description never uses is
    often a board's label rather than the employer's word)."""
    employer: tuple[str, ...] = ()
    """Folded content words of the employer name."""
    places: tuple[str, ...] = ()
    """Normalised city names ("saint denis", "lyon")."""
    contract: str | None = None
    salary: tuple[float, float] | None = None
    """Gross yearly range (min, max)."""
    pay: tuple[str, float, float] | None = None
    """The range as stated (period, min, max), for pay the parser could not annualise (hourly)."""
    experience: float | None = None
    sentences: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))
    """Sorted unique uint32 hashes of every sentence of the text (folded words, digits kept)."""
    stated: dict[str, int] = field(default_factory=dict)
    """For ``contract``, ``salary`` and ``experience``: the hash of the sentence the value was
    read from (its first evidence span), so that another posting can tell whether it says
    the same sentence."""
    bands: np.ndarray | None = None
    """LSH band keys (uint64), once signed (see :func:`jobsieve.dedup.lsh.sign`)."""
    weights: np.ndarray | None = None
    """Decision weight of each shingle (float32, aligned with ``shingles``), set when signed
    with document frequencies: the weights as of that moment."""

    def compact(self, cfg: DedupConfig = DEFAULT_DEDUP) -> Fingerprint:
        """Keep only the ``sketch_size`` smallest shingle hashes (in place); returns self."""
        if len(self.shingles) > cfg.sketch_size:
            self.shingles = self.shingles[: cfg.sketch_size].copy()
            if self.weights is not None:
                self.weights = self.weights[: cfg.sketch_size].copy()
        return self

    def mentions(self, phrase: tuple[str, ...] | list[str]) -> bool:
        """Whether every word of a phrase (folded words) occurs somewhere in this posting."""
        if not phrase or len(self.stems) == 0:
            return False
        v = np.asarray([stem_hash(w, self.lang) for w in phrase], dtype=np.uint32)
        i = np.minimum(np.searchsorted(self.stems, v), len(self.stems) - 1)
        return bool(np.all(self.stems[i] == v))

    def says(self, sentence: int | None) -> bool:
        """Whether this posting's text has a sentence of this hash (see :attr:`stated`)."""
        if sentence is None or len(self.sentences) == 0:
            return False
        i = int(np.searchsorted(self.sentences, np.uint32(sentence)))
        return i < len(self.sentences) and int(self.sentences[i]) == sentence


def board_of(uri: str | None) -> str | None:
    """The host of a URL (``www.`` dropped), else ``None``.

    >>> board_of("https://www.caterer.com/job/123")
    'caterer.com'
    """
    if not uri or "://" not in uri:
        return None
    host = uri.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    host = host.split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else (host or None)


def normalize_place(city: str | None) -> str | None:
    """A city name reduced to its comparable words ("Lyon 03" -> "lyon", "St-Denis" -> "saint denis")."""
    if not city:
        return None
    s = " ".join(words(city))
    s = _ARRONDISSEMENT.sub(" ", s)
    out = [_SAINT.get(w, w) for w in s.split() if not w.isdigit()]
    return " ".join(out) or None


def _first_line(text: str) -> str | None:
    for line in text.split("\n", 8)[:8]:
        line = line.strip()
        if line:
            return line[:_FIRST_LINE]
    return None


def _title_line(rec: Record, text: str, title_words: list[str]) -> str:
    """The text the title was read from: its first evidence span, else the early line most like it."""
    spans = rec.evidence.get("title") if rec.title else None
    if spans:
        # the first span is where the title was read; later ones are the body repeating it
        a, b = spans[0]
        return text[a:b] if 0 <= a < b <= len(text) else ""
    if not title_words:
        return ""
    wanted = set(title_words)
    best, best_hits = "", 0
    # the title is one of the first short lines (a header), or it is not in the text
    for line in text[:1500].split("\n", 6)[:6]:
        if len(line) > 200:
            continue
        hits = len(wanted & set(words(line)))
        if hits > best_hits:
            best, best_hits = line, hits
    return best if best_hits * 2 >= len(wanted) else ""


def _stated(rec: Record, text: str) -> dict[str, int]:
    out = {}
    for name, path in _STATED:
        spans = rec.evidence.get(path)
        if spans and 0 <= spans[0][0] < len(text):
            h = sentence_hash(sentence_at(text, spans[0][0]))
            if h is not None:
                out[name] = h
    return out


def _completeness(rec: Record) -> float:
    filled = sum(x is not None and x != [] for x in (
        rec.title, rec.employer.name, rec.locations, rec.contract.type, rec.salary.min,
        rec.salary.max, rec.dates.posted, rec.working_time.type, rec.experience.min_years,
        rec.education.min_eqf_level, rec.remote.policy, rec.languages, rec.apply.emails or None,
    ))
    # a longer text breaks ties: the fuller copy of the same ad is the better one to show
    return filled + min(len(rec.text), 50_000) / 100_000


def fingerprint(rec: Record, cfg: DedupConfig = DEFAULT_DEDUP, *, first_seen: str | None = None,
                last_seen: str | None = None, board: str | None = None) -> Fingerprint:
    """The fingerprint of one parsed record (pure: depends on nothing else)."""
    text = rec.text or ""
    lang = rec.language
    title_text = rec.title or _first_line(text)
    title_words = content_words(title_text)
    title_words = list(dict.fromkeys(title_words))
    title_hashes = {stem_hash(w, lang) for w in title_words}
    th = hash_text(text, lang, cfg.shingle_words, frozenset(title_hashes), sentences=True)
    # occurrences in the body: the line the title was read from does not count
    line = _title_line(rec, text, title_words)
    own: dict[int, int] = {}
    for w in content_words(line):
        h = stem_hash(w, lang)
        own[h] = own.get(h, 0) + 1
    supported = tuple(w for w in title_words
                      if th.stem_counts.get(stem_hash(w, lang), 0) - own.get(stem_hash(w, lang), 0) > 0)
    places = tuple(dict.fromkeys(p for p in (normalize_place(loc.city) for loc in rec.locations) if p))
    s = rec.salary
    lo = s.annual_min if s.annual_min is not None else s.annual_max
    hi = s.annual_max if s.annual_max is not None else s.annual_min
    plo = s.min if s.min is not None else s.max
    phi = s.max if s.max is not None else s.min
    seen = rec.dates.posted
    return Fingerprint(
        id=rec.id, uri=rec.source.uri, board=board or board_of(rec.source.uri),
        first_seen=first_seen or seen, last_seen=last_seen or first_seen or seen, lang=lang,
        completeness=_completeness(rec), shingles=th.shingles, n_shingles=len(th.shingles),
        stems=th.stems, title=tuple(title_words), title_supported=supported,
        employer=tuple(dict.fromkeys(content_words(rec.employer.name, employer_noise()))),
        places=places, contract=rec.contract.type,
        salary=(float(lo), float(hi)) if lo is not None and hi is not None else None,
        pay=(s.period, float(plo), float(phi)) if s.period and plo is not None and phi is not None else None,
        experience=rec.experience.min_years,
        sentences=th.sentences, stated=_stated(rec, text),
    )


_SIZES = "<IIIIiI"
_SCALARS = ("id", "uri", "board", "first_seen", "last_seen", "lang", "completeness", "n_shingles",
            "title", "title_supported", "employer", "places", "contract", "salary", "pay", "experience",
            "stated")


def to_bytes(fp: Fingerprint) -> bytes:
    """A compact binary form (for storage and for shipping between processes)."""
    head = json.dumps([getattr(fp, k) for k in _SCALARS], separators=(",", ":")).encode("utf-8")
    bands = fp.bands if fp.bands is not None else np.zeros(0, np.uint64)
    weights = fp.weights if fp.weights is not None else np.zeros(0, np.float32)
    sizes = struct.pack(_SIZES, len(head), len(fp.shingles), len(fp.stems), len(bands),
                        -1 if fp.bands is None else 0, len(weights))
    # the sentences trail the older layout, so fingerprints stored before them still read
    return (sizes + head + fp.shingles.astype("<u4").tobytes() + fp.stems.astype("<u4").tobytes()
            + bands.astype("<u8").tobytes() + weights.astype("<f4").tobytes()
            + struct.pack("<I", len(fp.sentences)) + fp.sentences.astype("<u4").tobytes())


def from_bytes(data: bytes) -> Fingerprint:
    """Read back :func:`to_bytes`."""
    nh, ns, nt, nb, unsigned, nw = struct.unpack_from(_SIZES, data)
    pos = struct.calcsize(_SIZES)
    values = json.loads(data[pos:pos + nh])
    pos += nh
    shingles = np.frombuffer(data, "<u4", ns, pos).astype(np.uint32)
    pos += 4 * ns
    stems = np.frombuffer(data, "<u4", nt, pos).astype(np.uint32)
    pos += 4 * nt
    bands = np.frombuffer(data, "<u8", nb, pos).astype(np.uint64)
    pos += 8 * nb
    weights = np.frombuffer(data, "<f4", nw, pos).astype(np.float32) if nw else None
    pos += 4 * nw
    sentences = np.zeros(0, np.uint32)
    if len(data) >= pos + 4:
        (nsent,) = struct.unpack_from("<I", data, pos)
        sentences = np.frombuffer(data, "<u4", nsent, pos + 4).astype(np.uint32)
    fp = Fingerprint(**dict(zip(_SCALARS, values)))
    for k in ("title", "title_supported", "employer", "places"):
        setattr(fp, k, tuple(getattr(fp, k)))
    if fp.salary is not None:
        fp.salary = (float(fp.salary[0]), float(fp.salary[1]))
    if fp.pay is not None:
        fp.pay = (str(fp.pay[0]), float(fp.pay[1]), float(fp.pay[2]))
    fp.shingles, fp.stems = shingles, stems
    fp.bands = None if unsigned < 0 else bands
    fp.weights = weights
    fp.sentences = sentences
    fp.stated = {k: int(v) for k, v in (fp.stated or {}).items()}
    return fp
