"""Shortcuts of the money scanner (money.py) and of the place reader (places.py) give what
the plain computation gives (the plain versions are written out here)."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from jobsieve.extract import money, places
from jobsieve.match import lexicon
from jobsieve.model import Location

# -- money: the plain versions --------------------------------------------------------------


def _plain_currency_before(text: str, start: int) -> tuple[str, int] | None:
    """Every dollar tries every prefix (no test of the character before it)."""
    i = start - 1
    if i >= 0 and text[i] == " ":
        i -= 1
    if i < 0:
        return None
    ch = text[i]
    if ch in money._SYMBOLS:
        if ch == "$":
            for prefix, other in money._DOLLAR_PREFIX.items():
                for gap in ("", " "):
                    at = i - len(gap) - len(prefix)
                    if at >= 0 and text[at:i] == prefix + gap and (at == 0 or not text[at - 1].isalpha()):
                        return other, at
        return money._SYMBOLS[ch], i
    if i >= 2 and text[i - 2:i + 1] in money._CODES and (i < 3 or not text[i - 3].isalpha()):
        return text[i - 2:i + 1], i - 2
    return None


def _plain_unit_after(text: str, end: int) -> tuple[str | None, str | None, int]:
    """Up to two unit words read in a loop, without the first-character gate."""
    units = lexicon(money.VOCAB, "multiplier", "currency")
    mult = cur = None
    pos = end
    for _ in range(2):
        hit = units.match(text, pos, 24)
        if hit is None or hit.start - pos > 1:
            break
        if hit.family == "multiplier" and mult is None and cur is None:
            mult, pos = hit.kind, hit.end
        elif hit.family == "currency" and cur is None:
            cur, pos = hit.kind, hit.end
        else:
            break
    return mult, cur, pos


def _plain_pair(low, high, stated=False):
    replace = dataclasses.replace
    if high.thousands and not low.thousands and low.value < 1000:
        low = replace(low, value=low.value * 1000, thousands=True)
    elif low.thousands and not high.thousands and high.value < 1000:
        high = replace(high, value=high.value * 1000, thousands=True)
    elif high.value >= 1000 > low.value and high.value / 3 <= low.value * 1000 <= high.value:
        low = replace(low, value=low.value * 1000)
    if low.value <= 0 or high.value < low.value or (high.value > 4 * low.value and not stated):
        return None
    cur = low.currency or high.currency
    return replace(low, currency=cur), replace(high, currency=cur)


def _plain_scan_regex(bare_after) -> re.Pattern[str]:
    units = lexicon(money.VOCAB, "multiplier", "currency")
    bare = f"(?=(?P<bare>{bare_after.start_pattern()}))?" if bare_after is not None else ""
    return re.compile(rf"{money.NUMBER.pattern}(?=(?P<unit>{units.start_pattern()}))?{bare}")


def _plain_marked_before(text: str, s: int) -> bool:
    return (s > 0 and text[s - 1] in money._MARKS) or (s > 1 and text[s - 2] in money._MARKS) or \
        text[max(0, s - 4):s].strip() in money._CODES


def _plain_scan_amounts(text: str, bare_after=None) -> list[money.Amount]:
    """Every number of a plain search, every test made on every number."""
    out: list[money.Amount] = []
    pending = None
    near_until = -1
    for m in _plain_scan_regex(bare_after).finditer(text):
        s, e = m.span()
        marked = m.group("unit") is not None or _plain_marked_before(text, s)
        big_enough = bare_after is not None and e - s >= 3 and m.group("bare") is not None
        near = s <= near_until
        if not (marked or big_enough or near):
            pending = m
            continue
        a = money._amount(text, m)
        if a is None:
            continue
        if a.marked and pending is not None and s - pending.end() <= 12:
            b = money._amount(text, pending)
            if b is not None and (not out or out[-1].start != b.start):
                out.append(b)
                near_until = b.end + 12 if b.marked else -1
        pending = None
        if a.marked or big_enough or near:
            out.append(a)
            near_until = a.end + 12 if a.marked else -1
    return out


MONEY_TEXTS = [
    "", "0", "€", "$", "45", "45k", "45 K€", "45K€/an", "45 k €", "45 KEUR", "45 k$ brut", "k€ 45",
    "Salaire : 32 000 à 38 000 € brut/an, 13e mois.",
    "Rémunération\u00a0: 2\u202f650 € bruts mensuels ; prime de 1.500,00 EUR.",
    "Pay: US$50-$55k per year, CA$ 70,000 or C$60k, AU $90 000, A$12 (and a$5?)",
    "USD 4 000; EUR2500; xEUR 30; GBP\u00a045k; CHF 100 000; AUD3,5k; EUR 3.503.28",
    "US $ 40; BUS$12; ECA$30; CA$$5; $$7; $ 8; (US)$9; -US$10; 9US$11",
    "entre 30 et 40 000 € ; de 45 à 55 K€ ; 50-55k$ ; 3 500 - 4 000€ ; 10 à 500 €",
    "CDD DE 6 MOIS, 35H/SEMAINE, 2 500€ BRUT, 13E MOIS, 2 JOURS DE TT",
    "Tickets restaurant 9,50€ pris en charge à 60 %, 70% mutuelle, 12 € par jour",
    "CA 12 M€ ; 1,2 milliard d'euros ; 3 millions $ ; 45 000 000 €",
    "Ref 2024-00871, tel 01 23 45 67 89, code 75011, 3.503.28€ net, v1.2.3",
    "30 k€ 40 k€ 50 k€ 60k€ 70k€ 80k€ 90k€ 100k€",
    "£30,000 - £35,000 per annum; €3,627 per month; 45 000£; 12£",
    "Œuvre sociale 120 € ; cœur 45k ; 3€œ ; 4 €\u2003/mois ; 5€\u00a0; 6\u00a0€",
    "À partir de 1 800 € brut mensuel, 2 000 € après 6 mois (soit 24 000 € par an).",
    "2500 euros brut par mois ; 45 000 euros annuels ; 40 K euros ; 40 KE",
    "salaire 2500 brut mensuel, 35000 brut annuel, 12 net, 1234 per month, 99 per year",
    "EUR2500 brut", "GBP45k", "CHF 90 000", "USD\u00a01200", "eur2500", "EURO2500", "€2500", "$3", "£ 4",
]

_PIECES = ["€", "$", "£", "US", "CA", "C", "AU", "A", "EUR", "USD", "GBP", "CHF", "k", "K", "M", "euros",
           " ", " ", "\u00a0", "\u202f", "-", "à", " à ", "–", "/an", " brut", " par mois", ",", ".", "%",
           "12", "3", "45", "500", "2 500", "1.500,00", "30 000", "x", "é", "\n"]


def _random_money_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 30))) for _ in range(count)]


@pytest.mark.parametrize("text", MONEY_TEXTS + _random_money_texts(21, 150))
def test_currency_before_is_every_prefix_tried(text: str) -> None:
    for start in range(len(text) + 1):
        assert money._currency_before(text, start) == _plain_currency_before(text, start), (text, start)


@pytest.mark.parametrize("text", MONEY_TEXTS + _random_money_texts(22, 150))
def test_unit_after_is_the_plain_loop(text: str) -> None:
    for end in range(len(text) + 1):
        assert money._unit_after(text, end) == _plain_unit_after(text, end), (text, end)


@pytest.mark.parametrize("text", MONEY_TEXTS + _random_money_texts(23, 150))
def test_marked_before_group_is_the_plain_test(text: str) -> None:
    for bare in (None, lexicon("salary", "period", "gross", "net")):
        for m in money._scan_regex(bare).finditer(text):
            assert (m.group("pre") is not None) == _plain_marked_before(text, m.start()), (text, m.span())


_LEXICONS = [None, lexicon("salary", "period", "gross", "net")]


@pytest.mark.parametrize("text", MONEY_TEXTS + _random_money_texts(24, 150))
@pytest.mark.parametrize("bare", [0, 1])
def test_scan_amounts_is_the_plain_scan(text: str, bare: int) -> None:
    after = _LEXICONS[bare]
    assert money.scan_amounts(text, after) == _plain_scan_amounts(text, after)


@pytest.mark.parametrize("sentence", MONEY_TEXTS[2:])
def test_scan_amounts_of_long_texts_is_the_plain_scan(sentence: str) -> None:
    # Above money._SHORT characters the scan goes from one run of digits to the next.
    text = "\n".join([sentence] * (money._SHORT // len(sentence) + 2))
    assert len(text) >= money._SHORT
    for after in _LEXICONS:
        assert money.scan_amounts(text, after) == _plain_scan_amounts(text, after)


_AMOUNTS = [
    money.Amount(30, 0, 2), money.Amount(40, 5, 7, "EUR"), money.Amount(45000, 0, 3, None, True),
    money.Amount(55, 4, 8, "USD", True), money.Amount(40000, 9, 15, "EUR"), money.Amount(0, 0, 1),
    money.Amount(500, 0, 3, "GBP"), money.Amount(3.5, 0, 3, None, True), money.Amount(12e6, 0, 4, "EUR", False, True),
    money.Amount(999, 0, 3), money.Amount(1000, 0, 4, "CHF"), money.Amount(4000, 0, 4),
]


@pytest.mark.parametrize("stated", [False, True])
def test_pair_is_the_plain_replace(stated: bool) -> None:
    for low in _AMOUNTS:
        for high in _AMOUNTS:
            assert money._pair(low, high, stated) == _plain_pair(low, high, stated), (low, high)


@pytest.mark.parametrize("text, want", [
    ("US$50", ("USD", 0)), ("CA$ 70", ("CAD", 0)), ("C$60", ("CAD", 0)), ("AU $90", ("AUD", 0)),
    ("A$12", ("AUD", 0)), ("x A$12", ("AUD", 2)), ("BUS$12", ("USD", 3)), ("$8", ("USD", 0)),
    ("(US)$9", ("USD", 4)), ("-US$10", ("USD", 1)), ("EUR 30", ("EUR", 0)), ("xEUR 30", None),
])
def test_currency_before_rows(text: str, want) -> None:
    digit = re.search(r"[0-9]", text).start()
    assert money._currency_before(text, digit) == want


# -- places: the plain patterns --------------------------------------------------------------

_OLD_US = re.compile(rf"(?=[A-ZÀ-Ý][\w'’. -]*+,)(?P<city>{places._NAME}),\s*(?P<st>[A-Z]{{2}})(?![a-z0-9])")
_OLD_FR = re.compile(rf"(?P<city>{places._NAME})\s*\((?P<dep>\d{{2,3}}|2[AB])\)")
_OLD_SPLIT = re.compile(r"\s*(?:[,;/|•·()]|\s[-–—]\s|\s+(?:et|ET|and|ou|or|&)\s+)\s*")
_OLD_SEPARATORS = re.compile(r"[\s,;/|()•·.:&-]+|\b(?:et|ET|and|ou|or|à|a|au|en|in|at|sur)\b")


def _plain_covers(s: str, matches) -> bool:
    rest = list(s)
    for m in matches:
        rest[m.start:m.end] = [" "] * (m.end - m.start)
    left = _OLD_SEPARATORS.sub(" ", "".join(rest)).split()
    return all(places.is_remote_word(w) or w.isdigit() for w in left)


PLACE_TEXTS = [
    "", ",", "(", "()", "(69)", "Lyon (69)", "Lyon(69)", "LYON (69)", "Lyon  (069)", "Ajaccio (2A)",
    "Bastia (2B)", "Bastia (2b)", "Nice (6)", "Nice (0691)", "Paris ((75))", "Paris (75", "Paris 75)",
    "Saint-Étienne (42)", "Saint-Didier-au-Mont-d’Or (69)", "Boulogne-sur-Mer (62) et Calais (62)",
    "Dunkerque ET à Calais (59)", "Lille OU Roubaix (59)", "Lens Et Arras (62)", "And (45)", "Or (45)",
    "ET (59)", "Écully (69) ; Œuilly (02)", "Lyon (٦٩)", "Lyon （69）", "Lyon (6９)", "Lyon (69)(38)",
    "Redmond, WA", "Redmond,WA", "Redmond , WA", "Oklahoma City, OK 73101", "South Oklahoma City, OK",
    "Wilson, NCW2 Contract", "Wilson, NC2", "Portland, Or", "Portland, OR.", "St. Louis, MO",
    "Lake Forest Park, WA and Seattle, WA", "New York, NY; Boston, MA / Austin, TX", "Lyon, FR",
    "Paris, France", "Paris, Texas", "Paris - Lyon - Marseille", "Paris – Lyon — Nantes",
    "Paris et Lyon", "Paris ET Lyon", "Paris and London", "Paris  et  Lyon", "Paris &Lyon",
    "Paris\u00a0et\u00a0Lyon", "Paris\u202f/\u202fLyon", "Paris|Lyon•Nantes·Rennes", "Paris (Île-de-France)",
    "Paris -Lyon", "Paris- Lyon", "Paris-Lyon", "Paris,,Lyon", "Paris , , Lyon", " Paris ", "\tParis\n",
    "75011 Paris", "75011  Paris 11e", "97400 Saint-Denis", "Paris 75011", "CP 69003 Lyon",
    "Télétravail ou Lyon", "Lyon et télétravail", "Full remote / Paris", "Lyon 3e", "Lyon 3",
    "à Lyon", "a Lyon", "en Bretagne", "Bretagne, France", "Île-de-France", "Ile de France",
    "lyon", "LYON", "Lyon.", "Lyon:", "Lyon et", "et Lyon", "Lyon à Paris", "Lyon au Mans",
    "Lyon ou en télétravail", "Aix-en-Provence (13) ou Marseille (13)", "Le Mans (72)",
    "Les Mureaux (78)", "La Défense (92)", "L'Haÿ-les-Roses (94)", "L’Isle-d’Abeau (38)",
    "Pays basque (64)", "Pays Basque(64)", "Grand Est (67)", "Lyon 69", "Lyon 69)", "Lyon\n(69)",
]


def _random_place_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    pieces = ["Lyon", "Paris", "Saint", "Étienne", "Oklahoma", "City", "ET", "Et", "et", "OU", "or", "And",
              "de", "sur", "l'", "d’", " ", " ", " ", ",", ", ", "(69)", "(2A)", "(", ")", "WA", "OK", "NC",
              "-", " - ", "–", "/", "&", ";", "|", "•", "·", ".", "\u00a0", "75011", "x", "À", "Œ", "9"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))) for _ in range(count)]


_ALL_PLACES = PLACE_TEXTS + _random_place_texts(31, 250)


def _spans_and_groups(matches) -> list:
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("text", _ALL_PLACES)
def test_name_patterns_are_the_plain_patterns(text: str) -> None:
    for new, old in ((places.US_PAIR, _OLD_US), (places.FR_DEP, _OLD_FR)):
        assert _spans_and_groups(new.finditer(text)) == _spans_and_groups(old.finditer(text))
        # As _anchored reads them: a window ending at each closing parenthesis or state code.
        for end in range(len(text) + 1):
            lo = max(0, end - places._LOOK_BACK)
            for lo in {lo, max(0, end - 5), end // 2}:
                assert _spans_and_groups(new.finditer(text, lo, end)) == \
                    _spans_and_groups(old.finditer(text, lo, end)), (text, lo, end)


@pytest.mark.parametrize("text", _ALL_PLACES)
def test_dep_anchors_are_the_plain_search(text: str) -> None:
    assert [a.span() for a in places._dep_anchors(text)] == [a.span() for a in places._DEP_ANCHOR.finditer(text)]


@pytest.mark.parametrize("text", _ALL_PLACES)
def test_split_is_the_plain_split(text: str) -> None:
    assert [m.span() for m in places._SPLIT.finditer(text)] == [m.span() for m in _OLD_SPLIT.finditer(text)]


COVER_TEXTS = PLACE_TEXTS + [
    "Lyon et Paris", "Lyon, Paris et/ou Nantes", "Lyon -et- Paris", "Lyon à Paris", "Lyon a\u0300 Paris",
    "Lyon sur Paris", "Lyon Et Paris", "Lyon etc Paris", "Lyon et_ Paris", "Lyon · Paris :: Nantes",
    "Lyon remote Paris", "Lyon 2 Paris", "Lyon ² Paris", "Lyon, FR", "Lyon\u00a0et\u00a0Paris", "Lyon.et.Paris",
    "Lyon–Paris", "Lyon — Paris", "Lyon ou Paris ou", "ou", "et", "a", "", "   ", "Lyon AND Paris",
]


def _word_matches(s: str) -> list[list[places.PlaceMatch]]:
    """Several ways to cover ``s``: nothing, each capitalised word, every word, every word
    but those that read as connectors in some case ("Et", "OU", "à")."""
    loc = Location(city="X")
    caps = [places.PlaceMatch(loc, m.start(), m.end()) for m in re.finditer(r"[A-ZÀ-Ý][\w'’-]*", s)]
    words = [places.PlaceMatch(loc, m.start(), m.end()) for m in re.finditer(r"\w+", s)]
    names = [w for w in words if s[w.start:w.end].lower() not in _CONNECTOR_WORDS]
    return [[], caps, words, names, caps[:1], caps[1:]]


_CONNECTOR_WORDS = {"et", "ou", "and", "or", "à", "a", "au", "en", "in", "at", "sur", "etc"}


@pytest.mark.parametrize("text", COVER_TEXTS + _random_place_texts(32, 150))
def test_covers_is_the_plain_covers(text: str) -> None:
    for matches in _word_matches(text):
        assert places.covers(text, matches) == _plain_covers(text, matches), (text, matches)


_READ = PLACE_TEXTS + _random_place_texts(33, 80)


@pytest.mark.parametrize("text", _READ)
def test_place_readers_with_the_plain_patterns(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def read():
        return ([(p.location, p.start, p.end, p.population, p.qualified) for p in places.parse_places(text)],
                [(p.location, p.start, p.end) for p in places.qualified_places(text, True, True)])

    got = read()
    monkeypatch.setattr(places, "US_PAIR", _OLD_US)
    monkeypatch.setattr(places, "FR_DEP", _OLD_FR)
    monkeypatch.setattr(places, "_SPLIT", _OLD_SPLIT)
    monkeypatch.setattr(places, "_dep_anchors", lambda s: list(places._DEP_ANCHOR.finditer(s)))
    assert got == read()


@pytest.mark.parametrize("text, city", [
    ("Lyon (69)", "Lyon"), ("Saint-Étienne (42)", "Saint-Étienne"), ("Redmond, WA", "Redmond"),
    ("Paris et Lyon", "Paris"), ("Paris\u00a0et\u00a0Lyon", "Paris"), ("Dunkerque ET à Calais (59)", "Calais"),
])
def test_place_rows(text: str, city: str) -> None:
    assert city in [p.location.city for p in places.parse_places(text)]
