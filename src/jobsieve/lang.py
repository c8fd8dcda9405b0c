"""Language of a posting (ISO 639-1).

French and English, the languages this project reads, are told apart by their function
words (``vocab/<lang>/lang.yaml``: "les", "vous", "pour" against "the", "you", "for")
counted on a sample taken across the text, so that a board header in another language
does not decide. When neither shows enough of its function words, py3langid (restricted
to languages with an ISO 639-1 code) classifies a sample of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from . import vocab

# Windows of the text read for the decision; their positions skip the board header.
_WINDOW = 1000
_ID_SAMPLE = 700
# A language is recognised when its function words make this share of the words and enough
# different ones occur (a single shared word such as "la" says little).
_MIN_SHARE = 0.08
_MIN_TYPES = 5
_NON_LATIN = re.compile("[\u0370-\u1fff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff]")


def _sample(text: str) -> str:
    """Up to three windows spread over the text (all of it when it is short)."""
    n = len(text)
    if n <= 3 * _WINDOW:
        return text
    return " ".join(text[c - _WINDOW // 2:c + _WINDOW // 2] for c in (n // 6, n // 2, 5 * n // 6))


@lru_cache(maxsize=None)
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(str(w) for w in vocab.load(lang, "lang").get("function_words", []))


def _counts(text: str) -> tuple[int, int, int, int, int]:
    """Words, French function words (hits, types), English function words (hits, types)."""
    words = text.lower().split()
    counts = Counter(words)
    fr = [counts[w] for w in counts.keys() & _function_words("fr")]
    en = [counts[w] for w in counts.keys() & _function_words("en")]
    return len(words), sum(fr), len(fr), sum(en), len(en)


def stopword_language(text: str, *, min_words: int = 3) -> str | None:
    """``fr`` or ``en`` when ``text`` shows more function words of one of them, else None."""
    _, fr, _, en, _ = _counts(text)
    if max(fr, en) < min_words or fr == en:
        return None
    return "fr" if fr > en else "en"


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    ident = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    # The record wants ISO 639-1 codes: leave out the model's three-letter languages (its
    # Wu and Cantonese classes would otherwise win over Chinese on short samples).
    ident.set_languages(sorted({c for c in ident.nb_classes if len(c) == 2}))
    return ident


def _non_latin_below(sample: str, limit: int) -> bool:
    """Whether ``sample`` holds fewer than ``limit`` characters of other scripts."""
    # Those characters are all wider than one byte: when even those are too few, no need
    # to look for the scripts one by one.
    wide = len(sample) - len(sample.encode("latin-1", "ignore"))
    return wide < limit or len(_NON_LATIN.findall(sample)) < limit


def detect_language(text: str) -> str | None:
    """The main language of ``text`` as an ISO 639-1 code, or ``None`` with too little text."""
    sample = _sample(text)
    words, fr, fr_types, en, en_types = _counts(sample)
    best, best_types = ("fr", fr_types) if fr > en else ("en", en_types)
    hits = max(fr, en)
    if words and hits / words >= _MIN_SHARE and best_types >= _MIN_TYPES:
        # Text in another script (a translation below the posting) does not count as words.
        if _non_latin_below(sample, len(sample) // 2):
            return best
    letters = sum(1 for c in sample[:400] if c.isalpha())
    if letters < 20:
        return None
    mid = len(text) // 2
    chunk = text[max(0, mid - _ID_SAMPLE // 2):mid + _ID_SAMPLE // 2]
    code, _ = _identifier().classify(chunk)
    return code
