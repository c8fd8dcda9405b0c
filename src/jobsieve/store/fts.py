"""Search text for FTS5: accent and case folding, Snowball stemming, and the query language.

SQLite's FTS5 folds accents (``unicode61 remove_diacritics 2``) but has no French
stemmer, so the store indexes a copy of each posting's text in which every word is
already lower-cased, stemmed with the Snowball stemmer of the posting's language and
accent-folded. Query words go through the same steps, so "Référents", "référent" and
"referent" all meet on ``referent``.

Words are stemmed *before* folding: Snowball's French rules read accents ("chargée" and
"chargé" share a stem only when the accents are still there).

The user's query language (documented in ``docs/store.md``)::

    word            every word must appear (stemmed: "projets" finds "projet")
    "two words"     a phrase
    dévelop*        a prefix (not stemmed)
    -word, -"a b"   must not appear
    a OR b          either side (binds tighter than the implicit AND; AND may be written)

It is translated into FTS5 syntax here, with every term quoted, so that user input can
never reach FTS5 as an operator; mistakes raise :class:`QueryError` with a message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

STEMMER_LANGS = {"fr": "french", "en": "english"}
"""Record languages with a stemmer; other languages are folded but not stemmed."""

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
MIN_PREFIX = 3
"""Letters a prefix needs: shorter ones stand for a large part of the vocabulary, and the
index keeps ready-made lists for prefixes of 3 and 4 letters only (``prefix='3 4'``)."""

_WORD = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Letters NFKD does not decompose into a base letter plus marks.
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")


class QueryError(ValueError):
    """A search query that cannot be run; the message says what is wrong and where."""


def fold(text: str) -> str:
    """Lower-case and strip accents: ``"Référent Œuvre"`` -> ``"referent oeuvre"``."""
    return _fold_lower(text.lower())


def _fold_lower(text: str) -> str:
    if text.isascii():
        return text
    # (str.translate with a dict is slow on long texts; most texts have no ligature at all.)
    if _LIGATURE.search(text):
        text = _LIGATURE.sub(lambda m: _LIGATURES[m.group()], text)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    algo = STEMMER_LANGS.get(lang)
    if algo is None:
        return None
    # PyStemmer keeps its own word cache; a larger one pays off on job vocabulary.
    return Stemmer.Stemmer(algo, 50_000)


def index_text(text: str | None, lang: str | None) -> str:
    """The searchable form of ``text``: its words stemmed in ``lang``, folded, space-joined.

    >>> index_text("Chargée de projets, référente", "fr")
    'charg de projet referent'
    """
    if not text:
        return ""
    words = _WORD.findall(text.lower())
    st = _stemmer(lang or "")
    if st is not None:
        words = st.stemWords(words)
    return _fold_lower(" ".join(words))


def query_stems(word: str, langs: tuple[str, ...]) -> list[str]:
    """The index forms a query word may take: one per language, duplicates dropped.

    A language without a stemmer (``""`` or one not in :data:`STEMMER_LANGS`) gives the
    folded word as it is, which is how postings in such languages are indexed.
    """
    low = word.lower()
    out: list[str] = []
    for lang in langs:
        st = _stemmer(lang)
        s = fold(st.stemWord(low) if st is not None else low)
        if s not in out:
            out.append(s)
    return out


# ---------------------------------------------------------------- query language

@dataclass(frozen=True, slots=True)
class Term:
    """One unit of a query: a word, a prefix or a phrase, possibly excluded."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    phrase: bool = False


_TOKEN = re.compile(r'\s+|(?P<neg>-)?"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<neg2>-)?(?P<word>[^\s"]+)|(?P<quote>")')


def _lex(query: str) -> list[Term | str]:
    """Terms and the ``OR`` keyword, in order; raises on unbalanced quotes."""
    items: list[Term | str] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None or m.group("quote"):
            raise QueryError(f"unbalanced double quote at character {pos + 1}: close the phrase with \"")
        pos = m.end()
        if m.group("phrase") is not None:
            words = tuple(_WORD.findall(m.group("phrase")))
            if not words:
                raise QueryError(f"empty phrase \"{m.group('phrase')}\" at character {m.start() + 1}")
            if m.group("pstar"):
                _check_prefix(words[-1], m.group(0), m.start())
            items.append(Term(words, prefix=bool(m.group("pstar")), negated=bool(m.group("neg")), phrase=True))
        elif m.group("word") is not None:
            raw = m.group("word")
            if raw == "OR":
                items.append("OR")
                continue
            if raw == "AND":  # words are AND-ed anyway; people type it out of habit
                continue
            prefix = raw.endswith("*")
            words = tuple(_WORD.findall(raw))
            if not words:
                if raw.strip("*") == "":
                    raise QueryError(f"'{raw}' at character {m.start() + 1}: a prefix needs letters before *")
                continue  # punctuation only ("&", "/"): nothing to search for
            if prefix:
                _check_prefix(words[-1], raw, m.start())
            if len(words) > 1:
                # "c++/java", "l'équipe": several words written together behave as a phrase.
                items.append(Term(words, prefix=prefix, negated=bool(m.group("neg2")), phrase=True))
            else:
                items.append(Term(words, prefix=prefix, negated=bool(m.group("neg2"))))
    return items


def _check_prefix(word: str, raw: str, start: int) -> None:
    if len(fold(word)) < MIN_PREFIX:
        raise QueryError(f"'{raw}' at character {start + 1}: a prefix needs at least {MIN_PREFIX} letters before *")


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _term_fts(t: Term, langs: tuple[str, ...]) -> str:
    """One term as FTS5: each language's stems OR-ed, every string quoted."""
    variants: list[str] = []
    for lang in langs:
        if t.prefix:
            # A prefix is not stemmed (stemming "dévelop" would cut it further), only folded;
            # the last word of a phrase carries the star.
            words = [*(query_stems(w, (lang,))[0] for w in t.words[:-1]), fold(t.words[-1])]
        else:
            words = [query_stems(w, (lang,))[0] for w in t.words]
        v = _quote(" ".join(words)) + ("*" if t.prefix else "")
        if v not in variants:
            variants.append(v)
    return variants[0] if len(variants) == 1 else "(" + " OR ".join(variants) + ")"


DEFAULT_LANGS = ("fr", "en", "")
"""Query words are looked up as French stems, English stems and as written (postings in
other languages are indexed unstemmed)."""


def to_fts(query: str, langs: tuple[str, ...] = DEFAULT_LANGS) -> str:
    """Translate the user's query into an FTS5 expression (the forms of ``langs`` OR-ed).

    >>> to_fts('"chef de projet" -stage', ("fr",))
    '"chef de projet" NOT "stag"'
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    items = _lex(query)
    # Group into AND-ed clauses, each a list of OR-ed terms.
    clauses: list[list[Term]] = []
    pending_or = False
    for it in items:
        if it == "OR":
            if not clauses or pending_or:
                raise QueryError("OR needs a term on each side")
            pending_or = True
            continue
        assert isinstance(it, Term)
        if pending_or:
            if it.negated or any(t.negated for t in clauses[-1]):
                raise QueryError("an excluded term (-word) cannot be one side of OR")
            clauses[-1].append(it)
            pending_or = False
        else:
            clauses.append([it])
    if pending_or:
        raise QueryError("OR needs a term on each side")
    n_terms = sum(len(c) for c in clauses)
    if n_terms > MAX_QUERY_TERMS:
        raise QueryError(f"query has {n_terms} terms; the limit is {MAX_QUERY_TERMS}")
    positive = [c for c in clauses if not c[0].negated]
    negative = [c[0] for c in clauses if c[0].negated]
    if not positive:
        if negative:
            raise QueryError("a query needs at least one term that is not excluded with -")
        raise QueryError("query has no words to search for")

    def clause_fts(c: list[Term]) -> str:
        parts = [_term_fts(t, langs) for t in c]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    expr = " AND ".join(clause_fts(c) for c in positive)
    if negative:
        neg = [_term_fts(t, langs) for t in negative]
        expr = (f"({expr})" if len(positive) > 1 else expr) + " NOT " + (
            neg[0] if len(neg) == 1 else "(" + " OR ".join(neg) + ")")
    return expr
