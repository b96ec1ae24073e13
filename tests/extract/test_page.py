"""The one parsed tree per response, and that it leaves with its response."""

from __future__ import annotations

import gc
import weakref

import pytest
from scrapy.http import HtmlResponse

from newscrawl.extract.page import Page, page_selector

BODY = b"<html><head><base href='/news/'></head><body><h1>Title</h1></body></html>"


@pytest.fixture
def no_gc():
    gc.disable()
    yield
    gc.enable()


def test_every_reader_of_a_response_shares_one_parse():
    response = HtmlResponse("http://news.test/a", body=BODY)
    selector = page_selector(response)
    assert page_selector(response) is selector
    assert Page.from_response(response).selector is selector
    assert selector.css("h1::text").get() == "Title"
    assert selector.root.base_url == "http://news.test/news/"  # <base href>, as Scrapy's


def test_the_parse_goes_with_its_response_without_a_garbage_collection(no_gc):
    ours, scrapys = (HtmlResponse("http://news.test/a", body=BODY) for _ in range(2))
    parsed = weakref.ref(page_selector(ours))
    scrapy_parsed = weakref.ref(scrapys.selector)  # refers back to its response: a cycle
    del ours, scrapys
    assert parsed() is None
    assert scrapy_parsed() is not None


@pytest.mark.parametrize(("head", "claims"), [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H"}</script>',
     True),
    ('<meta property="og:type" content="article">', True),
    ('<meta property="article:published_time" content="2024-05-02T09:30:00Z">', True),
    ('<meta property="og:type" content="website">', False),
    ('<script type="application/ld+json">{"@type": "CollectionPage"}</script>', False),
    ("", False),
])
def test_a_page_says_whether_it_is_an_article(head, claims):
    page = Page.from_html(f"<html><head>{head}</head><body><p>Text</p></body></html>",
                          "https://n.test/x/")
    assert page.metadata.claims_article is claims
