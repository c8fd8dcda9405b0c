"""Are two postings one vacancy? Documented rules over text similarity and record fields.

Same vacancy: one position at one employer (or agency client) in one place, whatever the
board, the date or the wording of the intro. Merging two different jobs hides a job from a
seeker, so the rules put precision first: every conflict rule can only say "different",
and "same" needs the specific text (or, for reworded copies, the text and the fields) to
agree. The rules, in the order they are tried (the first that fires decides):

==========================  ===============================================================
rule                        fires when
==========================  ===============================================================
``conflict.place``          both name cities and none is in common after normalisation
                            (the same ad for Miramas and for Istres), or each names a
                            city of its own that the other never mentions (a city in
                            common can be a head office the text names in passing)
``conflict.title``          one title has a word that its own description uses too and
                            that the other posting never uses, and the other title has a
                            word of its own that its description uses (Unix vs Windows
                            admin from one template); a board's generic title, which the
                            description does not use, does not count
``conflict.contract``       contract types differ (CDD and interim count as one)
``conflict.salary``         the yearly salary ranges (else the ranges stated for the same
                            period, such as hourly pay) are apart by more than ``salary_gap``
``conflict.experience``     minimum years differ by ``experience_gap`` years and by half
                            (these three only when neither posting has the sentence the
                            other read its value from: a posting that says both values,
                            such as a board's header over the employer's text, is not
                            another job)
``same.near_copy``          containment of the specific text >= ``near_copy``
``conflict.employer``       both name an employer, with no word in common, and neither
                            posting mentions the other's employer
``same.similar``            containment >= ``similar``, the titles agree (half their
                            words in common), and the employer or the city agree
``same.fields``             containment >= ``blocked_similar`` and title, employer and city
                            all agree (a reworded repost found by the blocking key)
``different.text``          otherwise
==========================  ===============================================================

*Specific* text: each shingle weighs ``min(1, common_df / df)``, where ``df`` is the number of
postings that contain it, so an employer's boilerplate counts for little once the employer
has posted more than ``common_df`` ads. *Containment* is the weight shared by the two
postings over the weight of the smaller one: an excerpt of an ad is contained in the full ad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import DEFAULT_DEDUP, DedupConfig
from .docfreq import DocFreq
from .fingerprint import Fingerprint
from .lsh import weights_of

_CONTRACT_GROUPS = {"fixed_term": "short", "temporary": "short"}
_MIN_TEXT = 8.0
"""Below this many specific shingles a text is too short for its similarity to mean much."""


@dataclass(frozen=True, slots=True)
class Similarity:
    """Text similarity of two postings over their specific shingles."""

    jaccard: float
    """Weighted Jaccard of the specific shingles."""
    containment: float
    """Shared weight over the weight of the smaller posting."""
    raw_jaccard: float
    """Unweighted Jaccard of all shingles (for reports)."""
    smaller: float
    """Specific weight of the smaller posting (how much text the numbers rest on)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one pair, the rule that gave it and the numbers it rested on."""

    same: bool
    rule: str
    detail: str
    similarity: Similarity

    def to_dict(self) -> dict:
        """A JSON-ready view (numbers rounded)."""
        s = self.similarity
        return {"same": self.same, "rule": self.rule, "detail": self.detail,
                "jaccard": round(s.jaccard, 3), "containment": round(s.containment, 3),
                "raw_jaccard": round(s.raw_jaccard, 3)}


def _sketch_limit(fp: Fingerprint) -> int:
    # a truncated bottom-k sketch is complete only below its largest kept hash
    if fp.n_shingles > len(fp.shingles) and len(fp.shingles):
        return int(fp.shingles[-1])
    return 1 << 32


def similarity(a: Fingerprint, b: Fingerprint, df: DocFreq | None = None,
               cfg: DedupConfig = DEFAULT_DEDUP) -> Similarity:
    """Weighted Jaccard and containment of the specific shingles of two postings.

    Shingle weights come from ``df`` when given (current frequencies), else from the
    weights the fingerprints were signed with, else every shingle weighs 1.
    """
    limit = min(_sketch_limit(a), _sketch_limit(b))
    ka = len(a.shingles) if limit >= (1 << 32) else int(np.searchsorted(a.shingles, limit, side="right"))
    kb = len(b.shingles) if limit >= (1 << 32) else int(np.searchsorted(b.shingles, limit, side="right"))
    sa, sb = a.shingles[:ka], b.shingles[:kb]
    if ka == 0 or kb == 0:
        return Similarity(0.0, 0.0, 0.0, 0.0)
    inter, ia, ib = np.intersect1d(sa, sb, assume_unique=True, return_indices=True)
    raw = len(inter) / (ka + kb - len(inter))
    if df is not None:
        va = weights_of(df.count(sa), cfg)
        vb = weights_of(df.count(sb), cfg)
    elif a.weights is not None and b.weights is not None:
        va, vb = a.weights[:ka], b.weights[:kb]
    else:
        va = vb = None
    if va is None or vb is None:
        wa, wb, wi = float(ka), float(kb), float(len(inter))
    else:
        # a shared shingle weighs the same on both sides; take the larger count (smaller weight)
        wa, wb = float(va.sum()), float(vb.sum())
        wi = float(np.minimum(va[ia], vb[ib]).sum())
    union = wa + wb - wi
    small = min(wa, wb)
    # a sketch keeps a sample of a long text: scale the smaller side back to whole-text size
    scale = min(a.n_shingles, b.n_shingles) / max(1, min(ka, kb))
    return Similarity(wi / union if union > 0 else 0.0, wi / small if small > 0 else 0.0,
                      raw, small * max(1.0, scale))


def _same_place(x: str, y: str) -> bool:
    wx, wy = set(x.split()), set(y.split())
    return wx <= wy or wy <= wx


def _place_conflict(a: Fingerprint, b: Fingerprint) -> str | None:
    if not a.places or not b.places:
        return None
    own_a = [p for p in a.places if not any(_same_place(p, q) for q in b.places)]
    if len(own_a) == len(a.places):
        return f"cities differ: {', '.join(a.places)} vs {', '.join(b.places)}"
    # a city in common can be one the text names in passing (a head office, a client's
    # site): still two places when each names a city of its own that the other never mentions
    own_a = [p for p in own_a if not b.mentions(p.split())]
    own_b = [p for p in b.places if not any(_same_place(p, q) for q in a.places) and not a.mentions(p.split())]
    if own_a and own_b:
        return f"cities differ: {', '.join(own_a)} vs {', '.join(own_b)}"
    return None


def _title_conflict(a: Fingerprint, b: Fingerprint) -> str | None:
    # strong: a title word that its own description uses and the other posting never does;
    # weak: a title word that its own description uses and the other title lacks
    strong_a = [w for w in a.title_supported if not b.mentions([w])]
    strong_b = [w for w in b.title_supported if not a.mentions([w])]
    if not strong_a and not strong_b:
        return None
    weak_a = [w for w in a.title_supported if w not in b.title]
    weak_b = [w for w in b.title_supported if w not in a.title]
    if (strong_a and weak_b) or (strong_b and weak_a):
        return f"titles name different things: {' '.join(weak_a)} vs {' '.join(weak_b)}"
    return None


def _said_by_both(a: Fingerprint, b: Fingerprint, name: str) -> bool:
    # one posting has the very sentence the other read its value from: it says both
    # values (a board's header over the employer's text), so they are not two jobs
    return a.says(b.stated.get(name)) or b.says(a.stated.get(name))


def _contract_conflict(a: Fingerprint, b: Fingerprint) -> str | None:
    if a.contract and b.contract and a.contract != b.contract and not _said_by_both(a, b, "contract"):
        if _CONTRACT_GROUPS.get(a.contract, a.contract) != _CONTRACT_GROUPS.get(b.contract, b.contract):
            return f"contracts differ: {a.contract} vs {b.contract}"
    return None


def _salary_conflict(a: Fingerprint, b: Fingerprint, cfg: DedupConfig) -> str | None:
    if a.salary is not None and b.salary is not None:
        (alo, ahi), (blo, bhi), unit = a.salary, b.salary, "a year"
    elif a.pay is not None and b.pay is not None and a.pay[0] == b.pay[0]:
        (unit, alo, ahi), (_, blo, bhi) = a.pay, b.pay
        unit = f"a {unit}"
    else:
        return None
    gap = max(alo, blo) - min(ahi, bhi)
    top = max(ahi, bhi)
    if top > 0 and gap > cfg.salary_gap * top and not _said_by_both(a, b, "salary"):
        return f"salaries apart: {alo:g}-{ahi:g} vs {blo:g}-{bhi:g} {unit}"
    return None


def _experience_conflict(a: Fingerprint, b: Fingerprint, cfg: DedupConfig) -> str | None:
    if a.experience is None or b.experience is None:
        return None
    lo, hi = sorted((a.experience, b.experience))
    if hi - lo >= cfg.experience_gap and hi >= 1.5 * lo and not _said_by_both(a, b, "experience"):
        return f"experience differs: {a.experience:g} vs {b.experience:g} years"
    return None


def _employer_conflict(a: Fingerprint, b: Fingerprint) -> str | None:
    if not a.employer or not b.employer or set(a.employer) & set(b.employer):
        return None
    # an agency's copy names the client, or the client's ad the agency
    if a.mentions(list(b.employer)) or b.mentions(list(a.employer)):
        return None
    return f"employers differ: {' '.join(a.employer)} vs {' '.join(b.employer)}"


def _agree(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    return bool(x) and bool(y) and bool(set(x) & set(y))


def _titles_agree(a: Fingerprint, b: Fingerprint) -> bool:
    if not a.title or not b.title:
        return False
    sa, sb = set(a.title), set(b.title)
    return len(sa & sb) / len(sa | sb) >= 0.5


def decide(a: Fingerprint, b: Fingerprint, df: DocFreq | None = None,
           cfg: DedupConfig = DEFAULT_DEDUP) -> Decision:
    """Whether two postings are the same vacancy, with the rule that decided (pure)."""
    sim = similarity(a, b, df, cfg)
    for rule, check in (
        ("conflict.place", lambda: _place_conflict(a, b)),
        ("conflict.title", lambda: _title_conflict(a, b)),
        ("conflict.contract", lambda: _contract_conflict(a, b)),
        ("conflict.salary", lambda: _salary_conflict(a, b, cfg)),
        ("conflict.experience", lambda: _experience_conflict(a, b, cfg)),
    ):
        why = check()
        if why:
            return Decision(False, rule, why, sim)
    enough_text = sim.smaller >= _MIN_TEXT
    if enough_text and sim.containment >= cfg.near_copy:
        return Decision(True, "same.near_copy", f"containment {sim.containment:.2f}", sim)
    why = _employer_conflict(a, b)
    if why:
        return Decision(False, "conflict.employer", why, sim)
    place_ok = _agree(a.places, b.places)
    employer_ok = _agree(a.employer, b.employer)
    if enough_text and sim.containment >= cfg.similar and _titles_agree(a, b) and (place_ok or employer_ok):
        return Decision(True, "same.similar", f"containment {sim.containment:.2f}, fields agree", sim)
    if sim.containment >= cfg.blocked_similar and _titles_agree(a, b) and place_ok and employer_ok:
        return Decision(True, "same.fields", f"title, employer and city agree, containment {sim.containment:.2f}", sim)
    return Decision(False, "different.text", f"containment {sim.containment:.2f}", sim)
