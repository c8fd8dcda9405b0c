"""Text features for near-duplicate detection: folded words, shingles, stems.

Everything here is a pure function of a posting's text (and language), so it can run in any
process. Words are hashed to 32-bit integers once per distinct word (a bounded cache), and
word n-gram shingles are combined from those hashes with numpy, so a 10 KB posting costs
about a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import vocab

_WORD = re.compile(r"[^\W_]+", re.ASCII)
_TOKEN = re.compile(r"[^\W_]+|\n", re.ASCII)
# A sentence ends at a line break or at sentence punctuation before a space: boards reflow
# an ad's lines (a paragraph becomes lines, a list a paragraph) but keep its sentences, so
# sentences compare across copies where lines would not.
_BREAK = re.compile(r"[.!?;:\u2026]\s|\n")
_DIGITS = re.compile(r"\d+")
# Characters that NFKD leaves alone but that boards swap freely (typographic quotes and
# dashes): mapped to their ASCII form first so that "Corporate’s" and "Corporate's" agree.
# (A few str.replace calls: str.translate with a dict is several times slower.)
_PRE = (("’", "'"), ("‘", "'"), ("´", "'"), ("œ", "oe"), ("æ", "ae"), ("ß", "ss"),
        ("–", "-"), ("—", "-"), ("«", '"'), ("»", '"'), ("…", "..."))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CACHE_MAX = 400_000

NUMBER = "0"
MONTH = "#m"


def fold(text: str) -> str:
    """Lower case, accents and non-ASCII symbols removed (word boundaries kept).

    >>> fold("Île-de-France – Cœur")
    'ile-de-france - coeur'
    """
    text = text.lower()
    if text.isascii():
        return text
    for ch, rep in _PRE:
        if ch in text:
            text = text.replace(ch, rep)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; punctuation splits)."""
    return _WORD.findall(fold(text))


def _unique(a: np.ndarray) -> np.ndarray:
    # sort-based: faster than np.unique's hash table on arrays of a few thousand
    if len(a) < 2:
        return a.copy()
    s = np.sort(a)
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


@lru_cache(maxsize=1)
def _vocab() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[tuple[str, str], ...]]:
    data = vocab.merged("dedup")
    fem = tuple(tuple(x.split(">", 1)) for x in data.get("feminine_endings", []))
    return (frozenset(data.get("stopwords", [])), frozenset(data.get("employer_noise", [])),
            frozenset(data.get("months", [])), fem)  # type: ignore[return-value]


def stopwords() -> frozenset[str]:
    """Folded words that say nothing about which job a posting is about."""
    return _vocab()[0]


def employer_noise() -> frozenset[str]:
    """Folded legal forms and generic words of employer names."""
    return _vocab()[1]


def _h32(s: str) -> int:
    return zlib.crc32(s.encode("ascii", "ignore"))


class _WordCache(dict):
    """Word -> shingle-token hash (high 32 bits) and stem hash (low 32 bits).

    A dict whose misses compute the value, so a text's words are looked up by one
    ``map`` at C speed; words with digits are not kept (references and dates would fill it).
    """

    def __init__(self, owner: _Stems) -> None:
        super().__init__()
        self.owner = owner

    def __missing__(self, word: str) -> int:
        if len(self) > _CACHE_MAX:
            self.clear()
        if not word.isalpha():
            # every number is one token "0": a repost with new dates or a new reference
            # keeps its shingles
            norm = _DIGITS.sub(NUMBER, word)
            got = self[word] = (_h32(norm) << 32) | _h32(norm)
            return got
        token = MONTH if word in _vocab()[2] else word
        got = self[word] = (_h32(token) << 32) | _h32(self.owner.stem(word))
        return got


class _Stems:
    """The stemmer of one language and its word cache."""

    def __init__(self, lang: str) -> None:
        import Stemmer

        self.lang = lang
        self.stemmer = Stemmer.Stemmer("english" if lang == "en" else "french")
        self.cache = _WordCache(self)

    def stem(self, word: str) -> str:
        """Masculine form (French job titles) then Snowball stem."""
        if self.lang != "en":
            for end, rep in _vocab()[3]:
                if word.endswith(end) and len(word) > len(end) + 2:
                    word = word[: -len(end)] + rep
                    break
        return self.stemmer.stemWord(word)

    def pair(self, word: str) -> int:
        """Shingle-token hash (high 32 bits) and stem hash (low 32 bits) of a folded word."""
        return self.cache[word]


_STEMS: dict[str, _Stems] = {}


def _stems(lang: str | None) -> _Stems:
    key = "en" if lang == "en" else "fr"
    s = _STEMS.get(key)
    if s is None:
        s = _STEMS[key] = _Stems(key)
    return s


def stem(word: str, lang: str | None) -> str:
    """The comparison form of one folded word (feminine endings, then Snowball stem)."""
    return _stems(lang).stem(word)


def stem_hash(word: str, lang: str | None) -> int:
    """32-bit hash of the comparison form of one folded word."""
    return _stems(lang).pair(word) & 0xFFFFFFFF


@dataclass(slots=True)
class TextHashes:
    """Hashes of one text: its shingles and the stems of its words."""

    shingles: np.ndarray
    """Sorted unique uint32 hashes of word n-grams (numbers and month names normalised)."""
    stems: np.ndarray
    """Sorted unique uint32 hashes of the stems of every word (for "does B mention x")."""
    stem_counts: dict[int, int]
    """Occurrences of each stem hash, only for the stems asked for (see ``hash_text``)."""
    sentences: np.ndarray | None = None
    """Sorted unique uint32 hashes of the sentences (see :func:`sentence_hash`), when asked for."""


def shingle_hashes(token_hashes: np.ndarray, n: int) -> np.ndarray:
    """Sorted unique uint32 hashes of the ``n``-word windows of a token-hash sequence."""
    h = token_hashes.astype(np.uint64)
    if len(h) == 0:
        return np.zeros(0, np.uint32)
    if len(h) < n:  # a very short text is one shingle
        n = len(h)
    m = len(h) - n + 1
    acc = h[:m].copy()
    for j in range(1, n):
        acc *= _MIX
        acc += h[j:m + j]
    # 64-bit finaliser so that the low 32 bits depend on every word of the window
    acc ^= acc >> np.uint64(31)
    acc *= np.uint64(0xBF58476D1CE4E5B9)
    acc ^= acc >> np.uint64(29)
    return _unique((acc >> np.uint64(32)).astype(np.uint32))


def hash_text(text: str, lang: str | None, n: int, count: frozenset[int] = frozenset(),
              sentences: bool = False) -> TextHashes:
    """Shingle and stem hashes of ``text``; occurrences are counted for the stems in ``count``.

    With ``sentences``, the hashes of its sentences too (one pass over the text for both).
    """
    sent = None
    if sentences:
        # sentence ends become line breaks, which separate words as punctuation did
        joined = " ".join(_TOKEN.findall(fold(_BREAK.sub("\n", text))))
        sent = _sentence_hashes(joined)
        ws = joined.split()  # the words alone: the markers are white space
    else:
        ws = _WORD.findall(fold(text))
    both = np.fromiter(map(_stems(lang).cache.__getitem__, ws), dtype=np.uint64, count=len(ws))
    stems = (both & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    counts: dict[int, int] = {}
    for h in count:
        c = int(np.count_nonzero(stems == np.uint32(h))) if len(stems) else 0
        if c:
            counts[h] = c
    return TextHashes(shingle_hashes(both >> np.uint64(32), n), _unique(stems), counts, sent)


def content_words(text: str | None, drop: frozenset[str] = frozenset()) -> list[str]:
    """Folded words of a short string (title, name), without stopwords, numbers and ``drop``."""
    if not text:
        return []
    sw = stopwords()
    return [w for w in words(text) if w not in sw and w not in drop and not w.isdigit() and len(w) > 1]



def _sentence_hashes(joined: str) -> np.ndarray:
    crc = zlib.crc32
    # between markers, " w1 w2 ... ": stripped, it is "w1 w2" as sentence_hash makes it
    out = [crc(p.encode("ascii")) for p in map(str.strip, joined.split("\n")) if p]
    return _unique(np.asarray(out, dtype=np.uint32))


def sentence_hash(text: str) -> int | None:
    """32-bit hash of the folded words of one sentence (digits kept), ``None`` without words."""
    ws = _WORD.findall(fold(text))
    return zlib.crc32(" ".join(ws).encode("ascii")) if ws else None


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` that holds offset ``pos`` (cut as ``hash_text`` cuts them)."""
    # no break crosses a line end, so the search starts at the line that holds pos
    start = text.rfind("\n", 0, max(0, pos)) + 1
    for m in _BREAK.finditer(text, start, max(0, pos + 1)):
        start = m.end()
    m = _BREAK.search(text, max(pos, start))
    return text[start:m.start() if m else len(text)]
