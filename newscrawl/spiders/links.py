"""Link finders: which links of a listing page lead to sections, articles and the next page."""

from __future__ import annotations

import re
from typing import Protocol

from scrapy.http import TextResponse

from newscrawl.cleaning import link_url
from newscrawl.extract.page import links_base, page_selector
from newscrawl.query import run_query
from newscrawl.sites.definition import SiteDefinition

# URLs that never end: calendars, archives by date, search and faceted navigation.
_TRAP = re.compile(
    r"calendar|[?&](?:s|q|search|filter|sort|orderby|order|month|year|day|date|replytocom)="
    r"|/wp-(?:admin|json|login)|/search/|/feed/?$",
    re.I,
)
# Sitemaps of things that are not articles: Yoast's and other plugins' naming
# (page-sitemap.xml), and WordPress core's since 5.5 (wp-sitemap-posts-page-1.xml, its
# taxonomies' and users' sitemaps).
_NON_ARTICLE_SITEMAP = re.compile(
    r"(?:page|category|tag|author|product|attachment)[-_]?sitemap"
    r"|wp-sitemap-(?:posts-page|taxonomies|users)-", re.I)


def is_trap(url: str) -> bool:
    return bool(_TRAP.search(url))


def is_article_sitemap(url: str) -> bool:
    """Not a sitemap of pages, categories, tags, authors, products or attachments."""
    return not _NON_ARTICLE_SITEMAP.search(url)


class LinkFinder(Protocol):
    def categories(self, response: TextResponse) -> list[str]: ...

    def articles(self, response: TextResponse) -> list[str]: ...

    def next_page(self, response: TextResponse) -> str | None: ...

    def feeds(self, response: TextResponse) -> list[str]: ...

    def listing_dates(self, response: TextResponse) -> list[str]: ...

    def is_article_url(self, url: str) -> bool: ...

    def proves_article(self, url: str) -> bool:
        """Whether the URL alone says its page is an article (else the page must)."""
        ...

    def is_feed_article(self, url: str) -> bool:
        """Whether an item of the site's RSS or Atom feed is one of its articles."""
        ...

    def is_listing_url(self, url: str) -> bool:
        """Whether the URL is a listing's (a section, a taxonomy) by its shape."""
        ...

    def is_article_sitemap(self, url: str) -> bool: ...


def hrefs(response: TextResponse, anchors: str | None) -> list[str]:
    """Absolute, tracking-free URLs of the matching ``<a>`` elements, in page order, once each."""
    if not anchors:
        return []
    # Elements give their href; an XPath ending in /@href gives the values themselves.
    found = (anchor if isinstance(anchor, str) else anchor.get("href")
             for anchor in run_query(page_selector(response).root, anchors))
    base = links_base(response)
    urls = (
        link_url(href, base)
        for href in found if href and not href.startswith(("#", "javascript:", "mailto:"))
    )
    return list(dict.fromkeys(filter(None, urls)))


def feed_links(response: TextResponse) -> list[str]:
    """RSS/Atom feeds a page announces with ``<link rel=alternate>``."""
    found = page_selector(response).css(
        "link[rel=alternate][type*=rss]::attr(href), link[rel=alternate][type*=atom]::attr(href)"
    ).getall()
    base = links_base(response)
    return list(dict.fromkeys(filter(None, (link_url(href, base) for href in found))))


class SiteLinks:
    """Links picked by a site definition's CSS selectors."""

    def __init__(self, site: SiteDefinition) -> None:
        self._links = site.links
        self._article_url = re.compile(site.article_urls) if site.article_urls else None

    def categories(self, response: TextResponse) -> list[str]:
        return hrefs(response, self._links.category)

    def articles(self, response: TextResponse) -> list[str]:
        return hrefs(response, self._links.article)

    def next_page(self, response: TextResponse) -> str | None:
        urls = hrefs(response, self._links.pagination)
        return urls[0] if urls else None

    def feeds(self, response: TextResponse) -> list[str]:
        return []  # a definition names its feeds

    def listing_dates(self, response: TextResponse) -> list[str]:
        return page_selector(response).css(self._links.date).getall() if self._links.date else []

    def is_article_url(self, url: str) -> bool:
        return self._article_url is None or bool(self._article_url.search(url))

    def proves_article(self, url: str) -> bool:
        return True  # the definition's selectors chose the link

    def is_feed_article(self, url: str) -> bool:
        return self.is_article_url(url)

    def is_listing_url(self, url: str) -> bool:
        return False  # a definition's pages name their own URLs as it knows them

    def is_article_sitemap(self, url: str) -> bool:
        return is_article_sitemap(url)
