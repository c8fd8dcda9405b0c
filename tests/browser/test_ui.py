"""The web UI in a real headless Chromium: search, filter, page, open a posting, see the
evidence highlights and the JSON-LD; a phone-sized screen; hostile postings stay inert."""

from __future__ import annotations

import json
import re

from .ui_data import PAYLOAD_TITLE, extra_records

from store_records import sample_records


def no_horizontal_scroll(pg) -> bool:
    return pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_search_filter_open_and_highlights(page, server):
    page.goto(server + "/")
    assert page.locator(".hit").count() == 6
    page.fill("#q", "plaidoyer OR projets")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=plaidoyer"))
    assert page.locator(".hit").count() == 2
    assert page.locator("#total").inner_text().startswith("2 postings")

    # A facet link filters and keeps the words.
    page.locator('[data-facet="contract"] a', has_text="Fixed-term").click()
    page.wait_for_url(re.compile(r"contract=fixed_term"))
    assert page.locator(".hit").count() == 1
    assert " ".join(page.locator('[data-facet="contract"] a.on').inner_text().split()) == "☑ Fixed-term 1"
    # The duplicate seen on another board is one result that says so.
    assert "Also posted on 1 other board" in page.locator(".hit").inner_text()

    page.locator(".hit h3 a").click()
    page.wait_for_url(re.compile(r"/postings/"))
    assert page.locator(".card h1").inner_text() == "Référent plaidoyer (H/F)"
    card = page.locator(".card").inner_text()
    assert "36,000 EUR/yr" in card and "as written: 3,000 EUR/mo" in card and "Fixed-term" in card

    title_mark = page.locator('mark[data-field="title"]')
    assert title_mark.count() == 1
    assert title_mark.inner_text() == "Référent plaidoyer (H/F)"
    assert title_mark.get_attribute("title") == "title"
    salary = page.locator('mark[data-field="salary"]')
    assert salary.inner_text() == "3 000 € brut par mois" and salary.get_attribute("title") == "salary"
    assert page.locator('mark[data-field="dates.posted"]').get_attribute("title") == "date posted"

    # Pointing at a field in the legend lights its evidence up.
    page.locator('.field-chip[data-field="salary"]').hover()
    assert "focus" in (salary.get_attribute("class") or "")

    doc = json.loads(page.locator("#jsonld").text_content())
    assert doc["@type"] == "JobPosting" and doc["title"] == "Référent plaidoyer (H/F)"


def test_sort_and_paging(page, server):
    page.goto(server + "/?per_page=2&sort=date")
    titles = page.locator(".hit h3").all_inner_texts()
    assert titles[0] == "Développeur back-end Python"
    page.click("#next")
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator(".pager span").inner_text() == "Page 2 of 3"
    # Changing the sort applies it at once (a little script; the form works without it).
    page.select_option("#sort", "salary")
    page.wait_for_url(re.compile(r"sort=salary"))
    assert page.locator(".hit h3").first.inner_text() == "Project Manager, Public Health"


def test_bad_query_is_shown_not_crashed(page, server):
    page.goto(server + "/")
    page.fill("#q", '"chef de projet')
    page.press("#q", "Enter")
    assert "unbalanced double quote" in page.locator("#error").inner_text()


def test_phone_screen(phone, server):
    phone.goto(server + "/?q=projets")
    assert no_horizontal_scroll(phone)
    filters = phone.locator("#filters")
    assert filters.get_attribute("open") is None  # folded on a phone
    phone.locator("#filters summary").click()
    assert filters.get_attribute("open") is not None
    hit = phone.locator(".hit").first.bounding_box()
    assert hit["width"] <= 390
    phone.locator(".hit h3 a").first.click()
    phone.wait_for_url(re.compile(r"/postings/"))
    assert no_horizontal_scroll(phone)
    card, text = phone.locator(".card").bounding_box(), phone.locator("#text").bounding_box()
    assert card["y"] < text["y"] and card["width"] <= 390 and text["width"] <= 390
    assert phone.locator("mark[data-field]").count() >= 3


def test_hostile_posting_is_inert(page, server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = [r for r in extra_records() if r.title == PAYLOAD_TITLE][0]
    page.goto(server + "/?q=vaisselle")
    assert page.locator(".hit h3").inner_text() == PAYLOAD_TITLE
    page.goto(server + f"/postings/{hostile.id}")
    page.locator(".card").hover()
    page.locator("#text").hover()
    assert page.locator(".card h1").inner_text() == PAYLOAD_TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#text img, .card img, [onmouseover], [onerror]").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert dialogs == []


def test_every_posting_page_renders(page, server):
    for r in sample_records():
        resp = page.goto(server + f"/postings/{r.id}")
        assert resp.status == 200
        assert page.locator("mark[data-field]").count() >= 2
        assert no_horizontal_scroll(page)


def test_one_ad_from_two_boards_is_one_result_listing_both_sources(page, dedup_server):
    page.goto(dedup_server + "/?q=maintenance")
    assert page.locator(".hit").count() == 1
    assert "Also posted on 1 other board" in page.locator(".hit").inner_text()
    page.locator(".hit h3 a").click()
    page.wait_for_url(re.compile(r"/postings/"))
    sources = page.locator("#sources li")
    assert sources.count() == 2
    assert sorted(sources.nth(i).get_attribute("data-board") for i in range(2)) == ["alpes-emploi", "jobs-savoie"]
    assert "also posted on 1 other board" in page.locator(".sources").inner_text()


def test_api_docs_load_without_network(page, server):
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(server):
            route.continue_()
        else:  # anything else would need the network: refuse it and remember it
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(server + "/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert title.inner_text().startswith("jobsieve")
    assert page.locator(".opblock-summary-path", has_text="/api/postings").count() >= 2
    assert outside == [] and failed == []
