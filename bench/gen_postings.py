"""Generate many varied posting records from real parsed postings (for the store, dedup and
batch benchmarks).

Each generated posting takes the body of one real posting (the shared seed and dev
postings when ../shared is present, else the project's own examples), splices in a
paragraph of another posting of the same language, and puts a board-style header on top
(title, employer - city, contract, salary, posted date, reference) whose values are drawn
from the real postings' parsed fields where the parser found them, else from small pools of
common values. The header values become the record's fields, with evidence spans pointing
at them, so generated records look like parsed ones. Deterministic for a given seed.

    from gen_postings import generate
    for rec in generate(100_000, seed=1): ...

    python bench/gen_postings.py --n 5 > sample.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from jobsieve.config import ParseConfig
from jobsieve.model import Contract, Dates, Employer, Experience, Location, Record, Remote, Salary, Source
from jobsieve.pipeline import Failure, parse_files, record_id

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JOBSIEVE_SHARED", ROOT.parent / "shared"))

# Fallback pools, used where the parser has not filled a field yet.
TITLES = {
    "fr": ["Chargé de projets", "Développeur back-end", "Comptable", "Assistant administratif",
           "Technicien de maintenance", "Infirmier", "Chef de chantier", "Responsable logistique",
           "Commercial terrain", "Data analyst", "Juriste", "Chargé de communication",
           "Cuisinier", "Éducateur spécialisé", "Administrateur systèmes", "Acheteur"],
    "en": ["Software Engineer", "Project Manager", "Accountant", "Customer Success Manager",
           "Data Scientist", "Registered Nurse", "Warehouse Associate", "Marketing Coordinator",
           "Sales Representative", "Financial Analyst", "Operations Manager", "UX Designer"],
}
SENIORITY = {"fr": ["", "", "", " junior", " confirmé", " senior", " (H/F)", " - alternance"],
             "en": ["", "", "", "Senior ", "Junior ", "Lead ", "Principal "]}
EMPLOYER_WORDS = ["Atelier", "Groupe", "Cabinet", "Société", "Maison", "Agence", "Studio",
                  "Harbor", "Northwind", "Bluefield", "Summit", "Riverbank", "Cedar", "Orion"]
EMPLOYER_TAILS = ["Conseil", "Industries", "Services", "Santé", "Logistique", "Analytics",
                  "Partners", "Labs", "Solutions", "& Associés", "Systems", "Foods"]
CITIES = {
    "fr": [("Paris", "FR"), ("Lyon", "FR"), ("Marseille", "FR"), ("Toulouse", "FR"), ("Nantes", "FR"),
           ("Lille", "FR"), ("Bordeaux", "FR"), ("Rennes", "FR"), ("Strasbourg", "FR"),
           ("Montpellier", "FR"), ("Grenoble", "FR"), ("Saint-Étienne", "FR"), ("Bruxelles", "BE"),
           ("Genève", "CH"), ("Montréal", "CA")],
    "en": [("New York", "US"), ("Chicago", "US"), ("Austin", "US"), ("Seattle", "US"),
           ("Boston", "US"), ("London", "GB"), ("Manchester", "GB"), ("Dublin", "IE"),
           ("Toronto", "CA"), ("Denver", "US"), ("Atlanta", "US")],
}
CONTRACTS = {"fr": [("permanent", "CDI", 5), ("fixed_term", "CDD", 3), ("temporary", "Intérim", 1),
                    ("internship", "Stage", 1), ("apprenticeship", "Alternance", 1),
                    ("freelance", "Freelance", 1)],
             "en": [("permanent", "Full-time, permanent", 6), ("fixed_term", "Fixed-term contract", 1),
                    ("temporary", "Temporary", 1), ("internship", "Internship", 1),
                    ("freelance", "Contract (freelance)", 1)]}
REMOTE = {"fr": [("on_site", "Sur site", 4), ("hybrid", "Télétravail partiel", 3), ("remote", "Télétravail complet", 1)],
          "en": [("on_site", "On-site", 4), ("hybrid", "Hybrid", 3), ("remote", "Remote", 2)]}
BOARDS = ["jobs.example.org", "emplois.example.fr", "careers.example.com", "talent.example.net"]


@dataclass(slots=True)
class Base:
    """One real posting: its language, body paragraphs and the fields its parse found."""

    lang: str
    paragraphs: list[str]
    record: Record


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paras) < 4:
        # Postings without blank lines: cut into chunks of a few lines.
        lines = [x for x in text.splitlines() if x.strip()]
        paras = ["\n".join(lines[i:i + 4]) for i in range(0, len(lines), 4)]
    return paras


def source_files() -> tuple[list[Path], str]:
    """The real postings to build from, and a note saying where they are."""
    files = sorted((SHARED / "examples" / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "texts").glob("*.txt"))
    if files:
        return files, f"{len(files)} shared postings"
    return sorted((ROOT / "examples").glob("*.txt")), "the project's examples (shared sets not found)"


def load_bases(files: list[Path] | None = None) -> list[Base]:
    """Parse the real postings once (the pools and bodies every generated posting draws from)."""
    files = files or source_files()[0]
    out = []
    for rec in parse_files(files, ParseConfig(today=date(2026, 1, 15))):
        if isinstance(rec, Failure) or not rec.text:
            continue
        lang = rec.language if rec.language in ("fr", "en") else "en"
        out.append(Base(lang, _paragraphs(rec.text), rec))
    if not out:
        raise SystemExit("no postings to generate from")
    return out


def _weighted(rng: random.Random, options: list[tuple]) -> tuple:
    return rng.choices(options, weights=[o[-1] for o in options])[0]


class _Header:
    """Builds the header text while remembering where each value sits."""

    def __init__(self) -> None:
        self.text = ""
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def line(self, *parts: tuple[str, str | None]) -> None:
        for s, key in parts:
            start = len(self.text)
            self.text += s
            if key:
                self.spans.setdefault(key, []).append((start, len(self.text)))
        self.text += "\n"


def generate(n: int, seed: int = 0, bases: list[Base] | None = None,
             today: date = date(2026, 1, 15)) -> Iterator[Record]:
    """``n`` varied records (ids unique), deterministic for ``seed``."""
    rng = random.Random(seed)
    bases = bases or load_bases()
    by_lang: dict[str, list[Base]] = {}
    for b in bases:
        by_lang.setdefault(b.lang, []).append(b)
    titles = {lang: [b.record.title for b in bs if b.record.title] + TITLES[lang] for lang, bs in by_lang.items()}
    employers = [b.record.employer.name for b in bases if b.record.employer.name]
    places = {lang: [(loc.city, loc.country) for b in bs for loc in b.record.locations if loc.city] + CITIES[lang]
              for lang, bs in by_lang.items()}
    for i in range(n):
        base = rng.choice(bases)
        lang = base.lang
        donor = rng.choice(by_lang[lang])
        fr = lang == "fr"
        title = rng.choice(titles[lang])
        sen = rng.choice(SENIORITY[lang])
        title = (title + sen) if fr else (sen + title)
        if employers and rng.random() < 0.3:
            employer = rng.choice(employers)
        else:
            employer = f"{rng.choice(EMPLOYER_WORDS)} {rng.choice(EMPLOYER_TAILS)} {rng.randint(1, 400)}"
        city, country = rng.choice(places[lang])
        ctype, cword, _ = _weighted(rng, CONTRACTS[lang])
        rpolicy, rword, _ = _weighted(rng, REMOTE[lang])
        posted = today - timedelta(days=int(rng.expovariate(1 / 60)) % 720)
        deadline = posted + timedelta(days=rng.choice([15, 30, 45, 60, 90])) if rng.random() < 0.5 else None
        exp_min = rng.choice([None, None, 0, 1, 2, 3, 5, 8, 10])
        currency = "EUR" if fr or country in ("IE",) else ("GBP" if country == "GB" else "USD")
        salary = None
        if rng.random() < 0.7:
            annual = round(rng.lognormvariate(10.7, 0.35), -2)
            hi = round(annual * rng.choice([1, 1, 1.1, 1.2, 1.3]), -2)
            if rng.random() < 0.5:
                salary = Salary(currency, "month", round(annual / 12, 2), round(hi / 12, 2), 12, annual, hi)
                sal_text = (f"{salary.min:,.0f} - {salary.max:,.0f} {currency} brut par mois" if fr
                            else f"{currency} {salary.min:,.0f}-{salary.max:,.0f} per month")
            else:
                salary = Salary(currency, "year", annual, hi, 12, annual, hi)
                sal_text = (f"{annual:,.0f} à {hi:,.0f} {currency} brut annuel" if fr
                            else f"{currency} {annual:,.0f}-{hi:,.0f} a year")

        h = _Header()
        h.line((title, "title"))
        h.line((employer, "employer"), (" - ", None), (city, "locations[0]"))
        h.line((cword, "contract.type"), (" · ", None), (rword, "remote.policy"))
        if salary:
            h.line(("Salaire : " if fr else "Pay: ", None), (sal_text, "salary"))
        h.line(("Publié le " if fr else "Posted on ", None), (posted.isoformat(), "dates.posted"))
        if deadline:
            h.line(("Date limite : " if fr else "Apply by ", None), (deadline.isoformat(), "dates.deadline"))
        if exp_min is not None:
            h.line((f"{exp_min} ans d'expérience minimum" if fr else f"{exp_min}+ years of experience",
                    "experience.min_years"))
        h.line((f"Réf. JS-{seed}-{i:07d}" if fr else f"Ref. JS-{seed}-{i:07d}", None))
        paras = list(base.paragraphs)
        extra = rng.choice(donor.paragraphs)
        paras.insert(rng.randint(0, len(paras)), extra)
        if len(paras) > 6 and rng.random() < 0.5:
            del paras[rng.randrange(1, len(paras))]
        text = h.text + "\n" + "\n\n".join(paras) + "\n"
        rec = Record(
            id=record_id(text), source=Source(uri=f"https://{BOARDS[i % len(BOARDS)]}/jobs/{seed}-{i}", format="text"),
            language=lang, title=title, employer=Employer(employer),
            locations=[Location(city=city, country=country)],
            contract=Contract(type=ctype), salary=salary or Salary(),
            dates=Dates(posted=posted.isoformat(), deadline=deadline.isoformat() if deadline else None),
            remote=Remote(policy=rpolicy), experience=Experience(min_years=exp_min),
            languages=list(base.record.languages), benefits=list(base.record.benefits),
            evidence=dict(sorted(h.spans.items())), text=text,
        )
        yield rec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for rec in generate(args.n, args.seed):
        sys.stdout.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
