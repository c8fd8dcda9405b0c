"""Shortcuts of the heading finder (sections.py) give what the plain computation gives.

The plain versions are written out here: the label patterns run on every key (no table of
whole-key labels, no opening prefilter), every line goes through the full heading test in
its original order, lines come from the ``[^\\n]+`` regex, and kinds are computed again
instead of being read from what ``detect_headings`` remembered.
"""

from __future__ import annotations

import random
import re

import pytest

from jobsieve import sections, vocab

_LINE = re.compile(r"[^\n]+")


# -- the plain versions -------------------------------------------------------------------

def _plain_kind_of_key(key: str, rest: int) -> str | None:
    key = key.lower()
    pattern = sections._label_patterns().get(key[:1])
    if pattern is None or pattern.match(key) is None:
        return None
    labels = vocab.labels("sections")
    m = pattern.fullmatch(key)
    if m is not None:
        return labels[m.lastgroup]
    cuts = [c.start() for c in reversed(list(sections._REST_SEP.finditer(key)))][:rest]
    for cut in cuts:
        m = pattern.fullmatch(key, 0, cut)
        if m is not None:
            return None if sections._BAD_REST.search(key, cut) else labels[m.lastgroup]
    return None


def _plain_heading_kind(line: str, *, marked: bool = False) -> str | None:
    if len(line) > sections._MAX_HEADING or not line.strip() or sections._BULLET.match(line):
        return None
    if len(line.split()) > sections._MAX_HEADING_WORDS:
        return None
    key = sections._key(line)
    if not key or ":" in key:
        return None
    marked = (marked or (sections._has_decor(line) and (
        bool(sections._MD_HEADING.match(line)) or bool(sections._BOLD_LINE.match(line))))
        or (key.isupper() and len(key) > 3))
    if line.strip().rstrip("*_ ").endswith(".") and not marked:
        return None
    return _plain_kind_of_key(key, sections._REST_MARKED if marked else sections._REST_PLAIN)


def _plain_first_line_heading(line: str) -> bool:
    key = sections._key(line)
    return line.rstrip().endswith(":") or key.isupper() or _plain_kind_of_key(key, 0) is not None


def _plain_inline_heading(line: str) -> tuple[int, str] | None:
    m = sections._INLINE.match(line)
    if m is None or sections._BULLET.match(line):
        return None
    content = line[m.end():]
    glued = line[m.end() - 1] != " " and content[:1].isupper()
    if not (sections._LIST_START.match(content) or glued or len(content) >= sections._INLINE_MIN_CONTENT):
        return None
    kind = _plain_kind_of_key(sections._key(m.group(1)), sections._REST_PLAIN - 1)
    return (m.end(), kind) if kind else None


def _plain_detect_headings(text: str) -> list[tuple[int, int]]:
    out = []
    first = True
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        if line[0] in sections._LIST_MARKS:
            first = False
            continue
        marked = line[0] in "#*_"
        if len(line) <= sections._MAX_HEADING and (marked or line[-1] not in ".,;"):
            kind = _plain_heading_kind(m.group())
            if kind is not None and first and not _plain_first_line_heading(line):
                kind = None
            if kind is not None or (marked and sections._is_marked(line)):
                out.append(m.span())
                first = False
                continue
        if ":" in line[:52]:
            inline = _plain_inline_heading(m.group())
            if inline is not None:
                out.append((m.start(), m.start() + inline[0]))
        first = False
    return out


# -- the table ----------------------------------------------------------------------------

LINES = [
    "", " ", "x", "ß", ".", ":", "—", "**", "##", "__init__",
    "Profil recherché", "PROFIL RECHERCHÉ :", "profil recherché!", "Profil recherché.", "Profil2",
    "## Vos missions", "**Avantages**", "__Avantages__ :", "`Profil`", "### Le poste ###",
    "Description du profil", "Description", "Descriptif de l’offre", "Détails de l'offre",
    "Missions principales du poste", "MISSIONS PRINCIPALES DU POSTE", "Mission de 6 mois",
    "Mission 12 mois", "Vos missions (CDI)", "Quelles seront vos missions au quotidien ?",
    "Votre rôle ?", "Le rôle", "le role", "Le poste.", "Le poste proposé", "Poste proposé :",
    "  - Profil", "- Profil", "• Avantages", "1. Profil", "12) Missions", "١. Profil",
    "* Profil recherché", "*Avantages", "  * Avantages", "*Avantages*", "2. Avantages", "١٢) Missions",
    "123. Profil", "1 Profil", "²) Profil", "+Profil", "✓ Avantages", "➢Missions",
    "\x1c1) Profil", "\u00a0\u00a0Profil\u00a0", "\u202fAvantages\u202f:", "Compétences\u00a0requises",
    "Compétences\u202frequises", "Compétences requises\u00a0:", "COMPÉTENCES TECHNIQUES",
    "Œuvres sociales", "ŒUVRES SOCIALES", "Qualité de vie", "Qualités requises",
    "l’entreprise", "L'ENTREPRISE", "L’Entreprise !", "Présentation de l’entreprise",
    "Presentation de la societe", "Qui sommes-nous ?", "QUI SOMMES NOUS", "Qui êtes-vous ?",
    "Et si c’était vous ?", "Et si c'était toi", "İnformations complémentaires",
    "Informations complémentaires", "ﬁnalité du poste", "Finalité du poste", "Savoir-être",
    "savoir être et savoir faire", "Rémunération et avantages", "Rémunération : 45 k€",
    "Rémunération – 45 k€", "Salaire", "SALAIRE 2024", "Avantages & bénéfices",
    "Environnement de travail / équipe", "Conditions d’emploi", "Conditions d'emploi",
    "What you'll do", "What you’ll do", "WHAT YOU WILL DO:", "What you'll be doing",
    "Key responsibilities", "Key responsibilities and more words here", "Responsibilities:",
    "About Acme Corp", "About the role", "About the team", "About roles", "About", "About us",
    "About this job", "About your mission", "ABOUT ACME AND ITS FRIENDS", "About Acme.",
    "Who we are?", "Our values", "The company", "Requirements", "Minimum requirements:",
    "Required qualifications", "Skills and experience", "Nice to have", "Benefits",
    "Job type", "Job details", "What's in it for you", "How to apply", "Apply", "Next steps",
    "Closing date", "Equal opportunity employer", "Diversity and inclusion", "Reporting to",
    "Context", "Background", "Summary", "Overview", "Purpose", "Day-to-day", "day to day",
    "Your day-to-day", "In this role", "Contexte", "Le contexte", "Langues", "Langue",
    "Expérience", "Expériences professionnelles", "L’expérience requise", "Formation",
    "Votre formation et expériences", "Prérequis", "Nous recherchons", "Ce que nous offrons",
    "Vous êtes", "Vous etes ?", "Concrètement", "Au quotidien", "Vos tâches principales",
    "Activités principales", "Missions 2024", "Profil: junior", "Profil ; junior",
    "Profil (H/F)", "Profil recherché - Lyon", "Profil recherché / équipe / Paris / Nord",
    "Profil a b c d e f g", "Profil a b c d e f g h i j k l m", "Avantages, primes et autres",
    "mission", "MISSION", "Missions.", "Missions...", "Missions?!", "Missions —", "Missions：",
    "Le poste en bref", "Détails du poste", "Salaire et avantages",
    "Salary range", "Compensation", "Location", "Lieu de travail", "Horaires",
    "x" * 81, "Profil " + "y" * 80, "Profil recherché" + " " * 70,
]

KEYS = sorted({sections._key(line) for line in LINES} | {line.strip() for line in LINES}
              | {"about", "about the role", "about rolex", "about the", "profil d", "profil 3",
                 "profil - 3", "profil / a", "profil (x)", "profil’s", "missions; a", "ab", "a",
                 "l.offre", "l'offre", "l’offre", "descriptif de l'offre", "qu", "quel profil ?"})


def _random_keys(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    words = ["profil", "recherché", "missions", "du", "poste", "about", "the", "role", "acme", "vos",
             "avantages", "et", "de", "l'", "’", "-", "/", "(cdi)", "3", "ans", ",", "&", "description",
             "key", "responsibilities", "salaire", "qui", "sommes", "nous", "what", "you'll", "do",
             "İ", "ß", "œ", "\u00a0", "!", ".", ":", "x"]
    out = []
    for _ in range(count):
        n = rnd.randint(1, 7)
        out.append("".join(rnd.choice(words) + rnd.choice(["", " ", " "]) for _ in range(n)).strip())
    return out


@pytest.mark.parametrize("key", KEYS + _random_keys(11, 300))
def test_kind_of_key_is_the_plain_label_search(key: str) -> None:
    for rest in (0, 1, 2, 3, 6, 9):
        assert sections._kind_of_key(key, rest) == _plain_kind_of_key(key, rest), (key, rest)


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("marked", [False, True])
def test_heading_kind_is_the_plain_test(line: str, marked: bool) -> None:
    for variant in (line, "  " + line, line + "  ", "\t" + line + " :", "**" + line + "**", "# " + line):
        assert sections.heading_kind(variant, marked=marked) == _plain_heading_kind(variant, marked=marked), variant


def test_whole_key_labels_are_known() -> None:
    # Rows of the table that must be headings: a gate dropping them would fail here even if
    # the plain version above were wrong the same way.
    for line, kind in [("Profil recherché", "profile"), ("Vos missions", "mission"),
                       ("Avantages", "conditions"), ("About us", "about_employer"),
                       ("Key responsibilities", "responsibilities"), ("PROFIL RECHERCHÉ :", "profile"),
                       ("Missions principales du poste", "mission"), ("Descriptif de l’offre", "mission")]:
        assert sections.heading_kind(line) == kind, line
    for line in ("Mission de 6 mois", "- Profil", "1. Profil", "Profil " + "y" * 80, "Profil recherché.",
                 "Rémunération : 45 k€", "Profil2", "About the role"):
        assert sections.heading_kind(line) in (None, "mission"), line


TEXTS = [
    "",
    "\n\n",
    "Chef de projet H/F\nCDI - Lyon\n\nProfil recherché\nBac+5, 3 ans d'expérience.\n\nAvantages\nMutuelle",
    "Profil recherché\nVous êtes rigoureux.\nMISSIONS PRINCIPALES DU POSTE :\n- Gérer\n- Suivre",
    "## Vos missions\n* Piloter\n**Avantages**\nTickets resto\n### Le poste ###\ntexte",
    "Data analyst\r\nAbout us\r\nWe build things.\r\nRequirements:\r\n- SQL\r\nBenefits\r\n- Gym",
    "Qualifications:● Bac+5 ● Anglais\nResponsibilities:- build - test\nSalaire : 45 k€",
    "Missions : " + "a" * 160 + "\nProfil : " + "b" * 20 + "\nAvantages :• mutuelle",
    "  Œuvres sociales  \n\u00a0Profil\u00a0\n\u202fAvantages\u202f:\nİnformations complémentaires\nfin",
    "About the role\nAbout Acme Corp\nAbout roles\nWho we are?\nMission de 6 mois\nLe poste.",
    "Titre\n" + "\n".join(f"ligne {i} courte" for i in range(20)) + "\nProfil\nx",
    "1. Profil\n١. Profil\n\x1c1) Profil\n- Profil\n+ Avantages\nProfil2\n" + "x" * 90 + "\nSalaire",
    "Vos missions\nVos missions\nProfil\nProfil recherché\nAvantages\nRémunération et avantages",
    "Profil recherché",
    "ligne sans titre.\nProfil : junior\nProfil: Senior développeur avec beaucoup d'expérience",
]


def _lines_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LINE.finditer(text)]


@pytest.mark.parametrize("text", TEXTS + ["\n".join(LINES)] + ["\n".join(LINES[i::7]) for i in range(7)])
def test_detect_headings_is_the_plain_loop(text: str) -> None:
    assert sections.detect_headings(text) == _plain_detect_headings(text)


@pytest.mark.parametrize("text", TEXTS + ["\n".join(LINES)] + ["\n".join(LINES[i::5]) for i in range(5)])
def test_kinds_remembered_are_the_kinds_computed(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Headings found here, and every line as a heading (reader headings may be any line).
    heads = sections.detect_headings(text)
    for spans in (heads, sorted(set(heads) | set(_lines_spans(text)))):
        sections.detect_headings(text)  # what detect_sections then reads back
        got = ([(s.kind, s.start, s.end) for s in sections.detect_sections(text, spans)],
               sections.detect_header_end(text, spans))
        # The plain way: nothing remembered, every kind computed from the text.
        monkeypatch.setattr(sections, "_last_kinds", ("", {}))
        want = ([(s.kind, s.start, s.end) for s in sections.detect_sections(text, spans)],
                sections.detect_header_end(text, spans))
        assert got == want
        for span in spans:
            sections.detect_headings(text)
            cached = sections._span_kind(text, span)
            monkeypatch.setattr(sections, "_last_kinds", ("", {}))
            assert cached == sections._span_kind(text, span), span


def test_remembered_kinds_are_only_read_for_the_same_text() -> None:
    a = "Avantages\nx"
    b = "Profilxxx\nx"  # the same span holds no label here
    assert sections.detect_headings(a) == [(0, 9)]
    assert sections._span_kind(b, (0, 9)) is None
    assert sections._span_kind(a, (0, 9)) == "conditions"
