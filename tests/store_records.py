"""Hand-made records for the store, API and UI tests (our own sentences; evidence spans found
in the text so that every field points at what it came from)."""

from __future__ import annotations

from jobsieve.model import (
    Apply, Contract, Dates, Employer, Experience, LanguageRequirement, Location, Record, Remote, Salary, Source,
)
from jobsieve.pipeline import record_id


def make_record(text: str, *, lang: str = "fr", title: str | None = None, employer: str | None = None,
                city: str | None = None, country: str | None = None, contract: str | None = None,
                remote: str | None = None, salary: tuple[float, float, str, str] | None = None,
                salary_text: str | None = None, posted: str | None = None, deadline: str | None = None,
                exp_min: float | None = None, uri: str | None = None, emails: list[str] | None = None,
                urls: list[str] | None = None, languages: list[tuple[str, str | None]] | None = None) -> Record:
    """A record whose fields and evidence come from ``text`` (each value must appear in it)."""
    ev: dict[str, list[tuple[int, int]]] = {}

    def at(key: str, piece: str | None) -> None:
        if piece:
            i = text.index(piece)
            ev.setdefault(key, []).append((i, i + len(piece)))

    at("title", title)
    at("employer", employer)
    at("locations[0]", city)
    at("salary", salary_text)
    at("dates.posted", posted)
    at("dates.deadline", deadline)
    sal = Salary()
    if salary:
        lo, hi, cur, period = salary
        k = {"month": 12, "year": 1}[period]
        sal = Salary(cur, period, lo, hi, 12, lo * k, hi * k)
    return Record(
        id=record_id(text), source=Source(uri=uri, format="text"), language=lang, title=title,
        employer=Employer(employer), locations=[Location(city=city, country=country)] if city or country else [],
        contract=Contract(type=contract), salary=sal, dates=Dates(posted=posted, deadline=deadline),
        remote=Remote(policy=remote), experience=Experience(min_years=exp_min),
        languages=[LanguageRequirement(c, lvl) for c, lvl in languages or []],
        apply=Apply(emails=emails or [], urls=urls or []), evidence=ev, text=text,
    )


def sample_records() -> list[Record]:
    """A small varied set: French and English, every filter field used at least once."""
    return [
        make_record(
            "Référent plaidoyer (H/F)\nAssociation Horizons Solidaires - Paris\nCDD de 12 mois\n"
            "Salaire : 3 000 € brut par mois\nPublié le 2026-01-05\n\n"
            "Vous portez le plaidoyer de l'association auprès des pouvoirs publics et des partenaires.\n"
            "Trois ans d'expérience en plaidoyer ou en communication institutionnelle.",
            title="Référent plaidoyer (H/F)", employer="Association Horizons Solidaires", city="Paris",
            country="FR", contract="fixed_term", remote="on_site", salary=(3000, 3000, "EUR", "month"),
            salary_text="3 000 € brut par mois", posted="2026-01-05", exp_min=3,
            uri="https://emplois.example.fr/offres/101"),
        make_record(
            "Chargée de projets numériques\nAtelier Bleu - Lyon\nCDI, télétravail partiel\n"
            "Publié le 2025-12-20\nDate limite : 2026-01-10\n\n"
            "Vous pilotez les projets de refonte des sites web et animez une équipe de développeurs.",
            title="Chargée de projets numériques", employer="Atelier Bleu", city="Lyon", country="FR",
            contract="permanent", remote="hybrid", posted="2025-12-20", deadline="2026-01-10", exp_min=5,
            uri="https://emplois.example.fr/offres/102"),
        make_record(
            "Développeur back-end Python\nNordique Logiciels - Saint-Étienne\nCDI\n"
            "Salaire : 45 000 € à 52 000 € brut annuel\nPublié le 2026-01-12\n\n"
            "Vous développez nos services en Python et PostgreSQL au sein d'une équipe de six personnes.",
            title="Développeur back-end Python", employer="Nordique Logiciels", city="Saint-Étienne",
            country="FR", contract="permanent", remote="remote", salary=(45000, 52000, "EUR", "year"),
            salary_text="45 000 € à 52 000 € brut annuel", posted="2026-01-12", exp_min=2,
            uri="https://jobs.example.org/p/103"),
        make_record(
            "Project Manager, Public Health\nBright River Foundation - London\nFixed-term contract, 18 months\n"
            "Pay: GBP 48,000 - 55,000 a year\nPosted on 2026-01-02\nApply by 2026-02-15\n\n"
            "You will manage advocacy projects with partner clinics and report to the programme director.",
            lang="en", title="Project Manager, Public Health", employer="Bright River Foundation",
            city="London", country="GB", contract="fixed_term", remote="hybrid",
            salary=(48000, 55000, "GBP", "year"), salary_text="GBP 48,000 - 55,000 a year",
            posted="2026-01-02", deadline="2026-02-15", exp_min=4, uri="https://careers.example.com/j/104"),
        make_record(
            "Data Analyst Intern\nHarbor Analytics - Boston\nInternship, on-site\nPosted on 2025-11-30\n\n"
            "Help our analysts clean data sets and build dashboards for the sales managers.",
            lang="en", title="Data Analyst Intern", employer="Harbor Analytics", city="Boston", country="US",
            contract="internship", remote="on_site", posted="2025-11-30", exp_min=0,
            uri="https://careers.example.com/j/105"),
    ]


def kill_mid_ingest(script: str, db, folder, *, after_files: int = 8, cwd=None) -> None:
    """Run ``script`` (Python code ingesting ``folder`` into ``db``, given as argv) in a new
    process and ``kill -9`` it once ``after_files`` input files are committed."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", script, str(db), str(folder)], cwd=cwd, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as c:
                    done = c.execute("SELECT count(*) FROM ingested_files").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if done >= after_files:
                break
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read().decode()[-500:]}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
