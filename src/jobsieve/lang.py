"""Language of a posting (ISO 639-1), with py3langid."""

from __future__ import annotations

from functools import lru_cache

_SAMPLE = 3000


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)


def detect_language(text: str) -> str | None:
    """The main language of ``text``, or ``None`` when there is too little text."""
    sample = text[:_SAMPLE] if len(text) <= 2 * _SAMPLE else text[len(text) // 4: len(text) // 4 + _SAMPLE]
    if len(sample.strip()) < 20:
        return None
    code, _ = _identifier().classify(sample)
    return code
