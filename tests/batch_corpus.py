"""A small input for the batch tests: 22 short postings with planted duplicates, in five formats.

Eight vacancies, each written as a body of its own sentences; some are posted again on
other boards (another header, a footer, a shortened body), as real reposts are, and one is
the same text for another city (a different vacancy). The postings are spread over plain
text, Markdown, HTML, a schema.org JSON file and JSON Lines of schema.org and France
Travail objects, so every reader takes part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Vacancy:
    title: str
    employer: str
    city: str
    contract: str
    salary: str
    lang: str
    body: tuple[str, ...]


VACANCIES = {
    "baker": Vacancy(
        "Boulanger de nuit (H/F)", "Fournil des Quatre Vents", "Rennes", "CDI", "2 150 € brut par mois", "fr", (
            "Notre fournil artisanal prépare chaque nuit le pain des trois boutiques du quartier Sainte-Anne.",
            "Vous façonnez les baguettes tradition, les pains au levain et les viennoiseries pur beurre.",
            "Vous surveillez la fermentation lente des pâtes et réglez le four à sole selon les fournées.",
            "Une première expérience en boulangerie artisanale est demandée, le CAP boulanger est un plus.",
            "Horaires de nuit de 22 h à 6 h, cinq nuits par semaine, deux jours de repos consécutifs.",
            "Prime de nuit, mutuelle prise en charge à moitié et pain offert chaque matin.",
        )),
    "nurse": Vacancy(
        "Infirmier en soins de suite (H/F)", "Clinique du Val Fleuri", "Angers", "CDD", "2 400 € brut par mois", "fr", (
            "La clinique accueille quarante patients en soins de suite et de réadaptation après une chirurgie.",
            "Vous assurez les soins techniques, la distribution des traitements et le suivi des pansements complexes.",
            "Vous travaillez en binôme avec une aide-soignante et participez aux transmissions de l'équipe.",
            "Le diplôme d'État d'infirmier est obligatoire, les jeunes diplômés sont les bienvenus.",
            "Contrat de six mois renouvelable, en roulement de douze heures, un week-end sur deux.",
            "Restaurant d'entreprise, parking gratuit et accompagnement par une infirmière référente.",
        )),
    "data": Vacancy(
        "Data Engineer", "Northwind Freight", "Manchester", "Full-time, permanent", "£48,000 - £55,000 a year", "en", (
            "Northwind Freight moves refrigerated goods across the north of England with a fleet of two hundred trucks.",
            "You will build the pipelines that bring telematics, orders and warehouse scans into our lakehouse.",
            "You will model delivery data so that planners can see late routes before the customer calls.",
            "We expect three years of Python and SQL, and experience with an orchestrator such as Airflow or Dagster.",
            "Knowledge of streaming tools and of the logistics trade would help but is not required.",
            "Hybrid work with two days a week at the Trafford Park depot, and a yearly training budget.",
        )),
    "teacher": Vacancy(
        "Primary School Teacher", "Cedar Grove Academy", "Leeds", "Fixed-term contract", "£32,000 a year", "en", (
            "Cedar Grove Academy is a two-form entry primary school with a large outdoor learning garden.",
            "We are looking for a class teacher for Year 4 to cover a maternity leave from September.",
            "You will plan engaging lessons, assess progress termly and work closely with our teaching assistants.",
            "Qualified Teacher Status is essential and experience in Key Stage 2 is desirable.",
            "Our staff benefit from protected planning time, a wellbeing day and free breakfast club places.",
            "Safeguarding checks and two references will be required before any appointment.",
        )),
    "welder": Vacancy(
        "Soudeur TIG (H/F)", "Ateliers Mécaniques du Rhône", "Lyon", "Intérim", "14 € brut de l'heure", "fr", (
            "Notre client fabrique des cuves inox pour l'industrie agroalimentaire dans la vallée du Rhône.",
            "Vous soudez au TIG des tôles fines en acier inoxydable à partir de plans d'ensemble.",
            "Vous contrôlez l'aspect des cordons et signalez toute non-conformité au chef d'atelier.",
            "Une qualification en soudure TIG sur inox est exigée ainsi que deux ans d'expérience.",
            "Mission de trois mois renouvelable en horaires de journée du lundi au vendredi.",
            "Paniers repas, indemnités de transport et possibilité d'embauche à l'issue de la mission.",
        )),
    "support": Vacancy(
        "Customer Support Specialist", "Harbor Analytics", "Dublin", "Full-time, permanent", "€38,000 a year", "en", (
            "Harbor Analytics makes scheduling software used by over nine hundred dental practices.",
            "You will answer questions from practice managers by phone, chat and email in a friendly tone.",
            "You will reproduce reported bugs, write clear tickets for engineering and follow them to resolution.",
            "Fluent English is required and conversational German or French is a strong advantage.",
            "You have a year of experience in a software support role and enjoy explaining things simply.",
            "Remote-first team with a quarterly meetup in Dublin and a home office allowance.",
        )),
    "accountant": Vacancy(
        "Comptable fournisseurs (H/F)", "Groupe Bellerive Santé", "Nantes", "CDI", "34 000 à 38 000 € brut annuel", "fr", (
            "Le groupe Bellerive Santé rassemble six établissements médico-sociaux en Loire-Atlantique.",
            "Au sein du service comptable, vous traitez les factures fournisseurs de trois établissements.",
            "Vous lettrez les comptes, préparez les règlements hebdomadaires et relancez les avoirs en attente.",
            "Vous participez aux clôtures mensuelles et à la préparation du bilan avec le cabinet d'expertise.",
            "Un BTS comptabilité et trois ans d'expérience sur un poste similaire sont attendus.",
            "Treizième mois, vingt-cinq jours de RTT et télétravail possible un jour par semaine.",
        )),
    "driver": Vacancy(
        "Delivery Driver", "Summit Grocers", "Boston", "Temporary", "$22 an hour", "en", (
            "Summit Grocers delivers fresh groceries to homes across the greater Boston area every day.",
            "You will load your van at our Somerville hub and complete about twenty-five drops per shift.",
            "You will check orders with customers at the door and handle returns with care.",
            "A clean driving record and the ability to lift fifty pounds are required.",
            "Shifts run from six in the morning, four days a week, through the holiday season.",
            "Paid training, fuel covered and a weekly bonus for on-time deliveries.",
        )),
}


def header_text(v: Vacancy, posted: str, board: str) -> str:
    if v.lang == "fr":
        return (f"{v.title}\n{v.employer} - {v.city}\nContrat : {v.contract}\nSalaire : {v.salary}\n"
                f"Publié le {posted} sur {board}\n")
    return f"{v.title}\n{v.employer} - {v.city}\n{v.contract}\nPay: {v.salary}\nPosted on {posted} via {board}\n"


def plain(v: Vacancy, posted: str, board: str, body: tuple[str, ...] | None = None, footer: str = "") -> str:
    body = body or v.body
    return header_text(v, posted, board) + "\n" + "\n\n".join(body) + "\n" + (f"\n{footer}\n" if footer else "")


def markdown(v: Vacancy, posted: str) -> str:
    label = "Description du poste" if v.lang == "fr" else "About the job"
    return (f"# {v.title}\n\n**{v.employer}** · {v.city} · {v.contract}\n\n{v.salary}\n\n"
            f"{'Publié le' if v.lang == 'fr' else 'Posted'} {posted}\n\n## {label}\n\n"
            + "\n\n".join(v.body) + "\n")


def html(v: Vacancy, posted: str) -> str:
    paras = "".join(f"<p>{s}</p>" for s in v.body)
    return (f"<!DOCTYPE html><html><head><title>{v.title}</title></head><body><article>"
            f"<h1>{v.title}</h1><p>{v.employer} - {v.city}</p><p>{v.contract} - {v.salary}</p>"
            f"<p>{'Publié le' if v.lang == 'fr' else 'Posted on'} {posted}</p>{paras}</article></body></html>\n")


def jsonld(v: Vacancy, posted: str, url: str) -> dict:
    return {"@context": "https://schema.org", "@type": "JobPosting", "title": v.title, "url": url,
            "datePosted": posted, "hiringOrganization": {"@type": "Organization", "name": v.employer},
            "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": v.city}},
            "inLanguage": v.lang, "description": "\n\n".join(v.body)}


def francetravail(v: Vacancy, posted: str, ident: str) -> dict:
    return {"id": ident, "intitule": v.title, "description": "\n".join(v.body),
            "dateCreation": f"{posted}T09:00:00.000Z", "lieuTravail": {"libelle": f"44 - {v.city}"},
            "entreprise": {"nom": v.employer}, "typeContrat": "CDI", "typeContratLibelle": "Contrat à durée indéterminée"}


def write_corpus(root: Path) -> Path:
    """Write the input folder under ``root``; returns it."""
    v = VACANCIES
    files: dict[str, str] = {
        # board A: plain text
        "board_a/baker.txt": plain(v["baker"], "2026-01-05", "emplois-a.example"),
        "board_a/nurse.txt": plain(v["nurse"], "2026-01-06", "emplois-a.example"),
        "board_a/data.txt": plain(v["data"], "2026-01-07", "jobs-a.example"),
        "board_a/welder.txt": plain(v["welder"], "2026-01-08", "emplois-a.example"),
        "board_a/support.txt": plain(v["support"], "2026-01-02", "jobs-a.example"),
        # the welder's ad for another town: same text, another vacancy
        "board_a/welder_other_city.txt": plain(
            Vacancy(**{**v["welder"].__dict__, "city": "Grenoble"}), "2026-01-08", "emplois-a.example"),
        # board B: Markdown copies and originals
        "board_b/baker.md": markdown(v["baker"], "2026-01-07"),
        "board_b/teacher.md": markdown(v["teacher"], "2026-01-03"),
        "board_b/driver.md": markdown(v["driver"], "2026-01-09"),
        # board C: HTML
        "board_c/nurse.html": html(v["nurse"], "2026-01-08"),
        "board_c/accountant.html": html(v["accountant"], "2026-01-04"),
        "board_c/teacher.html": html(v["teacher"], "2026-01-05"),
        # reposts: a shortened body, a footer
        "board_d/data_repost.txt": plain(v["data"], "2026-01-12", "jobs-d.example", body=v["data"].body[:5],
                                         footer="Apply through our partner site."),
        "board_d/driver_repost.txt": plain(v["driver"], "2026-01-14", "jobs-d.example",
                                           footer="Reposted: still hiring for the season."),
        "board_d/accountant.txt": plain(v["accountant"], "2026-01-10", "emplois-d.example"),
    }
    feed = [
        json.dumps(jsonld(v["support"], "2026-01-03", "https://jobs-e.example/support/1")),
        json.dumps(jsonld(v["teacher"], "2026-01-06", "https://jobs-e.example/teacher/7")),
        json.dumps(francetravail(v["accountant"], "2026-01-05", "201ABCD")),
        json.dumps(francetravail(v["baker"], "2026-01-06", "201ABCE")),
    ]
    files["feed/offers.jsonl"] = "\n".join(feed) + "\n"
    files["feed/welder.json"] = json.dumps(jsonld(v["welder"], "2026-01-09", "https://jobs-e.example/welder/3"))
    files["feed/nurse.json"] = json.dumps(jsonld(v["nurse"], "2026-01-09", "https://jobs-e.example/nurse/4"))
    folder = root / "postings"
    for name, text in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return folder
