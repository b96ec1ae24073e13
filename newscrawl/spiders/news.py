"""The ``news`` spider: home page → section listings → pagination → article pages.

It only routes: which links to follow comes from a link finder (a site definition's
selectors), what an article says comes from ``newscrawl.extract``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from newscrawl.args import CrawlArgs
from newscrawl.cleaning import canonical_key, clean_url
from newscrawl.extract import Page, extract_page
from newscrawl.sites import get_site
from newscrawl.spiders.links import LinkFinder, SiteLinks


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.args = CrawlArgs.parse(kwargs)
        self.site_definition = get_site(self.args.site) if self.args.site else None
        start_urls = (
            [str(self.args.start_url)]
            if self.args.start_url
            else [str(url) for url in self.site_definition.start_urls]
        )
        self.start_urls = start_urls
        hosts = {urlsplit(url).hostname for url in start_urls}
        if self.site_definition:
            self.allowed_domains = sorted(set(self.site_definition.domains) | hosts)
            self.links: LinkFinder = SiteLinks(self.site_definition.links)
        else:
            raise NotImplementedError("generic mode")
        # The feed paths use %(site)s: the definition's name.
        self.site = self.site_definition.name
        self._articles_requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site_definition:
            # Settings are still open here: a site may tighten (or relax) politeness.
            crawler.settings.setdict(spider.site_definition.settings, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, meta={"section": None})

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """A home page or a section listing: sections, articles, the next page."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/non_html")
            return
        section = response.meta["section"]
        page_no = response.meta.get("page_no", 1)
        if section is None:
            for url in self.links.categories(response):
                yield self._listing(url, section=url, page_no=1)
        for url in self.links.articles(response):
            request = self._article(url)
            if request:
                yield request
        next_url = self.links.next_page(response)
        if next_url and self.args.max_pages and page_no >= self.args.max_pages:
            self.crawler.stats.inc_value("newscrawl/limits/max_pages")
        elif next_url:
            yield self._listing(next_url, section=section or "home", page_no=page_no + 1)

    def _listing(self, url: str, section: str, page_no: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, meta={"section": section, "page_no": page_no}
        )

    def _article(self, url: str) -> scrapy.Request | None:
        key = canonical_key(url)
        if key in self._articles_requested:
            return None
        if self.args.max_articles and len(self._articles_requested) >= self.args.max_articles:
            self.crawler.stats.inc_value("newscrawl/limits/max_articles")
            return None
        self._articles_requested.add(key)
        return scrapy.Request(url, callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/non_html")
            return
        fields = extract_page(Page.from_response(response), self.site_definition)
        for name, origin in fields["provenance"].items():
            self.crawler.stats.inc_value(f"newscrawl/provenance/{self.site}/{name}/{origin}")
        yield {
            **fields,
            "url": self._item_url(fields.get("url"), response.url),
            "site": self.site,
            "scraped_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def _item_url(self, canonical: str | None, fetched: str) -> str:
        """The page's rel=canonical when it stays on this site, else the fetched URL."""
        if canonical:
            canonical = clean_url(canonical, base=fetched)
            if urlsplit(canonical).hostname == urlsplit(fetched).hostname:
                return canonical
        return clean_url(fetched)
