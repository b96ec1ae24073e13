"""Boilerplate pipeline: a site's template text, learned during the crawl, out of bodies.

It listens to the listing pages (home and section pages, by their role in the request's
meta) the crawl receives (``response_received``) and removes
from each body the paragraphs that the site repeats on listing pages and in other
articles' bodies (see ``newscrawl.extract.template``). The first article that carries a
template paragraph keeps it: nothing had shown it to be template yet.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from newscrawl.cleaning import count_words
from newscrawl.extract.page import page_selector
from newscrawl.extract.template import TemplateText
from newscrawl.meta import LISTINGS, page_role


class BoilerplatePipeline:
    def __init__(self, crawler: Crawler, template: TemplateText, max_listings: int) -> None:
        self.crawler = crawler
        self.template = template
        # A site's template is the same on every page: past this many listings there is
        # nothing new to learn, only parsing to pay for.
        self.max_listings = max_listings
        self.listings_learned = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoilerplatePipeline:
        settings = crawler.settings
        min_listings = settings.getint("NEWSCRAWL_BOILERPLATE_MIN_LISTINGS")
        if min_listings <= 0:
            raise NotConfigured("NEWSCRAWL_BOILERPLATE_MIN_LISTINGS is 0")
        pipeline = cls(crawler, TemplateText(
            min_listings=min_listings,
            min_articles=settings.getint("NEWSCRAWL_BOILERPLATE_MIN_ARTICLES"),
            max_words=settings.getint("NEWSCRAWL_BOILERPLATE_MAX_WORDS"),
        ), max_listings=settings.getint("NEWSCRAWL_BOILERPLATE_LEARN_LISTINGS"))
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    def response_received(self, response: Response, request: Request) -> None:
        if (page_role(request.meta) in LISTINGS and isinstance(response, HtmlResponse)
                and self.listings_learned < self.max_listings):
            # The spider's callback reuses this parse.
            self.template.learn_listing(page_selector(response).root)
            self.listings_learned += 1
            self.crawler.stats.inc_value("newscrawl/boilerplate/listings_learned")

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        body, removed = self.template.remove_from(item.get("body") or "")
        if removed:
            item["body"] = body
            item["word_count"] = count_words(body)
            self.crawler.stats.inc_value("newscrawl/boilerplate/items")
            self.crawler.stats.inc_value("newscrawl/boilerplate/paragraphs_removed", removed)
        return item
