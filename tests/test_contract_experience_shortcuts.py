"""Shortcuts of the contract durations (contract.py) and of the experience durations
(experience.py) give what the plain computation gives (the plain versions are written out
here, or the extractor is run with the shortcut bypassed)."""

from __future__ import annotations

import random

import pytest

import jobsieve
from jobsieve import match
from jobsieve.doc import make_doc
from jobsieve.extract import contract, experience
from jobsieve.extract.numbers import parse_number

CONTRACT_TEXTS = [
    "",
    "CDD de 12 mois, renouvelable.",
    "CDD DE 6 MOIS",
    "cdd de six mois à temps plein",
    "CDD de douze\u00a0mois ; CDD de 3\u202fmois ; CDD de 2\u2003ans",
    "Contrat à durée déterminée (CDD) de 18 mois",
    "Contrat à durée déterminée (remplacement) de 4 mois",
    "Mission d’intérim de 3 mois, puis mission de 2 semaines.",
    "Stage de 6mois à partir de mars ; stage 4-mois ; stage de 6 - mois",
    "6 mois de stage ; 2 ans d’alternance ; 1 an d'apprentissage ; un an de volontariat",
    "Durée du contrat : 24 mois. Durée de la mission : 2 ans. Durée : 1 année",
    "DURÉE DU STAGE : SIX MOIS ; pour une durée de 9 mois ; sur une période de 3 ans",
    "Pour une durée déterminée de 8 mois, contrat de mission.",
    "Volontariat (VIE) de 12 mois ; VIE 24 mois ; vie de 12 mois",
    "Service civique de 8 mois ; 10 mois de service civique",
    "6 Month Contract; 12-month fixed-term contract; 2 year contract; 3 yrs assignment",
    "Contract length: 6 months. Duration of the assignment: 1 year. Internship of six months.",
    "Fixed term contract for 9 mos; placement of 12 months; engagement - 3 months",
    "DURATION OF THE MISSION1 year ; CONTRACT:6MONTHS ; Internship (paid) of 4 months",
    "For an initial period of 18 months, with possibility of extension.",
    "Contrat de 35h ; mission 2025 ; stage en 2024 ; CDD à pourvoir dès le 12 mars",
    "CDD renouvelable, 3 jours de télétravail, 12 semaines de congés, 3 mois d'essai",
    "Mission : accompagner 3 équipes ; CDD de quelques mois ; contrat annuel",
    "CDDI de 4 mois ; CDD d’insertion de 6 mois ; CDD 1 an ; CDD de 1,5 an",
    "Stage de trois à six mois ; stage de 4 à 6 mois ; CDD de 6 à 12 mois",
    "Œuvre : CDD de 6 mois ; cœur de mission : 2 ans ; ÉTÉ : stage de 2 mois",
    "ſtage de 6 moiſ ; Stage de 6 mois İnternship ; KELVIN: stage de 6 mois",
    "stage de 6 mois" + " x" * 40 + " et stage",
    "Contrat en alternance 24 mois ; contrat de professionnalisation d'un an ; un an",
    "Mission de 12mois ; mission freelance 6-mois ; mission de dix-huit mois",
    "an mois ans annee année years yrs months mos mo",
    "12 mois 6 ans 3 years contract",
    "6 mois",
]


def _hits(doc):
    return [h for h in match.matcher("contract", "types", "duration.carriers", "duration.labels",
                                     "not_contract", "renewable").finditer(doc.text, doc.lang)
            if h.form.group in ("duration.carriers", "duration.labels")]


def _docs(texts):
    return [make_doc(t, lang) for t in texts for lang in ("fr", "en")]


@pytest.mark.parametrize("text", CONTRACT_TEXTS)
def test_junction_gate_never_hides_a_pattern_match(text: str) -> None:
    """Where a duration pattern matches next to a carrier, the junctions say one may."""
    p = contract._patterns()
    for doc in _docs([text]):
        low, t = doc.scan.low, doc.text
        for h in _hits(doc):
            lo, hi = max(0, h.start - 30), min(len(t), h.end + 60)
            carrier = h.form.group == "duration.carriers"
            found = contract._junctions(low, lo if carrier else h.start, hi)
            if found is None:
                continue
            if p["after"].match(t, h.start, hi) is not None:
                assert any(k > h.start for k, _ in found), (t, h)
            if carrier and p["before"].search(t, lo, h.start) is not None:
                assert any(e <= h.start for _, e in found), (t, h)


@pytest.mark.parametrize("text", CONTRACT_TEXTS)
def test_contract_durations_with_the_gate_bypassed(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs([text])
    got = [contract.extract_contract(d) for d in docs]
    monkeypatch.setattr(contract, "_junctions", lambda low, a, b: None)
    assert got == [contract.extract_contract(d) for d in docs]


@pytest.mark.parametrize("text, months", [
    ("Poste en CDD DE 6 MOIS à Lyon.", 6.0),
    ("Poste en CDD de douze\u00a0mois à Lyon.", 12.0),
    ("Poste : CDD de 3\u202fmois.", 3.0),
    ("Poste : stage de 6mois.", 6.0),
    ("Poste : stage de 4-mois.", 4.0),
    ("Offre : 6 mois de stage rémunéré.", 6.0),
    ("Offer: 6 Month Contract, full time.", 6.0),
    ("Offer: a 2-year fixed-term contract.", 24.0),
    ("Durée de la mission : 2 ans.", 24.0),
    ("DURATION OF THE MISSION1 year", 12.0),
])
def test_contract_duration_rows(text: str, months: float) -> None:
    _check_parsed(text, "contract", "duration_months", months)


def _check_parsed(text: str, field: str, key: str, want: float) -> None:
    """The parsed record holds ``want`` at ``field.key``, with evidence inside the text."""
    d = jobsieve.parse(text).to_dict()
    assert d[field][key] == want, d[field]
    a, b = d["evidence"][f"{field}.{key}"][0]
    assert 0 <= a < b <= len(text)


# -- experience ----------------------------------------------------------------------------

EXPERIENCE_TEXTS = [
    "",
    "3 ans d'expérience",
    "Au moins 3 à 5 ans d’expérience en gestion de projet.",
    "Expérience : 2 An(s) minimum ; expérience de 2 ans et 6 mois",
    "at least eight (8) years of experience; two years of financial related work",
    "5+ years ; 5 + years ; 3-5 years ; 3 – 5 years ; 3/5 ans ; 10 ans ; 1,5 an ; 2.5 years",
    "requisPlus de 3 ans ; requisDeux ans ; field3-6 years of work ; x_3 ans ; 1.2 ans",
    "TROIS ANS D'EXPÉRIENCE ; Deux Ans ; DEUX ans ; dix ans ; quinze ans ; vingt ans",
    "Une expérience d'au moins trois ans ; un an ; une année ; an ; un an(s)",
    "Minimum ５ years of experience ; ٣ ans d'expérience ; 3\u00a0ans ; 3\u202fans ; 3\tans",
    "ſix years ; sıx years ; İki yıl ; KELVIN 3 ans ; œuvre de 2 ans ; cœur 4 ans",
    "2024 ans ; 12345 ans ; 0 an ; zéro an ; zero years ; 40 ans ; 41 ans",
    "Expérience de 6 mois à 1 an ; 18 mois d'expérience ; 24 months of experience",
    "Fort de 20 ans d'expérience, le groupe recrute : 3 ans d'expérience exigés.",
    "Bac+5 avec 2 ans ; Bac +2 ans ; 3 ans+ ; (3) ans ; 3) ans ; 3+) ans",
    "deuxans ; troisans d'expérience ; 2ans ; twoyears ; 3years",
    "Entre deux et quatre ans ; de un à trois ans ; one to three years ; two or three years",
    "a year of experience ; an year ; A YEAR ; one year ; One Year",
    "Expérience souhaitée : 5 ans" + " dans le secteur" * 5 + " ; 3 ans minimum.",
    "x" * 40 + " 3 ans",
    "3 ans",
    "ans 3",
]


def _plain_amount_before(text: str, end: int, amount):
    """The longest match of ``amount`` that starts a word and ends at ``end``, every word
    start of the window tried from the left."""
    for k in experience._STARTS.finditer(text, max(0, end - experience._AMOUNT_WINDOW), end):
        m = amount.fullmatch(text, k.start(), end)
        if m:
            return m
    return None


def _show(m):
    return m and (m.span(), m.groupdict())


def _random_experience_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    pieces = ["3", "12", "1,5", "deux", "Deux", "TROIS", "un", "une", "an", "ans", "années", "years", "year",
              "eight", "(8)", "one", "a", "à", "-", "–", "/", "+", "ou", "or", "to", " ", " ", " ", "\u00a0",
              "d'expérience", "of experience", "x", "é", "œ", "ſ", "İ", "_", ".", ",", "(", ")", "５", "\n"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20))) for _ in range(count)]


_EXP_ALL = EXPERIENCE_TEXTS + _random_experience_texts(41, 200)


@pytest.mark.parametrize("text", _EXP_ALL)
def test_amount_before_is_the_plain_loop(text: str) -> None:
    amount = experience._patterns()["amount"]
    for end in range(len(text) + 1):
        assert _show(experience._amount_before(text, end, amount)) == \
            _show(_plain_amount_before(text, end, amount)), (text, end)


def _plain_durations(text: str) -> list:
    finder, n_years = experience._units()
    amount = experience._patterns()["amount"]
    out = []
    for i, unit in finder.finditer(text):
        u = unit.start()
        j = u - 1
        while j >= 0 and text[j] in " \t+)":
            j -= 1
        if j < 0 or not text[j].isalnum():
            continue
        if not text[j].isdigit():
            k = j
            while k >= 0 and text[k].isalpha():
                k -= 1
            if parse_number(text[k + 1:j + 1]) is None:
                continue
        m = _plain_amount_before(text, u, amount)
        if m:
            out.append((m.start(), unit.end(), _show(m), i >= n_years))
    return out


@pytest.mark.parametrize("text", _EXP_ALL)
def test_durations_are_the_plain_loop(text: str) -> None:
    assert [(a, b, _show(m), mo) for a, b, m, mo in experience._durations(text)] == _plain_durations(text)


@pytest.mark.parametrize("text", EXPERIENCE_TEXTS)
def test_experience_with_the_shortcut_bypassed(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs([text])
    got = [experience.extract_experience(d) for d in docs]
    monkeypatch.setattr(experience, "_amount_before",
                        lambda t, end, amount: _plain_amount_before(t, end, amount))
    assert got == [experience.extract_experience(d) for d in docs]


@pytest.mark.parametrize("text, years", [
    ("Profil : 3 ans d'expérience minimum.", 3.0),
    ("Profil : TROIS ANS D'EXPÉRIENCE.", 3.0),
    ("Profil : au moins deux\u00a0ans d’expérience.", 2.0),
    ("Profil : 3\u202fans d’expérience.", 3.0),
    ("Profile: at least eight (8) years of experience.", 8.0),
    ("Profile: 5+ years of experience.", 5.0),
    ("Profil : Minimum ５ ans d'expérience.", 5.0),
])
def test_experience_rows(text: str, years: float) -> None:
    _check_parsed(text, "experience", "min_years", years)
