"""Searching only where a number starts gives what the plain regex search gives."""

from __future__ import annotations

import pytest

from jobsieve.doc import make_doc
from jobsieve.extract import contract, number_starts, qualifiers, remote

SENTENCES = [
    "Télétravail : 2 jours par semaine, puis 3 jours après la période d'essai.",
    "Remote work up to two days a week (deux à trois jours selon l'équipe).",
    "Hybrid: 3 Days Working From Home, 2 days on-site; ten days per year extra.",
    "Une journée de TT / semaine, un jour sur site, cinq jours au total.",
    "CDD de 12 mois, renouvelable ; 6 mois de stage puis alternance sur deux ans.",
    "Numbers glued: 2jours, troisjours, 10,5 jours, 3.5 days, 12-14 jours/an.",
    "Odd letters: ſix days, dıx jours, İki, 4 days of remote (KELVIN K).",
    "Nothing here but words without any count at all.",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("pattern", [remote._patterns()["days"], contract._patterns()["before"]],
                         ids=["remote.days", "contract.before"])
def test_number_starts_give_the_plain_matches(text: str, pattern) -> None:
    doc = make_doc(text, "fr")
    t = doc.text
    for lo in range(0, len(t) + 1, 3):
        for hi in (lo + 12, lo + 40, len(t)):
            hi = min(hi, len(t))
            assert [m.span() for m in number_starts.finditer(pattern, t, lo, hi)] == \
                [m.span() for m in pattern.finditer(t, lo, hi)]
            plain = pattern.search(t, lo, hi)
            fast = number_starts.search(pattern, t, lo, hi)
            assert (fast and fast.span()) == (plain and plain.span())


def test_number_starts_lists_digits_and_words() -> None:
    text = "Dès 2 jours, deux jours ou 10 days."
    starts = number_starts.number_starts(make_doc(text, "fr").text, 0, len(text))
    assert starts is not None
    for word in ("2 jours", "deux", "10 days"):
        assert text.index(word) in starts


def test_odd_letters_fall_back_to_the_plain_search() -> None:
    text = "ſix days"
    assert number_starts.number_starts(make_doc(text, "en").text, 0, len(text)) is None


@pytest.mark.parametrize("text", SENTENCES)
def test_clause_start_is_the_nearest_clause_end(text: str) -> None:
    for start in range(len(text) + 1):
        floor = max(0, start - 300)
        lo = floor
        for i in reversed([m.start() for m in qualifiers._CLAUSE_CHAR.finditer(text, floor, start)]):
            nxt = qualifiers._ends_clause(text, i)
            if 0 <= nxt <= start:
                lo = nxt
                break
        assert qualifiers.clause_span(text, start, start)[0] == lo


@pytest.mark.parametrize("text", SENTENCES + [
    "Jobs posted with location as Remote are open to any state. This role is hybrid.",
    "Tous nos postes sont ouverts au télétravail partiel ; nos offres publiées ici.",
    "If the role is remote, equipment is provided. For remote employees, a stipend.",
])
def test_boilerplate_cues_give_the_plain_search(text: str) -> None:
    from jobsieve.extract import context as cx
    doc = make_doc(text, "en")
    t = doc.text
    rx = remote._patterns()["boilerplate"]
    for pos in range(len(t)):
        cs, ce = cx.clause_start(t, pos, 200), cx.clause_end(t, pos, 200)
        assert remote._in_boilerplate(doc, pos) == (rx.search(t, cs, ce) is not None)


@pytest.mark.parametrize("text", SENTENCES + [
    "Contrat d'une durée de six-mois, aucun un_ deux_ xun lundi sixmonths.",
    "Une mission, UNE mission, uneˆmission et deuxième période.",
])
def test_has_number_is_the_context_test(text: str) -> None:
    from jobsieve.extract import context as cx
    t = make_doc(text, "fr").text
    for lo in range(0, len(t) + 1):
        for hi in range(lo, min(len(t), lo + 25) + 1):
            assert number_starts.has_number(t, lo, hi) == cx.has_number(t, lo, hi), (lo, hi, t[lo:hi])


@pytest.mark.parametrize("label", ["not_before", "label"])
def test_experience_cues_are_in_every_form(label: str) -> None:
    """Every form of the label holds one of the cue literals the pre-check looks for."""
    from jobsieve.extract import experience
    from jobsieve.match import fold
    cues = experience._cues(label)
    assert cues is not None
    for text in ("fort de", "depuis", "pendant", "over the past", "requis :", "required"):
        if experience._patterns()["not_before" if label == "not_before" else "label_end"].fullmatch(text):
            assert cues.search(fold(text))
