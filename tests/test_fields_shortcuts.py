"""Shortcuts of benefits, languages, apply, qualifiers, the resolver and the pipeline give
what the plain code gives (the plain versions are written out here)."""

from __future__ import annotations

import random
import re

import pytest

from jobsieve.doc import Candidate, Trace, make_doc
from jobsieve.extract import apply, benefits, education, languages, qualifiers
from jobsieve.match import lexicon
from jobsieve.pipeline import StageTimer, _nostage, parse_source
from jobsieve.readers import read_text
from jobsieve.resolve import STRONG, pick

TEXTS = [
    "",
    ".",
    "Mutuelle, Tickets Restaurant (valeur de 8€, prise en charge à 60%), CSE.",
    "We offer: health insurance. 401(k) matching!  Gym? yes\nRTT • 10 jours • Ticket resto",
    "Anglais : C1 - Arabe apprécié ; Espagnol souhaité. Nice to have: German",
    "İstanbul office. ſpanish a plus.Straße 5 — œuvre — café\u00a0: oui\n\nRequirements:\n• English",
    "Avantages : mutuelle gratuite | 25 jours de congés | prime de 13e mois·tickets\u2003repas",
    "Idéalement, anglais courant. Must have:\n- French (required)\n- Italian - a plus",
    "ANGLAIS EXIGÉ!ESPAGNOL?OUI.\r\nPortugais: notions.\tRusse… bienvenu",
    "x" * 310 + ". English required; " + "y" * 290 + "\nSpanish preferred",
    "Email jobs@example.org. Send your CV to hr@example.fr!Apply before 12/05. Ref: AB-12",
]


def _positions(text: str) -> list[tuple[int, int]]:
    n = len(text)
    starts = range(n + 1) if n < 120 else range(0, n + 1, 7)
    return [(s, e) for s in starts for e in (s, min(n, s + 1), min(n, s + 6))]


def _random_texts(alphabet: list[str], seed: int, count: int = 400) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        size = rnd.randint(0, 40) if i % 8 else rnd.randint(280, 650)
        out.append("".join(rnd.choice(alphabet) for _ in range(size)))
    return out


# -- benefits: a clause around a mention ---------------------------------------------------

_B_END = re.compile(r"[.!?](?=\s)|[•·▪●■◦|;\n]")
_B_LAST = re.compile(rf"(?s:.*)(?:{_B_END.pattern})")


def _plain_benefit_clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 300)
    cut = _B_LAST.match(text, lo, start)
    s = cut.end() if cut is not None else lo
    stop = _B_END.search(text, end, min(len(text), end + 300))
    return s, (stop.start() if stop else min(len(text), end + 300))


_ODD = list("ab .!?\n\t;|•·▪●■◦\u00a0\u2003\u2028xÉßİœ") + ["  ", "\r\n", ". "]


@pytest.mark.parametrize("text", TEXTS + _random_texts(_ODD, 1, 60))
def test_benefit_clause(text: str) -> None:
    for s, e in _positions(text):
        assert benefits._clause(text, s, e) == _plain_benefit_clause(text, s, e), (text, s, e)


# -- apply: the sentence around an address ---------------------------------------------------

_A_END = re.compile(r"[.!?](?=\s)|\n")
_A_LAST = re.compile(rf"(?s:.*)(?:{_A_END.pattern})")


def _plain_apply_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    m = _A_LAST.match(text, max(0, start - 300), start)
    lo = m.end() if m else 0
    m = _A_END.search(text, end, end + 300)
    return lo, (m.start() if m else min(len(text), end + 300))


@pytest.mark.parametrize("text", TEXTS + _random_texts(_ODD, 2, 60))
def test_apply_sentence(text: str) -> None:
    for s, e in _positions(text):
        assert apply._sentence(text, s, e) == _plain_apply_sentence(text, s, e), (text, s, e)


# -- education: the sentence around a diploma (finditer's last match, overlaps excluded) -------

_E_END = re.compile(r"[.;!?\n•·●]\s")


def _plain_education_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _E_END.finditer(text, max(0, start - 300), start):
        lo = m.end()
    m = _E_END.search(text, end, end + 300)
    return lo, (m.start() if m else min(len(text), end + 300))


@pytest.mark.parametrize("text", TEXTS + ["x\n\n\ny", "a.\n\n\n\nb", "!\u2028\n \n", "\n" * 7]
                         + _random_texts(_ODD + ["\n\n\n", "!\n\n", "•\n"], 6, 60))
def test_education_sentence(text: str) -> None:
    for s, e in _positions(text):
        assert education._sentence(text, s, e) == _plain_education_sentence(text, s, e), (text, s, e)


# -- qualifiers: clauses and the "no marker nearby" shortcut ----------------------------------

_Q_LAST = re.compile(rf"(?s:.*){qualifiers._CLAUSE_CHAR.pattern}")


def _plain_clause_start(text: str, start: int) -> int:
    floor = lo = max(0, start - 300)
    bound = start
    while bound > floor:
        m = _Q_LAST.match(text, floor, bound)
        if m is None:
            break
        i = m.end() - 1
        nxt = qualifiers._ends_clause(text, i)
        if 0 <= nxt <= start:
            return nxt
        bound = i
    return lo


_WORDS = ["Anglais", "apprécié", "souhaité", "exigé", "English", "required", "a plus", "un plus",
          "nice to have", "Nice to have:", "Les plus :", "Idéalement,", "Ideally,", "must", "preferred",
          "Bonus points if you have:", "and", "et", ",", ".", ";", " - ", ":", "\n", "\n\n", "•", "—",
          "İ", "ß", "œ", "\u00a0", "Requirements", "not required", "obligatoire", "EnglishRequired",
          "Profil recherché", "42ans", "x" * 120]


def _word_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_WORDS) + rnd.choice(["", " ", " "]) for _ in range(rnd.randint(0, 40)))
            for _ in range(count)]


@pytest.mark.parametrize("text", TEXTS + _word_texts(3, 40))
def test_clause_span_start(text: str) -> None:
    for s, e in _positions(text):
        assert qualifiers.clause_span(text, s, e)[0] == _plain_clause_start(text, s), (text, s)


@pytest.mark.parametrize("text", TEXTS + _word_texts(4, 60))
def test_is_optional_is_the_plain_reading(text: str) -> None:
    rnd = random.Random(len(text))
    for s, e in _positions(text)[::3]:
        scopes = [None, qualifiers.clause_span(text, s, e, commas=True)]
        a = rnd.randint(0, len(text))
        scopes.append((a, rnd.randint(a, len(text))))
        for scope in scopes:
            want = qualifiers.qualify(text, (s, e), scope) == "optional"
            assert qualifiers.is_optional(text, (s, e), scope) is want, (text, s, e, scope)


def test_markers_are_marker_objects() -> None:
    text = "Spanish a plus, English required"
    found = qualifiers.markers(text)
    assert all(isinstance(m, qualifiers.Marker) for m in found)
    assert [(m.start, m.end, m.kind) for m in found] == qualifiers._markers(text)[0]
    assert [text[m.start:m.end] for m in found if m.kind == "required"] == ["required"]


# -- languages: context tests in a cheaper order ------------------------------------------------

def _plain_in_context(text: str, start: int, end: int) -> bool:
    p = languages._patterns()
    triggers = languages._triggers(text)
    i = languages.bisect_left(triggers, (start,)) - 1
    while i >= 0 and start - triggers[i][1] <= 80:
        t_start, t_end, kind = triggers[i]
        if t_end <= start and p[kind].fullmatch(text, t_end, start):
            return True
        i -= 1
    if p["after"].match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip(languages._LINE_JUNK) and \
        not text[end:line_end].strip(languages._LINE_JUNK)


LANG_TEXTS = [
    "Langues : Français et Anglais courants",
    "• Anglais\n• ESPAGNOL (apprécié)\nMaîtrise de l'anglais",
    "Vous parlez anglais et allemand ? Excellent command of French.",
    "Le poste est créé à Paris ; French Guiana ; English-speaking countries",
    "Fluent in both Mandarin and English. Connaissance de la langue anglaise",
    "İngilizce? Deutsch\u00a0: gut. Straße, English\tRequired",
]


@pytest.mark.parametrize("text", LANG_TEXTS)
def test_language_context(text: str) -> None:
    for n in languages._find_names(text):
        assert languages._in_context(text, n.start, n.end) == _plain_in_context(text, n.start, n.end)


# -- benefits: the employer share reads percentages only next to an employer word ------------

def _plain_share(text: str, seg: tuple[int, int], hit) -> tuple[float, tuple[int, int]] | None:
    words = lexicon("benefits", "share").find(text, seg[0], seg[1], glued=False)
    if not words:
        return None
    full = [w for w in words if w.kind == "full"]
    pcts = [((m.start(), m.end()), float(m.group(1).replace(",", ".")) / 100)
            for m in benefits._PERCENT.finditer(text, seg[0], seg[1])]
    pcts = [p for p in pcts if 0 < p[1] <= 1]
    if any(w.kind == "employer" for w in words) and pcts:
        best = benefits._nearest(pcts, hit)
        if best:
            return best[1], best[0]
    for w in full:
        if hit.end <= w.start <= hit.end + 40 or 0 <= hit.start - w.end <= 2:
            return 1.0, (w.start, w.end)
    return None


SHARE_TEXTS = [
    "Mutuelle prise en charge à 60 % ; tickets restaurant gratuits, 150% rien",
    "Health insurance: employer contribution 80%, free gym, 0% fees and 100 % covered",
    "Tickets restaurant (8€, pris en charge à 50,5%) offerts. Mutuelle gratuite",
    "Mutuelle\u00a0: 100% remboursée — œuvres sociales, ſport gratuit",
]


@pytest.mark.parametrize("text", SHARE_TEXTS)
def test_benefit_share(text: str) -> None:
    hits = lexicon("benefits", "kind").find(text, 0, len(text), glued=False)
    assert hits
    for hit in hits:
        for seg in ((0, len(text)), (hit.start, len(text)), (0, hit.end), (hit.start, hit.end)):
            assert benefits._share(text, seg, hit) == _plain_share(text, seg, hit), (text, seg, hit)


# -- resolver: pick's fast paths and descriptions made once --------------------------------------

def _plain_pick(cands, trace, path, *, same=None):
    order = sorted(cands, key=lambda c: (not c.rule.startswith("hint."), -c.score, c.span[0]))
    if not order:
        return None
    eq = same or (lambda a, b: a == b)
    show = lambda c: repr(c.text.strip())  # noqa: E731
    best = order[0]
    agreeing = [best]
    for c in order[1:]:
        if eq(c.value, best.value):
            agreeing.append(c)
            continue
        trace.reject(c, f"{path}: {show(best)} ({best.rule}) kept over {show(c)} ({c.rule})")
        if c.score >= STRONG and best.score >= STRONG:
            trace.warn(f"{path}: {show(c)} disagrees with {show(best)}: {show(best)} kept")
    trace.use(path, *agreeing)
    return best


def _c(value, start, score=0.8, rule="x.rule", text=None, spans=()):
    text = text if text is not None else f" {value} "
    return Candidate("x", value, (start, start + 3), text, rule, score, spans)


PICKS = [
    [],
    [_c("cdi", 5)],
    [_c("cdi", 5), _c("cdi", 1, spans=((9, 12),))],
    [_c("cdi", 5), _c("cdd", 1, 0.9), _c("stage", 0, 0.3)],
    [_c("a", 3, 0.9), _c("b", 2, 0.9), _c("c", 1, 0.9), _c("a", 0, 0.2, "hint.jsonld")],
    [_c("Straße", 0), _c("STRASSE", 4), _c("İ", 2, 0.5, text="  İ\u00a0")],
    [_c(1.0, 0, 0.8), _c(1, 3, 0.8), _c(2.0, 6, 0.81)],
]


@pytest.mark.parametrize("cands", PICKS)
@pytest.mark.parametrize("same", [None, lambda a, b: str(a).lower() == str(b).lower()])
def test_pick_is_the_plain_pick(cands, same) -> None:
    got, want = Trace(), Trace()
    assert pick(iter(cands), got, "x", same=same) == _plain_pick(list(cands), want, "x", same=same)
    assert got == want


# -- pipeline: the untimed stage context ----------------------------------------------------------

def test_untimed_stages_keep_exceptions() -> None:
    with pytest.raises(KeyError):
        with _nostage("clean"):
            raise KeyError("x")


def test_timed_and_untimed_parses_agree() -> None:
    text = "Chef de partie (H/F) - CDI - Lyon\nMutuelle, tickets restaurant. Anglais apprécié.\nhr@example.fr"
    src = read_text(text, uri="t.txt", format="text")[0]
    timer = StageTimer()
    assert parse_source(src).to_dict() == parse_source(src, timer=timer).to_dict()
    assert "benefits" in timer.seconds


def test_languages_of_a_sentence() -> None:
    doc = make_doc("Anglais courant exigé, espagnol apprécié", "fr")
    got = {c.value.code: c.value.required for c in languages.extract_languages(doc)}
    assert got == {"en": True, "es": False}
