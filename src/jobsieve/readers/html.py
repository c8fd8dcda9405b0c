"""HTML reader: the page's main text, under a header rendered from its JobPosting data.

Cascade, safest first:

1. trafilatura finds the main content and writes it as Markdown (so headings survive),
   which the Markdown reader turns into text with heading spans;
2. when trafilatura returns nothing (short pages, truncated HTML), selectolax's text of
   the body without scripts, navigation and footers;
3. schema.org JobPosting data (JSON-LD, also in ``@graph`` or lists, or microdata) is
   rendered as a header of labelled lines with hints; its ``description`` replaces the
   main text when the page's text does not contain it (a listing, a shell page).
   A page holding several JobPostings gives one posting per JobPosting.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import InputError
from ..model import Span
from . import SourceDoc
from .header import HeaderBuilder
from .htmltext import node_text
from .jsonld import description, find_postings, render_posting
from .markdown import link_hints, render_markdown

_CDATA = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")
_MICRO_TYPE = re.compile(r"schema\.org/JobPosting$", re.I)
_NON_WORD = re.compile(r"\W+")


def _key(text: str) -> str:
    """Letters and digits only, lower-cased: enough to tell whether a text holds another."""
    return _NON_WORD.sub("", text).lower()


def _jsonld(tree) -> list[dict]:
    found: list[dict] = []
    for node in tree.css('script[type="application/ld+json"]'):
        raw = _CDATA.sub("", node.text() or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # Some sites leave raw line breaks inside strings; JSON forbids them.
            try:
                data = json.loads(raw, strict=False)
            except ValueError:
                continue
        found.extend(find_postings(data))
    return found


def _micro_value(node) -> Any:
    attrs = node.attributes
    if "itemscope" in attrs:
        return _micro_item(node)
    for attr in ("content", "datetime"):
        if attrs.get(attr):
            return attrs[attr]
    if node.tag in ("a", "link") and attrs.get("href"):
        return attrs["href"]
    if node.tag == "meta":
        return attrs.get("content") or ""
    return node.text(separator=" ").strip()


def _micro_item(item) -> dict:
    """A microdata item as a JSON-LD-like dict (only its own properties, nested items nested)."""
    out: dict[str, Any] = {"@type": item.attributes.get("itemtype") or ""}
    for prop in item.css("[itemprop]"):
        owner = prop.parent
        while owner is not None and owner is not item and "itemscope" not in owner.attributes:
            owner = owner.parent
        if owner is None or owner.mem_id != item.mem_id:
            continue
        names = (prop.attributes.get("itemprop") or "").split()
        value = _micro_value(prop)
        for name in names:
            if name in out:
                prev = out[name]
                out[name] = (prev if isinstance(prev, list) else [prev]) + [value]
            else:
                out[name] = value
    return out


def _microdata(tree) -> list[dict]:
    items = []
    for node in tree.css("[itemscope][itemtype]"):
        if _MICRO_TYPE.search(node.attributes.get("itemtype") or ""):
            items.append(_micro_item(node))
    return items


def _page_lang(tree) -> str | None:
    node = tree.css_first("html")
    lang = (node.attributes.get("lang") or "") if node is not None else ""
    lang = lang.split("-")[0].lower()
    return lang if lang in ("fr", "en") else None


def _main_text(page: str, tree) -> tuple[str, list[Span], list[tuple[Span, str]]]:
    import trafilatura

    try:
        md = trafilatura.extract(page, output_format="markdown", include_formatting=True,
                                 include_links=True, include_tables=True, include_comments=False,
                                 favor_recall=True, deduplicate=False)
    except Exception:  # trafilatura raises on some malformed pages: fall back below
        md = None
    if md and md.strip():
        r = render_markdown(md)
        return r.text, r.headings, r.links
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return "", [], []
    return node_text(root)


def _in_chrome(node) -> bool:
    node = node.parent
    while node is not None:
        if node.tag in ("nav", "footer", "header"):
            return True
        node = node.parent
    return False


def _lost_apply_links(tree, body: tuple[str, list[Span], list]) -> tuple[str, list[Span], list]:
    """Apply links ("Postuler", "Apply now") of the page that the main text dropped.

    trafilatura leaves out paragraphs holding only a link; an application link is worth
    keeping, so "<link text> : <address>" is added as a last line, the link recorded on
    its text.
    """
    from .markdown import _apply_pattern

    text, headings, links = body
    have = {url for _, url in links}
    pattern = _apply_pattern()
    added = 0
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href.lower().startswith(("mailto:", "http://", "https://")) or href in have:
            continue
        label = " ".join(a.text(separator=" ").split())
        if not label or len(label) > 80 or not pattern.search(label) or _in_chrome(a):
            continue
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "")
        links = [*links, ((len(text), len(text) + len(label)), href)]
        address = href[7:].split("?", 1)[0] if href.lower().startswith("mailto:") else href
        text += f"{label} : {address}"
        have.add(href)
        added += 1
        if added == 3:
            break
    return text, headings, links


def _lang_of(text: str, default: str | None) -> str:
    if default:
        return default
    from ..lang import detect_language

    return "fr" if detect_language(text) == "fr" else "en"


def _doc(header: HeaderBuilder, body: tuple[str, list[Span], list], uri: str | None) -> SourceDoc:
    text, headings, links = body
    start = header.block(text, headings) if text.strip() else len(header)
    full = header.text()
    shifted = [((s + start, e + start), url) for (s, e), url in links]
    return SourceDoc(text=full, format="html", uri=uri, hints=header.hints + link_hints(full, shifted, "html"),
                     headings=header.headings, links=shifted)


def read_html(text: str, uri: str | None = None) -> list[SourceDoc]:
    """An HTML page to its posting(s): main text, JobPosting header and hints."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    postings = _jsonld(tree) or _microdata(tree)
    page_lang = _page_lang(tree)
    if len(postings) > 1:
        docs = []
        for i, jp in enumerate(postings, 1):
            body = description(jp, "en")
            lang = _lang_of(body[0], page_lang or (str(jp.get("inLanguage") or "")[:2].lower() or None))
            if lang != "en":
                body = description(jp, lang)
            header = HeaderBuilder()
            render_posting(jp, lang, header)
            docs.append(_doc(header, body, f"{uri}#{i}" if uri else f"#{i}"))
        return docs
    main = _main_text(text, tree)
    header = HeaderBuilder()
    if postings:
        jp = postings[0]
        lang = _lang_of(main[0] or str(jp.get("description") or ""), page_lang)
        desc = description(jp, lang)
        render_posting(jp, lang, header)
        if desc[0].strip() and _key(desc[0][:200])[:80] not in _key(main[0]):
            main = desc
    else:
        _page_title(tree, main, header)
    main = _lost_apply_links(tree, main)
    if not main[0].strip() and not len(header):
        raise InputError(uri, "no text found in this HTML page")
    return [_doc(header, main, uri)]


def _page_title(tree, main: tuple[str, list, list], header: HeaderBuilder) -> None:
    """Put the page's <h1> on top when the main text lost it (trafilatura often does)."""
    node = tree.css_first("h1")
    h1 = " ".join((node.text(separator=" ") if node is not None else "").split())
    if h1 and len(h1) <= 200 and _key(h1) not in _key(main[0][:3000]):
        header.line(h1, heading=True)
