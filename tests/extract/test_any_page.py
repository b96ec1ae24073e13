"""Any page gives a result: markup that is odd but real is input, not a reason to raise.

Hand-written pages (made-up text), one per cause found on real pages; the shared
benchmark pages are fed whole in ``test_shared_pages.py``.
"""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article, extract_page
from newscrawl.extract.page import Page
from newscrawl.sites.definition import SiteDefinition

URL = "https://www.gazette.test/2026/03/03/ferry-timetable/"
TEXT = ("The harbour council approved the new ferry timetable on Tuesday evening, after a "
        "debate that ran past midnight and split the members over weekend services.")

# Older sites serve XHTML 1.0 with an XML declaration: browsers read it as HTML, and so
# must the extractor (an XML parse keeps the namespace on every tag and entity
# references such as &nbsp; as nodes of their own).
XHTML = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head>
<title>Ferry timetable approved - The Gazette</title></head>
<body><!-- story --><div id="story"><h1>Ferry timetable approved</h1>
<p>{TEXT}&nbsp;<?php echo 1; ?></p></div></body></html>"""


@pytest.mark.parametrize("prolog", ["", "\ufeff", "  \n"])
def test_xhtml_with_an_xml_declaration_is_read_as_html(prolog: str) -> None:
    found = extract_article(prolog + XHTML, URL)
    assert found["title"] == "Ferry timetable approved"
    assert found["body"].startswith(TEXT)
    assert found["language"] == "en"


def test_text_that_parses_as_json_is_read_as_a_browser_shows_it() -> None:
    text = '{"headline": "Not HTML", "items": [1, 2]}'
    found = extract_article(text, URL)
    assert found["body"] == text and "title" not in found


BROKEN = "http://[ferry"  # urljoin raises on it (an unclosed IPv6 host)


def test_urls_that_are_not_urls_are_left_out() -> None:
    html = f"""<html><head><link rel="canonical" href="{BROKEN}/a">
    <meta property="og:url" content="/2026/03/03/ferry-timetable/"></head><body>
    <div class="breadcrumb"><a href="/">Home</a><a href="{BROKEN}/news">News</a>
    <a href="/local/">Local</a></div>
    <article><p>{TEXT}</p><figure><img src="{BROKEN}/a.jpg"><figcaption>Broken</figcaption>
    </figure><figure><img src="/ferry.jpg"><figcaption>The ferry</figcaption></figure>
    </article></body></html>"""
    found = extract_article(html, URL)
    assert found["url"] == URL  # og:url, after the broken canonical
    assert found["category"] == "Local"
    assert [image["url"] for image in found["images"]] == ["https://www.gazette.test/ferry.jpg"]


def test_a_site_definitions_image_with_a_broken_url_is_left_out() -> None:
    site = SiteDefinition(name="gazette", domains=("gazette.test",),
                          start_urls=("https://www.gazette.test/",), images="figure")
    html = f"""<html><body><article><p>{TEXT}</p>
    <figure><img src="{BROKEN}/a.jpg"></figure><figure><img src="/b.jpg"></figure>
    </article></body></html>"""
    found = extract_page(Page.from_html(html, URL), site)
    assert [image["url"] for image in found["images"]] == ["https://www.gazette.test/b.jpg"]


def test_lone_surrogates_in_the_text_are_replaced() -> None:
    # A str decoded with errors="surrogateescape" (or built from JSON "\\ud83d" escapes)
    # cannot be encoded as UTF-8, which the parser needs.
    found = extract_article(f"<html><body><p>{TEXT} \udc9f\ud83d</p></body></html>", URL)
    assert found["body"].startswith(TEXT)


@pytest.mark.parametrize("reference", ['{"@id": {"url": "#org"}}', '{"@id": ["#org"]}',
                                       '{"@id": null, "@type": "Organization"}'])
def test_a_json_ld_reference_that_names_no_id_is_left_as_it_is(reference: str) -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
    "headline": "Ferry timetable approved", "publisher": {reference},
    "author": {reference}}}</script></head><body><article><p>{TEXT}</p></article></body></html>"""
    found = extract_article(html, URL)
    assert found["title"] == "Ferry timetable approved"
    assert found["body"].startswith(TEXT)
