"""Postings the browser tests add to the sample ones: a duplicate cluster seen on two boards,
and a posting full of script payloads."""

from __future__ import annotations

from dataclasses import replace

from jobsieve.model import Source
from store_records import make_record, sample_records

PAYLOAD_TITLE = 'Plongeur <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def extra_records():
    hostile_text = (f"{PAYLOAD_TITLE}\nCantine <b onmouseover=\"window.__pwned=3\">Centrale</b> - Nantes\n"
                    "Publié le 2026-01-07\n\nLavage de la vaisselle. <script>window.__pwned=4</script>\n")
    # The same posting seen on a second board: one posting with two sources.
    again = replace(sample_records()[0], source=Source(uri="https://jobs.example.org/annonce/55"))
    return [
        again,
        make_record(hostile_text, title=PAYLOAD_TITLE, employer='Cantine <b onmouseover="window.__pwned=3">Centrale</b>',
                    city="Nantes", country="FR", posted="2026-01-07", contract="permanent",
                    urls=["javascript:window.__pwned=5"]),
    ]
