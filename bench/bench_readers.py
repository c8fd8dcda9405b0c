"""Reader throughput per format on ~10 KB inputs (plain text, Markdown, HTML, JSON).

Inputs are built here (no shared data needed): a French posting of ~10 KB written as
plain text, as Markdown, as an HTML page with JSON-LD, and as a France Travail offer.

    python bench/bench_readers.py [--n 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import time

from jobsieve.readers import read_text

PARA = ("Vos missions : préparer les commandes des clients, contrôler les livraisons des "
        "fournisseurs, tenir l'inventaire du magasin et conseiller la clientèle en rayon. ")


def inputs() -> dict[str, tuple[str, str]]:
    """Format name -> (file name, ~10 KB text)."""
    body = "\n".join(f"- {PARA}" if i % 3 else PARA for i in range(60))[:9500]
    # Shaped like board exports: a heading per ~1 KB, bold labels, bullets, a few links.
    md = "\n\n".join(f"## **Partie {i}**\n\n**Missions :** {PARA}\n\n{PARA}\n\n- *{PARA[:60]}*\n- {PARA[:80]}\n\n"
                       f"**Conditions :** {PARA}" + (f" [Postuler ici](https://x.example/{i})" if i % 3 == 0 else "")
                       for i in range(12))[:10_000]
    page = ("<html lang='fr'><head><script type='application/ld+json'>"
            + json.dumps({"@type": "JobPosting", "title": "Vendeur (H/F)", "datePosted": "2026-01-02",
                          "hiringOrganization": {"name": "Magasin"}, "employmentType": "FULL_TIME",
                          "baseSalary": {"currency": "EUR", "value": {"value": 1900, "unitText": "MONTH"}},
                          "description": "<p>" + PARA + "</p>"})
            + "</script></head><body><nav>Accueil</nav><main><h1>Vendeur (H/F)</h1>"
            + "".join(f"<h2>Partie {i}</h2><p>{PARA}</p><ul><li>{PARA}</li></ul>" for i in range(25))
            + "</main><footer>Mentions</footer></body></html>")
    offer = json.dumps({"resultats": [{"id": "1", "intitule": "Vendeur (H/F)", "description": body,
                                       "lieuTravail": {"libelle": "75 - PARIS 11"}, "typeContrat": "CDD",
                                       "typeContratLibelle": "CDD - 6 Mois",
                                       "salaire": {"libelle": "Mensuel de 1900.0 Euros sur 12.0 mois"},
                                       "dateCreation": "2026-01-02T10:00:00.000Z"}]})
    return {"text": ("offre.txt", body), "markdown": ("offre.md", md), "html": ("offre.html", page),
            "json": ("offres.json", offer)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="reads per format")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    results = {}
    for fmt, (name, text) in inputs().items():
        read_text(text, uri=name)  # first call: lazy imports
        n = max(args.n // 10, 10) if fmt == "html" else args.n
        t0 = time.perf_counter()
        for _ in range(n):
            read_text(text, uri=name)
        ms = (time.perf_counter() - t0) / n * 1000
        results[fmt] = {"bytes": len(text.encode()), "ms_per_input": round(ms, 3)}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for fmt, r in results.items():
            print(f"{fmt:9s} {r['bytes']:6d} bytes  {r['ms_per_input']:8.3f} ms per input")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
