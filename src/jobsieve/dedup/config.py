"""One frozen configuration object for near-duplicate detection."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Sizes of the signatures and the thresholds of the decision rules.

    Changing a signature size (``shingle_words``, ``num_perm``, ``bands``, ``seed``,
    ``sketch_size``) changes every stored fingerprint: an index built with one config must
    be read with the same one (it is saved with the index and checked on load).
    """

    shingle_words: int = 5
    """Words per shingle: five-word windows match copied sentences, not shared phrases."""
    num_perm: int = 128
    """MinHash permutations (datasketch ``affine32`` scheme)."""
    bands: int = 32
    """LSH bands of ``num_perm // bands`` rows: pairs above ~0.4 Jaccard become candidates."""
    seed: int = 1
    """Seed of the MinHash permutations: fixed, so results are reproducible."""
    sketch_size: int = 512
    """Shingle hashes kept per posting for the decision (the smallest ones: a bottom-k sketch)."""
    common_df: int = 20
    """A shingle found in more postings than this is boilerplate (an employer's or a
    board's template): left out of the LSH signature and weighted down in the decision."""
    min_specific: int = 12
    """When a posting has fewer specific shingles than this, its rarest ones sign it."""
    df_slots_log2: int = 24
    """Size of each row of the document-frequency count-min sketch (2 rows of uint16)."""
    max_bucket: int = 40
    """An LSH or blocking bucket larger than this is compared as a sliding window of this
    many neighbours, so that no bucket costs quadratic time."""

    # Decision thresholds (see docs/dedup.md for why each is where it is).
    near_copy: float = 0.80
    """Containment of the specific text above which two postings are copies of one text."""
    similar: float = 0.60
    """Containment above which postings whose titles agree, and employer or city too, are the same."""
    blocked_similar: float = 0.30
    """Containment that suffices when every field agrees and both postings name them all."""
    salary_gap: float = 0.10
    """Two salary ranges conflict when the gap between them exceeds this share of the larger."""
    experience_gap: float = 2.0
    """Minimum years of experience that differ by at least this much (and by half) conflict."""

    @property
    def rows(self) -> int:
        """Rows per LSH band."""
        return self.num_perm // self.bands

    def signature_params(self) -> dict[str, int]:
        """The values that must match between a saved index and the config reading it."""
        return {"shingle_words": self.shingle_words, "num_perm": self.num_perm,
                "bands": self.bands, "seed": self.seed, "sketch_size": self.sketch_size,
                "df_slots_log2": self.df_slots_log2}


DEFAULT_DEDUP = DedupConfig()
